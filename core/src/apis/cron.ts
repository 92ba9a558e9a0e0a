/**
 * @module `/api/crons` (PocketBase `apis/cron.go`): list the scheduled jobs and run one now. Superusers only.
 */
import type { App } from '../app.js'
import { requireSuperuserAuth } from '../auth/auth-middleware.js'
import { notFound } from '../http/api-error.js'

/** Registers the cron routes. */
export function bindCronApi(app: App): void {
  const guard = requireSuperuserAuth()
  app.router.get('/api/crons', guard, (e) => {
    // note: user jobs sorted by id, PocketBase's own `__pb*` jobs last
    const jobs = e.app.cron.jobs().sort((a, b) => {
      const sa = a.id.startsWith('__pb')
      const sb = b.id.startsWith('__pb')
      if (sa !== sb) return sa ? 1 : -1
      return sa ? 0 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
    })
    return e.json(200, jobs.map((j) => ({ id: j.id, expression: j.expression })))
  })
  app.router.post('/api/crons/:id', guard, (e) => {
    const job = e.app.cron.jobs().find((j) => j.id === e.params.id)
    if (!job) {
      throw notFound('Missing or invalid cron job')
    }
    void job.run()
    return e.noContent()
  })
}
