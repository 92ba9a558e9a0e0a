/**
 * @module The Node HTTP server: `node:http` around `app.fetch` (see `http/node-handler.ts`).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { realtimeBroker, type App } from '@isobase/core'
import { handleNodeRequest } from './http/node-handler.js'
import { isRealtimeConnect, serveRealtimeConnect } from './sse-push.js'

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8090`. */
  readonly url: string
  readonly server: Server
  /**
   * Stops accepting connections, ends the realtime (SSE) streams cleanly, lets in-flight requests
   * finish (other long-lived streams are cut after `graceMs`), then resolves. Does not close the app.
   */
  close(graceMs?: number): Promise<void>
}

/** Thrown when the server cannot listen; the message is one line, like PocketBase's. */
export class ListenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ListenError'
  }
}

/** Go's `http.DefaultMaxHeaderBytes` plus the 4 KiB its reader allows on top. */
const GO_MAX_HEADER_BYTES = (1 << 20) + 4096

/** Starts listening on `host:port` (port 0 picks a free one) and serves `app`. */
export async function startServer(app: App, host: string, port: number): Promise<RunningServer> {
  // note: Go's net/http accepts a request line and headers up to 1 MiB (+4 KiB), so PocketBase answers
  // long filter URLs itself (400 past 3500 characters); Node's default 16 KiB would refuse them with 431
  const server = createServer({ maxHeaderSize: GO_MAX_HEADER_BYTES }, (req, res) => {
    // note: realtime streams skip the web-stream plumbing and write their frames to the socket
    if (isRealtimeConnect(req)) {
      serveRealtimeConnect(app, req, res).catch((err: unknown) => {
        app.logger.error('realtime connection failed', { error: String(err) })
        res.destroy()
      })
      return
    }
    handleNodeRequest(app, req, res)
  })
  // note: PocketBase's defaults: no read timeout on bodies, long idle keep-alive; SSE must not be cut
  server.requestTimeout = 0
  server.headersTimeout = 60_000
  server.keepAliveTimeout = 120_000

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(new ListenError(listenErrorMessage(err, host, port), { cause: err }))
    }
    const onListening = () => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })

  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${shownHost}:${address.port}`,
    server,
    close: (graceMs = 5_000) => {
      // note: SSE streams never end on their own; ending them lets the graceful close finish at once
      realtimeBroker(app)?.disconnectAll()
      return closeServer(server, graceMs)
    },
  }
}

function listenErrorMessage(err: NodeJS.ErrnoException, host: string, port: number): string {
  const addr = `${host}:${port}`
  switch (err.code) {
    case 'EADDRINUSE':
      return `listen tcp ${addr}: bind: address already in use`
    case 'EACCES':
      return `listen tcp ${addr}: bind: permission denied`
    case 'EADDRNOTAVAIL':
      return `listen tcp ${addr}: bind: cannot assign requested address`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `listen tcp ${addr}: lookup ${host}: no such host`
    default:
      return `listen tcp ${addr}: ${err.message}`
  }
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs)
    timer.unref()
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeIdleConnections()
  })
}
