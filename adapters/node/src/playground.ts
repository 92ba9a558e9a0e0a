/**
 * @module The playground at `/_/playground/`: the static site built by `@isobase/service-worker`
 * (`dist/playground/`), in which a visitor gets a full Isobase running in their own tab (a Service
 * Worker scoped to `/_/playground/` answers its API and dashboard). The server only hands out files.
 */
import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, extname, join, normalize, sep } from 'node:path'
import type { App, RequestEvent } from '@isobase/core'

const MOUNT = '/_/playground/'
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
}

/** The built playground directory, or `undefined` when `@isobase/service-worker` was not built. */
export function playgroundDir(): string | undefined {
  try {
    const index = createRequire(import.meta.url).resolve('@isobase/service-worker/playground/index.html')
    return existsSync(index) ? dirname(index) : undefined
  } catch {
    return undefined
  }
}

/** Serves the playground under `/_/playground/` (a no-op when it is not built). */
export function bindPlayground(app: App, dir = playgroundDir()): void {
  if (!dir) {
    return
  }
  const root = normalize(dir + sep)
  app.onRequest.bind({
    id: '__isobasePlayground__',
    func: async (e: RequestEvent) => {
      const path = e.url.pathname
      const method = e.request.method
      if ((method !== 'GET' && method !== 'HEAD') || !(path === '/_/playground' || path.startsWith(MOUNT))) {
        return e.next()
      }
      if (path === '/_/playground') {
        e.response = new Response(null, { status: 301, headers: { location: MOUNT + e.url.search } })
        return
      }
      let rel: string
      try {
        rel = decodeURIComponent(path.slice(MOUNT.length)) || 'index.html'
      } catch {
        return e.next()
      }
      const file = normalize(join(root, rel))
      if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
        return e.next()
      }
      const body = await readFile(file)
      e.response = new Response(method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-length': String(body.length),
          // note: revalidated, so a new build (and a new Service Worker) is picked up at once
          'cache-control': 'no-cache',
        },
      })
    },
  })
}
