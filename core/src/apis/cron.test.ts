import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { call, FIXTURE_SUPERUSER_TOKEN, newFixtureApp } from '../collections/collection-test-app.test-util.js'
import type { App } from '../app.js'

let app: App | undefined
before(async () => {
  app = await newFixtureApp()
})
after(() => app?.close())

test('GET /api/crons lists user jobs by id, then the system jobs in PocketBase order', async (t) => {
  if (!app) {
    t.skip('the PocketBase fixture pb_data is absent')
    return
  }
  app.cron.add('zeta', '0 1 * * *', () => {})
  app.cron.add('alpha', '0 2 * * *', () => {})
  const res = await call(app, 'GET', '/api/crons', undefined, FIXTURE_SUPERUSER_TOKEN)
  assert.equal(res.status, 200)
  // the reference binary answers its system jobs in this order
  assert.deepEqual(
    (res.json as { id: string }[]).map((j) => j.id),
    ['alpha', 'zeta', '__pbDBOptimize__', '__pbMFACleanup__', '__pbOTPCleanup__', '__pbLogsCleanup__'],
  )
})
