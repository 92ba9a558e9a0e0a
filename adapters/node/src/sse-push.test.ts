/**
 * The SSE fast path on the wire: frames written straight to the socket are well-formed HTTP chunks
 * (one per write, in order, then the last chunk when the stream ends), and an HTTP/1.0 client (no
 * chunking) gets the bare frames through the response instead.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createApp, realtimeBroker, type App } from '@isobase/core'
import { createNodeSqliteOpener } from './sqlite/node-sqlite.js'
import { startServer, type RunningServer } from './server.js'

/** A raw connection collecting everything the server sends. */
class RawClient {
  readonly socket: Socket
  data = Buffer.alloc(0)
  closed = false
  #waiters: (() => void)[] = []

  constructor(port: number, request: string) {
    this.socket = connect(port, '127.0.0.1')
    this.socket.on('data', (chunk: Buffer) => {
      this.data = Buffer.concat([this.data, chunk])
      this.#wake()
    })
    this.socket.on('close', () => {
      this.closed = true
      this.#wake()
    })
    this.socket.on('error', () => {})
    this.socket.write(request)
  }

  /** Waits (up to 10 s) until `ready(received text)` is true. */
  async until(ready: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 10_000
    for (;;) {
      const text = this.data.toString('latin1')
      if (ready(text)) return text
      if (this.closed || Date.now() > deadline) assert.fail(`${what}: got ${JSON.stringify(text)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200)
        this.#waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  #wake(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w()
  }
}

/** Splits a chunked body into its chunks' data; `complete` when the last chunk was seen. */
function parseChunked(body: string): { chunks: string[]; complete: boolean } {
  const chunks: string[] = []
  let at = 0
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at)
    if (lineEnd < 0) return { chunks, complete: false }
    const sizeText = body.slice(at, lineEnd)
    assert.match(sizeText, /^[0-9a-f]+$/, `chunk size line at ${at}`)
    const size = parseInt(sizeText, 16)
    if (size === 0) {
      assert.equal(body.slice(lineEnd + 2), '\r\n', 'the last chunk ends the body')
      return { chunks, complete: true }
    }
    const end = lineEnd + 2 + size
    if (body.length < end + 2) return { chunks, complete: false }
    chunks.push(body.slice(lineEnd + 2, end))
    assert.equal(body.slice(end, end + 2), '\r\n', 'CRLF after the chunk data')
    at = end + 2
  }
}

const headEnd = (text: string) => text.indexOf('\r\n\r\n')

describe('SSE frames written straight to the socket', () => {
  let dir: string
  let app: App
  let server: RunningServer
  let port: number

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isobase-sse-push-'))
    app = createApp({ sqlite: createNodeSqliteOpener(dir) })
    server = await startServer(app, '127.0.0.1', 0)
    port = Number(new URL(server.url).port)
  })
  after(async () => {
    await server?.close(0)
    await app?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** The client id from a body that starts with the PB_CONNECT frame. */
  const clientIdOf = (frame: string) => /^id:(\w+)\nevent:PB_CONNECT\n/.exec(frame)?.[1]

  it('HTTP/1.1: one well-formed chunk per write, in order, then the last chunk', async () => {
    const raw = new RawClient(port, 'GET /api/realtime HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    try {
      const bodyChunks = (t: string) => parseChunked(t.slice(headEnd(t) + 4)).chunks
      let text = await raw.until((t) => headEnd(t) >= 0 && bodyChunks(t).length > 0, 'PB_CONNECT')
      const head = text.slice(0, headEnd(text)).toLowerCase()
      assert.match(head, /^http\/1\.1 200/)
      assert.match(head, /\r\ntransfer-encoding: chunked/)
      assert.match(head, /\r\ncontent-type: text\/event-stream/)
      const clientId = clientIdOf(parseChunked(text.slice(headEnd(text) + 4)).chunks[0]!)
      assert.ok(clientId, 'PB_CONNECT frame first')
      const client = realtimeBroker(app)!.clientById(clientId)!

      // a non-ASCII payload: the chunk size counts bytes, not characters
      const messages = [
        { name: 'a', data: '{"n":1}' },
        { name: 'b', data: '{"text":"żółw ✓ 😀"}' },
        { name: 'c', data: `{"long":"${'x'.repeat(70_000)}"}` },
      ]
      for (const m of messages) {
        client.send(m)
        // one message per write: wait for each before sending the next
        await raw.until(
          (t) => bodyChunks(t).join('').includes(`event:${m.name}\n`),
          `message ${m.name}`,
        )
      }
      text = raw.data.toString('utf8')
      const chunks = parseChunked(Buffer.from(raw.data.subarray(headEnd(text) + 4)).toString('latin1'))
      assert.equal(chunks.complete, false)
      const frames = chunks.chunks.slice(1).map((c) => Buffer.from(c, 'latin1').toString('utf8'))
      assert.deepEqual(
        frames,
        messages.map((m) => `id:${clientId}\nevent:${m.name}\ndata:${m.data}\n\n`),
      )

      // the stream ends cleanly: the response's last chunk follows the frames on the same socket
      realtimeBroker(app)!.unregister(clientId)
      const end = await raw.until(
        (t) => parseChunked(t.slice(headEnd(t) + 4)).complete,
        'the last chunk',
      )
      assert.equal(parseChunked(end.slice(headEnd(end) + 4)).chunks.length, messages.length + 1)
    } finally {
      raw.socket.destroy()
    }
  })

  it('HTTP/1.0: no chunking, the bare frames, and the connection closes at the end', async () => {
    const raw = new RawClient(port, 'GET /api/realtime HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n')
    try {
      const text = await raw.until(
        (t) => headEnd(t) >= 0 && t.includes('\n\n', headEnd(t) + 4),
        'PB_CONNECT',
      )
      assert.doesNotMatch(text.slice(0, headEnd(text)).toLowerCase(), /transfer-encoding/)
      const clientId = clientIdOf(text.slice(headEnd(text) + 4))
      assert.ok(clientId, 'PB_CONNECT frame first, unframed')
      realtimeBroker(app)!.clientById(clientId)!.send({ name: 'x', data: '{"ok":true}' })
      const frame = `id:${clientId}\nevent:x\ndata:{"ok":true}\n\n`
      await raw.until((t) => t.endsWith(frame), 'the frame')
      realtimeBroker(app)!.unregister(clientId)
      await raw.until(() => raw.closed, 'the close')
    } finally {
      raw.socket.destroy()
    }
  })
})
