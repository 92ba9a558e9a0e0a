/**
 * @module A tiny loopback server for the e2e tests: serves the built dashboard (admin/dist/) at `/_/`
 * from its manifest, and forwards every other request (the API, realtime, files) to the backend.
 */
import { readFileSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

const DIST = fileURLToPath(new URL('../dist/', import.meta.url))

interface Manifest {
  index: string
  files: { path: string; type: string; immutable: boolean }[]
}

/** A running dashboard server. */
export interface AdminServer {
  readonly origin: string
  close(): Promise<void>
}

/** Starts the dashboard server on 127.0.0.1 (random port) in front of `apiOrigin`. */
export async function startAdminServer(apiOrigin: string): Promise<AdminServer> {
  const manifest = JSON.parse(readFileSync(`${DIST}manifest.json`, 'utf8')) as Manifest
  const files = new Map(manifest.files.map((f) => [f.path, f]))
  const api = new URL(apiOrigin)

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/_') {
      res.writeHead(301, { Location: '/_/' }).end()
      return
    }
    if (url.pathname.startsWith('/_/')) {
      const rel = url.pathname.slice(3) || manifest.index
      const file = files.get(rel)
      if (!file) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
        return
      }
      res.writeHead(200, {
        'Content-Type': file.type,
        'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      })
      res.end(readFileSync(DIST + file.path))
      return
    }
    const upstream = httpRequest(
      {
        host: api.hostname,
        port: api.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: api.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', (err) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'text/plain' })
      }
      res.end(String(err))
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
