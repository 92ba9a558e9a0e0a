import { writeSync } from 'node:fs'
import { connect, type Socket } from 'node:net'

/** A request exactly as it goes on the wire. */
export interface RawRequest {
  method: string
  /** The request-target, sent as is (no URL parsing, so `'` stays `'`). */
  target: string
  headers: Array<[string, string]>
  body: Uint8Array | null
}

/** What came back: the status, headers and every (de-chunked) body byte that arrived. */
export interface RawResponse {
  status: number
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>
  body: Buffer
  /** True when `abortAfterMs` cut the response short (SSE-style scenarios). */
  aborted: boolean
}

export interface SendOptions {
  host: string
  port: number
  /**
   * Go's `Timeout`: stop reading this long after the response head arrived and keep what came.
   * Go's clock runs inside the handler; counting from the head (not from sending) keeps
   * connection set-up on a busy machine out of that budget.
   */
  abortAfterMs?: number
  /** A safety net for hung servers; the request fails with an error after this long. */
  timeoutMs?: number
}

const CHUNK = 64 * 1024

/** Incremental HTTP/1.1 response parser (status line, headers, length/chunked/close framing). */
class ResponseParser {
  status = 0
  headers: Record<string, string> = {}
  private buf: Buffer = Buffer.alloc(0)
  private headDone = false
  private framing: 'none' | 'length' | 'chunked' | 'close' = 'close'
  private remaining = 0
  private readonly bodyParts: Buffer[] = []
  complete = false

  constructor(private readonly isHead: boolean) {}

  get body(): Buffer {
    return Buffer.concat(this.bodyParts)
  }

  get hasHead(): boolean {
    return this.headDone
  }

  push(data: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data
    this.advance()
  }

  /** The connection closed: a close-delimited body is now complete. */
  end(): void {
    if (this.headDone && this.framing === 'close') {
      this.bodyParts.push(this.buf)
      this.buf = Buffer.alloc(0)
      this.complete = true
    }
  }

  private advance(): void {
    for (;;) {
      if (this.complete) return
      if (!this.headDone) {
        const end = this.buf.indexOf('\r\n\r\n')
        if (end === -1) return
        const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n')
        this.buf = this.buf.subarray(end + 4)
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
        if (!m) throw new Error(`bad status line: ${JSON.stringify(lines[0])}`)
        const status = Number(m[1])
        if (status >= 100 && status < 200 && status !== 101) continue // interim response
        this.status = status
        for (const line of lines.slice(1)) {
          const i = line.indexOf(':')
          if (i <= 0) continue
          const k = line.slice(0, i).trim().toLowerCase()
          const v = line.slice(i + 1).trim()
          this.headers[k] = k in this.headers ? `${this.headers[k]}, ${v}` : v
        }
        this.headDone = true
        const te = this.headers['transfer-encoding']?.toLowerCase() ?? ''
        if (this.isHead || status === 204 || status === 304) {
          this.framing = 'none'
          this.complete = true
          return
        } else if (te.includes('chunked')) {
          this.framing = 'chunked'
          this.remaining = -1
        } else if (this.headers['content-length'] !== undefined) {
          this.framing = 'length'
          this.remaining = Number(this.headers['content-length'])
        } else {
          this.framing = 'close'
        }
        continue
      }
      if (this.framing === 'length') {
        const take = this.buf.subarray(0, this.remaining)
        this.bodyParts.push(take)
        this.remaining -= take.length
        this.buf = this.buf.subarray(take.length)
        if (this.remaining === 0) this.complete = true
        return
      }
      if (this.framing === 'chunked') {
        if (this.remaining === -1) {
          const eol = this.buf.indexOf('\r\n')
          if (eol === -1) return
          const size = parseInt(this.buf.subarray(0, eol).toString('latin1').split(';')[0]!, 16)
          if (Number.isNaN(size)) throw new Error('bad chunk size')
          this.buf = this.buf.subarray(eol + 2)
          if (size === 0) {
            // note: trailers are not used by PocketBase; the terminating CRLF ends the message
            this.complete = true
            return
          }
          this.remaining = size
        }
        if (this.buf.length < this.remaining + 2) {
          // stream partial chunk data (SSE) but keep the framing intact
          const take = this.buf.subarray(0, Math.min(this.buf.length, this.remaining))
          this.bodyParts.push(take)
          this.remaining -= take.length
          this.buf = this.buf.subarray(take.length)
          if (this.remaining > 0) return
        } else {
          this.bodyParts.push(this.buf.subarray(0, this.remaining))
          this.buf = this.buf.subarray(this.remaining)
          this.remaining = 0
        }
        if (this.buf.length < 2) return
        this.buf = this.buf.subarray(2) // CRLF after the chunk
        this.remaining = -1
        continue
      }
      return // 'close' framing: the body is taken at end()
    }
  }
}

/**
 * Sends one request over a raw TCP socket and collects the response. The request bytes are
 * exactly `req` plus `Connection: close` (one connection per request). A large body is written
 * in chunks; if the server answers before it has read everything (e.g. 413, or an early 400) the
 * writing stops and the answer is still read: a reset on the write side never hides a response
 * that arrived (see `writeLargeBody`).
 */
export function sendRawRequest(req: RawRequest, opts: SendOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const parser = new ResponseParser(req.method.toUpperCase() === 'HEAD')
    const socket = connect({ host: opts.host, port: opts.port })
    let settled = false
    let writeError: Error | undefined

    const done = (err: Error | undefined, aborted = false) => {
      if (settled) return
      settled = true
      clearTimeout(safetyTimer)
      clearTimeout(abortTimer)
      socket.destroy()
      if (err) reject(err)
      else resolve({ status: parser.status, headers: parser.headers, body: parser.body, aborted })
    }
    const safetyTimeout = opts.timeoutMs ?? 30000
    const safetyTimer = setTimeout(
      () => done(new Error(`request timed out after ${safetyTimeout}ms`)),
      safetyTimeout,
    )
    let abortTimer: NodeJS.Timeout | undefined

    socket.on('data', (data: Buffer) => {
      const hadHead = parser.hasHead
      try {
        parser.push(data)
      } catch (err) {
        return done(err as Error)
      }
      if (parser.complete) return done(undefined)
      if (!hadHead && parser.hasHead && opts.abortAfterMs !== undefined) {
        abortTimer = setTimeout(() => done(undefined, true), opts.abortAfterMs)
      }
    })
    socket.on('error', (err) => {
      // note: EPIPE/ECONNRESET while writing is expected when the server answers early;
      // whatever response arrived is still in our receive buffer, so wait for 'close'
      writeError ??= err
    })
    socket.on('close', () => {
      parser.end()
      if (parser.complete) return done(undefined)
      done(writeError ?? new Error('connection closed before the response was complete'))
    })
    socket.on('connect', async () => {
      let head = `${req.method} ${req.target} HTTP/1.1\r\n`
      for (const [k, v] of req.headers) head += `${k}: ${v}\r\n`
      head += 'Connection: close\r\n\r\n'
      const bytes = Buffer.concat([Buffer.from(head, 'utf8'), req.body ?? new Uint8Array(0)])
      // small requests go out in one write, so the wire bytes are easy to reason about
      if (bytes.length <= CHUNK) {
        socket.write(bytes)
        return
      }
      const err = await writeLargeBody(socket, bytes, () => settled || parser.hasHead)
      if (err) writeError ??= err
    })
  })
}

/**
 * Writes a large request straight to the socket's file descriptor, a chunk per event-loop turn,
 * and stops as soon as `stop()` says the server has answered.
 *
 * Why not `socket.write`: a server may answer early (413, or 400 after reading a few bytes) and
 * reset the connection right after its answer. node destroys a socket on any write error,
 * dropping the answer that is already in the kernel's receive buffer. A failed `write(2)` on the
 * descriptor only returns an error; the socket keeps reading, as curl does.
 */
async function writeLargeBody(
  socket: Socket,
  bytes: Buffer,
  stop: () => boolean,
): Promise<Error | undefined> {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd
  if (typeof fd !== 'number' || fd < 0) {
    socket.write(bytes) // not a plain fd (non-Unix): best effort
    return undefined
  }
  let off = 0
  while (off < bytes.length) {
    if (stop()) return undefined
    try {
      off += writeSync(fd, bytes, off, Math.min(CHUNK, bytes.length - off))
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') return err as Error
      await new Promise((r) => setTimeout(r, 1))
      continue
    }
    // yield to the poll phase so an early answer is read before the next chunk
    await new Promise<void>((r) => setImmediate(r))
  }
  return undefined
}
