import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createEventSourceClass } from './event-source.js'

const enc = new TextEncoder()

/** A fetch answering with scripted SSE streams, one per connection. */
function scriptedFetch(answers: (() => Response)[]) {
  const requests: Request[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    requests.push(req)
    const next = answers.shift()
    if (!next) {
      throw new TypeError('no more answers')
    }
    return next()
  }
  return { fetch, requests }
}

function sse(text: string, keepOpen = false): () => Response {
  return () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(enc.encode(text))
          if (!keepOpen) {
            c.close()
          }
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    )
}

function next(target: EventTarget, type: string): Promise<Event> {
  return new Promise((resolve) => target.addEventListener(type, resolve, { once: true }))
}

describe('createEventSourceClass', () => {
  it('opens, delivers named events with lastEventId and origin', async () => {
    const { fetch, requests } = scriptedFetch([sse('id:c1\nevent:PB_CONNECT\ndata:{"clientId":"c1"}\n\n', true)])
    const ES = createEventSourceClass(fetch, { base: 'http://x/' })
    const es = new ES('/api/realtime')
    assert.equal(es.readyState, ES.CONNECTING)
    const opened = next(es, 'open')
    const connect = next(es, 'PB_CONNECT')
    await opened
    assert.equal(es.readyState, ES.OPEN)
    const ev = (await connect) as MessageEvent
    assert.equal(ev.data, '{"clientId":"c1"}')
    assert.equal(ev.lastEventId, 'c1')
    assert.equal(ev.origin, 'http://x')
    assert.equal(es.url, 'http://x/api/realtime')
    assert.equal(requests[0]!.headers.get('accept'), 'text/event-stream')
    es.close()
    assert.equal(es.readyState, ES.CLOSED)
  })

  it('onmessage/onerror handlers; reconnects with Last-Event-ID after the stream ends', async () => {
    const { fetch, requests } = scriptedFetch([sse('id:7\ndata:one\n\nretry:5\n'), sse('data:two\n\n', true)])
    const ES = createEventSourceClass(fetch, { base: 'http://x/' })
    const es = new ES('http://x/s')
    const got: string[] = []
    let errors = 0
    const done = new Promise<void>((resolve) => {
      es.onmessage = (ev) => {
        got.push((ev as MessageEvent).data as string)
        if (got.length === 2) {
          resolve()
        }
      }
    })
    es.onerror = () => {
      errors++
    }
    await done
    assert.deepEqual(got, ['one', 'two'])
    assert.equal(errors, 1)
    assert.equal(requests[1]!.headers.get('last-event-id'), '7')
    es.close()
  })

  it('fails (CLOSED, no reconnect) on a non-event-stream answer', async () => {
    const { fetch, requests } = scriptedFetch([() => new Response('{}', { status: 404 })])
    const ES = createEventSourceClass(fetch, { base: 'http://x/' })
    const es = new ES('/nope')
    await next(es, 'error')
    assert.equal(es.readyState, ES.CLOSED)
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(requests.length, 1)
  })

  it('close() from an error listener stops reconnecting (what the SDK does)', async () => {
    const { fetch, requests } = scriptedFetch([sse('data:x\n\n'), sse('data:y\n\n')])
    const ES = createEventSourceClass(fetch, { base: 'http://x/', retry: 1 })
    const es = new ES('/s')
    es.onerror = () => es.close()
    await next(es, 'error')
    await new Promise((r) => setTimeout(r, 30))
    assert.equal(requests.length, 1)
    assert.equal(es.readyState, ES.CLOSED)
  })

  it('close() cancels the open stream', async () => {
    let cancelled = false
    const fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(enc.encode('data:a\n\n'))
          },
          cancel() {
            cancelled = true
          },
        }),
        { headers: { 'content-type': 'text/event-stream; charset=utf-8' } },
      )
    const ES = createEventSourceClass(fetch, { base: 'http://x/' })
    const es = new ES('/s')
    await next(es, 'message')
    es.close()
    await new Promise((r) => setTimeout(r, 10))
    assert.equal(cancelled, true)
  })
})
