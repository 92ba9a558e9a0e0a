/**
 * @module `GET /api/health` (PocketBase `apis/health.go`).
 */
import type { App } from '../app.js'
import { isBackupActive } from '../backups/active-backup.js'

/** Registers the health route. */
export function bindHealthApi(app: App): void {
  app.router.get('/api/health', (e) => {
    const data: Record<string, unknown> = {}
    if (e.hasSuperuserAuth()) {
      // note: only superusers see these details, as in PocketBase
      data.canBackup = !isBackupActive(e.app)
      data.realIP = e.remoteIP()
      data.possibleProxyHeader = possibleProxyHeader(e.request.headers)
    }
    return e.json(200, { message: 'API is healthy.', code: 200, data })
  })
}

const PROXY_HEADERS = ['CF-Connecting-IP', 'Fly-Client-IP', 'X-Real-IP', 'X-Forwarded-For']

/** The first well-known proxy header present (a hint for configuring trusted proxies). */
function possibleProxyHeader(headers: Headers): string {
  return PROXY_HEADERS.find((h) => headers.has(h)) ?? ''
}
