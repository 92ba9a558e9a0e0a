/**
 * @module A tiny static file server on 127.0.0.1 for the browser bundles and test pages.
 */
import { createReadStream, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
}

/** A running static server. */
export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly origin: string
  /** How many requests reached the server per path (to tell SW-answered requests from network ones). */
  readonly hits: Map<string, number>
  /** While true, every request is cut (socket destroyed): the browser sees a network error. */
  offline: boolean
  close(): Promise<void>
}

/**
 * Serves `mounts` (URL prefix ending in `/` → directory); the longest matching prefix wins. Anything
 * else is a plain 404, so a request the Service Worker should have answered is easy to spot.
 */
export async function startStaticServer(mounts: Record<string, string>): Promise<StaticServer> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length)
  const hits = new Map<string, number>()
  const state = { offline: false }
  const server: Server = createServer((req, res) => {
    if (state.offline) {
      req.socket.destroy()
      return
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname
    hits.set(path, (hits.get(path) ?? 0) + 1)
    const prefix = prefixes.find((p) => path.startsWith(p))
    const file =
      prefix === undefined ? undefined : resolveFile(mounts[prefix]!, path.slice(prefix.length))
    if (!file || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    get offline() {
      return state.offline
    },
    set offline(value: boolean) {
      state.offline = value
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function resolveFile(dir: string, rel: string): string | undefined {
  const file = normalize(join(dir, rel === '' ? 'index.html' : rel))
  if (!file.startsWith(normalize(dir + sep))) {
    return undefined
  }
  try {
    return statSync(file).isFile() ? file : undefined
  } catch {
    return undefined
  }
}
