/**
 * @module `GET /api/health` (PocketBase `apis/health.go`).
 */
import type { App } from '../app.js'

/** Registers the health route. */
export function bindHealthApi(app: App): void {
  app.router.get('/api/health', (e) => {
    // note: superusers get {canBackup, realIP, possibleProxyHeader}; wired in once auth lands
    return e.json(200, { message: 'API is healthy.', code: 200, data: {} })
  })
}
