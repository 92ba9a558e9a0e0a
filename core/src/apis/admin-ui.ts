/**
 * @module The admin dashboard at `/_/` and PocketBase's UI-extension routes (`apis/serve.go`,
 * `apis/extensions.go`). The files come from the platform (`Platform.adminAssets`), so every adapter
 * serves the same build.
 */
import type { App } from '../app.js'
import { notFound } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'

/** One file of the admin build. */
export interface AdminAssetFile {
  path: string
  type: string
  size?: number
  /** Content-hashed name: cacheable for long. */
  immutable: boolean
}

/** The built admin UI, as an adapter provides it (see `admin/dist/manifest.json`). */
export interface AdminAssets {
  manifest: { index: string; files: AdminAssetFile[] }
  /** The bytes of a file listed in the manifest. */
  read(path: string): Promise<Uint8Array<ArrayBuffer>>
}

// note: PocketBase's dashboard CSP, so the admin runs under the same policy
const CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' http://127.0.0.1:* https://tile.openstreetmap.org data: blob:; connect-src 'self' http://127.0.0.1:* https://nominatim.openstreetmap.org; script-src 'self' http://127.0.0.1:*; frame-ancestors 'none'"

/** Registers `/_/` (when the platform has admin assets) and `/_/extensions.js`. */
export function bindAdminUi(app: App): void {
  // UI extensions: none are registered by default; the combined script is then empty (as PocketBase)
  app.router.get('/_/extensions.js', () => new Response('', { status: 200, headers: { 'content-type': 'text/javascript' } }))

  const assets = app.platform.adminAssets
  if (!assets) {
    return
  }
  const files = new Map(assets.manifest.files.map((f) => [f.path, f]))
  const serve = async (e: RequestEvent): Promise<Response> => {
    if (e.url.pathname === '/_') {
      return Response.redirect(new URL('/_/' + e.url.search, e.url).toString(), 301)
    }
    let path = (e.params.path ?? '').replace(/^\/+/, '')
    try {
      path = decodeURIComponent(path)
    } catch {
      throw notFound('File not found.')
    }
    if (path === '') {
      path = assets.manifest.index
    }
    const file = files.get(path)
    if (!file) {
      throw notFound('File not found.')
    }
    const headers = new Headers({ 'content-type': file.type, 'content-security-policy': CSP })
    if (file.immutable) {
      headers.set('cache-control', 'max-age=1209600, stale-while-revalidate=86400')
    } else {
      headers.set('cache-control', 'no-cache')
    }
    return new Response(await assets.read(path), { status: 200, headers })
  }
  // note: itty patterns tolerate a trailing slash, so `/_` also matches `/_/`
  app.router.get('/_', serve)
  app.router.get('/_/:path+', serve)
}
