import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { portToStream, streamToPort } from './stream-port.js'

const enc = new TextEncoder()
const dec = new TextDecoder()

describe('streamToPort / portToStream', () => {
  it('carries chunks in order and ends', async () => {
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode('a'))
        c.enqueue(enc.encode('bc'))
        c.close()
      },
    })
    const text = await new Response(portToStream(streamToPort(source))).text()
    assert.equal(text, 'abc')
  })

  it('passes a source error to the reader', async () => {
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode('a'))
        c.error(new Error('boom'))
      },
    })
    await assert.rejects(new Response(portToStream(streamToPort(source))).text(), /boom/)
  })

  it('cancels the source when the reader cancels', async () => {
    let cancelled: (reason: unknown) => void = () => {}
    const gotCancel = new Promise((resolve) => (cancelled = resolve))
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c
      },
      cancel(reason) {
        cancelled(reason ?? 'cancelled')
      },
    })
    const reader = portToStream(streamToPort(source)).getReader()
    controller.enqueue(enc.encode('first'))
    const first = await reader.read()
    assert.equal(dec.decode(first.value), 'first')
    await reader.cancel()
    await gotCancel
  })
})
