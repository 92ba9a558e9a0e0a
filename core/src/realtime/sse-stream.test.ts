import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { App } from '../app.js'
import type { RequestEvent } from '../http/request-event.js'
import { RealtimeBroker } from './realtime-broker.js'
import type { RealtimeClient } from './realtime-client.js'
import { createSseStream, SSE_PUSH_SOURCE, type SsePushSource } from './sse-stream.js'

const app = { logger: { debug() {}, info() {}, warn() {}, error() {} } } as unknown as App

/** A registered client with a push-mode stream on a sink that is full from its first write. */
function stuckClient(broker: RealtimeBroker) {
  const client = broker.newClient()
  broker.register(client)
  client.send({ name: 'PB_CONNECT', data: '{}' })
  /** The sink's `end(abort)` calls. */
  const sinkEnds: boolean[] = []
  /** The stream's end reasons. */
  const reasons: string[] = []
  let writes = 0
  let drainWaits = 0
  const stream = createSseStream({
    client,
    request: { request: new Request('http://x/api/realtime'), app } as unknown as RequestEvent,
    hooks: broker.hooks,
    idleTimeout: 60_000,
    maxTimeout: 60_000,
    onEnd: (reason) => {
      reasons.push(reason)
      if (broker.clientById(client.id) === client) broker.unregister(client.id)
    },
  })
  const source = (stream as unknown as { [SSE_PUSH_SOURCE]: SsePushSource })[SSE_PUSH_SOURCE]
  const stop = source.attach({
    write: () => {
      writes++
      return false
    },
    // never drains: a peer that stopped reading
    drained: () => {
      drainWaits++
      return new Promise<void>(() => {})
    },
    end: (abort) => sinkEnds.push(abort),
  })
  return { client, sinkEnds, reasons, stop, counts: () => ({ writes, drainWaits }) }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('sse stream push mode', () => {
  test('a client whose sink never drains is dropped at its bound and its sink aborted, while the others get their messages', async () => {
    const broker = new RealtimeBroker(app, { queue: { maxMessages: 3 } })
    const slow = stuckClient(broker)
    const fast = broker.newClient()
    broker.register(fast)
    await tick()
    assert.deepEqual(slow.counts(), { writes: 1, drainWaits: 1 }, 'PB_CONNECT written, then stuck')
    const got: unknown[] = []
    for (let i = 0; i < 4; i++) {
      for (const c of [slow.client, fast] as RealtimeClient[]) {
        c.send({ name: 'x', data: String(i) })
      }
      got.push(...((await fast.take()) ?? []))
    }
    assert.equal(broker.clientById(slow.client.id), undefined)
    assert.equal(slow.client.isOverflowed(), true)
    assert.deepEqual(slow.sinkEnds, [true], 'the sink is cut while its write waits for drain')
    assert.deepEqual(slow.reasons, ['client discarded'])
    assert.equal(got.length, 4)
    assert.equal(broker.clientById(fast.id), fast)
    slow.stop()
    assert.deepEqual([slow.sinkEnds.length, slow.reasons.length], [1, 1], 'ends once')
  })

  test('a client unregistered while stuck ends its sink without abort', async () => {
    const broker = new RealtimeBroker(app)
    const slow = stuckClient(broker)
    await tick()
    broker.unregister(slow.client.id)
    assert.deepEqual(slow.sinkEnds, [false], 'a plain end finishes the response')
    assert.deepEqual(slow.reasons, ['client discarded'])
  })
})
