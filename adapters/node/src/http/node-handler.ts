/**
 * @module The Node request bridge: `node:http` request → web `Request` → `app.fetch` → socket.
 *
 * Written for the hot path (it replaced `@whatwg-node/server`, measured with `npm run bench --
 * pocketbase`): requests without a body get a bare `Request` (no body stream, no abort signal: on
 * Node 20 each costs tens of µs), small bodies (a Content-Length up to 1 MiB: JSON, forms) are read
 * first and handed over as bytes, larger or chunked ones stream in through `Readable.toWeb`, and a
 * {@link TextResponse}
 * (every JSON answer) is written with one `end()` and a Content-Length. Other bodies are pumped from
 * their stream with backpressure and cancelled when the client goes away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { App } from '@isobase/core'
import { TextResponse } from './text-response.js'

/** Handles one request; never rejects (a failure to write ends the socket). */
export function handleNodeRequest(app: App, req: IncomingMessage, res: ServerResponse): void {
  const length = bufferedLength(req)
  if (length === undefined) {
    dispatch(app, req, res, undefined)
    return
  }
  readBody(req).then(
    (bytes) => dispatch(app, req, res, bytes),
    () => res.destroy(), // the client went away mid-body
  )
}

function dispatch(app: App, req: IncomingMessage, res: ServerResponse, bytes: Buffer | undefined): void {
  let request: Request
  try {
    request = toWebRequest(req, res, bytes)
  } catch (err) {
    // e.g. a URL the WHATWG parser refuses: answer like Go's server does for a bad request line
    app.logger.debug('bad request', { error: String(err) })
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
    res.end('400 Bad Request')
    return
  }
  app.fetch(request, { remoteAddress: req.socket.remoteAddress }).then(
    (response) => writeResponse(response, res),
    (err: unknown) => {
      // note: app.fetch never rejects by contract; this is a last resort
      app.logger.error('request failed', { error: String(err) })
      res.destroy()
    },
  )
}

/** Bodies up to this size (by Content-Length) are read before dispatch and passed as bytes. */
const BUFFERED_BODY_MAX = 1 << 20

/** The Content-Length of a body to read up front, or undefined (no body, chunked, or large). */
function bufferedLength(req: IncomingMessage): number | undefined {
  if (req.headers['transfer-encoding'] !== undefined || !mayHaveBody(req)) {
    return undefined
  }
  const length = Number(req.headers['content-length'] ?? 0)
  return length > 0 && length <= BUFFERED_BODY_MAX ? length : undefined
}

/** Reads a whole (small) body; rejects when the connection closes first. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.length
    })
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)))
    req.once('error', reject)
    req.once('close', () => {
      if (!req.complete) reject(new Error('request body cut short'))
    })
  })
}

/**
 * The web Request for a Node request (`http://<host><url>`, as Go's server sees it); `bytes` is the
 * body when it was read up front.
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse, bytes?: Buffer): Request {
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`
  const url = `http://${host}${req.url ?? '/'}`
  const method = req.method ?? 'GET'
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    headers.append(raw[i]!, raw[i + 1]!)
  }
  if (bytes !== undefined) {
    return new Request(url, { method, headers, body: bytes })
  }
  if (!hasBody(req)) {
    return new Request(url, { method, headers })
  }
  // note: a body that may take long to arrive (uploads) gets an abort signal, so a client that goes
  // away fails the read instead of leaving it hanging
  const abort = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) abort.abort()
  })
  return new Request(url, {
    method,
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: 'half',
    signal: abort.signal,
  } as RequestInit)
}

/** GET and HEAD bodies are ignored (a web Request cannot carry one; Node drains it). */
function mayHaveBody(req: IncomingMessage): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD'
}

/** Whether the request carries a body (HTTP/1.1 framing: a non-zero Content-Length or chunks). */
function hasBody(req: IncomingMessage): boolean {
  if (!mayHaveBody(req)) {
    return false
  }
  if (req.headers['transfer-encoding'] !== undefined) {
    return true
  }
  const length = req.headers['content-length']
  return length !== undefined && length !== '0'
}

/** Writes status, headers and body; streams honour backpressure and stop when the client leaves. */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    return
  }
  res.statusCode = response.status
  if (response.statusText !== '') {
    res.statusMessage = response.statusText
  }
  // note: setHeaders keeps several Set-Cookie headers apart
  res.setHeaders(response.headers)
  if (response instanceof TextResponse) {
    const text = response.pendingText
    if (text !== undefined) {
      if (!res.hasHeader('content-length')) {
        res.setHeader('content-length', Buffer.byteLength(text))
      }
      res.end(text)
      return
    }
  }
  const body = response.body
  if (body === null) {
    res.end()
    return
  }
  const reader = body.getReader()
  const onClose = () => void reader.cancel().catch(() => {})
  res.once('close', onClose)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || res.destroyed) {
        break
      }
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go)
            res.off('close', go)
            resolve()
          }
          res.once('drain', go).once('close', go)
        })
      }
    }
    res.end()
  } catch {
    // the body stream failed mid-way: the client cannot be told any more, cut the connection
    res.destroy()
  } finally {
    res.off('close', onClose)
  }
}
