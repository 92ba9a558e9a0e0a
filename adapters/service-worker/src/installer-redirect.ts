/**
 * @module The first-run installer for a backend in the browser. On a server, `serve` prints the
 * dashboard's installer link (`/_/#/pbinstall/<token>`) to the console; a Service Worker has no
 * console its user sees, and the user of the browser owns the local data anyway. So while no
 * superuser exists, opening the dashboard lands on the installer page that creates the first one.
 */
import { installerURL, type App, type RequestEvent } from '@isobase/core'

/** Query parameter marking the redirected request, so the installer page itself is not redirected. */
const MARK = 'installer'

/**
 * Binds an `onRequest` handler: `GET /_/` with no superuser yet answers `302` to
 * `/_/?installer#/pbinstall/<token>` (relative, so it works under any scope).
 */
export function bindInstallerRedirect(app: App): void {
  app.onRequest.bind({
    id: '__isobaseInstallerRedirect__',
    func: async (e: RequestEvent) => {
      const url = e.url
      if (e.request.method !== 'GET' || url.pathname !== '/_/' || url.searchParams.has(MARK)) {
        return e.next()
      }
      const link = await installerURL(app, '').catch(() => undefined)
      if (!link) {
        return e.next()
      }
      const hash = link.slice(link.indexOf('#'))
      e.response = new Response(null, {
        status: 302,
        headers: { location: `./?${MARK}${hash}`, 'cache-control': 'no-store' },
      })
    },
  })
}
