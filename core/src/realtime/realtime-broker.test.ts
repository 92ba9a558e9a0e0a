import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { App } from '../app.js'
import { RealtimeBroker } from './realtime-broker.js'
import { RealtimeClient } from './realtime-client.js'
import { sseFrame } from './sse-frame.js'

const app = { logger: { debug() {}, info() {}, warn() {}, error() {} } } as unknown as App

describe('realtime client', () => {
  test('subscribe skips empty strings, keeps options per string, unsubscribe by string or all', () => {
    const c = new RealtimeClient({ maxMessages: 10, maxBytes: 1000 })
    c.subscribe('a/*', '', 'a/*?options=%7B%22query%22%3A%7B%22x%22%3A%221%22%7D%7D', 'b')
    assert.deepEqual(
      [...c.subscriptions().keys()],
      ['a/*', 'a/*?options=%7B%22query%22%3A%7B%22x%22%3A%221%22%7D%7D', 'b'],
    )
    assert.deepEqual([...c.topics()], ['a/*', 'b'])
    assert.equal(c.subscriptionsOf('a/*')?.size, 2)
    assert.deepEqual(
      c.subscriptionsOf('a/*')?.get('a/*?options=%7B%22query%22%3A%7B%22x%22%3A%221%22%7D%7D')
        ?.query,
      { x: '1' },
    )
    assert.equal(c.hasSubscription('b'), true)
    assert.equal(c.hasSubscription('b?'), false)
    c.unsubscribe('a/*')
    assert.deepEqual([...c.topics()], ['a/*', 'b'])
    c.unsubscribe('a/*?options=%7B%22query%22%3A%7B%22x%22%3A%221%22%7D%7D')
    assert.deepEqual([...c.topics()], ['b'])
    c.unsubscribe()
    assert.equal(c.subscriptions().size, 0)
  })

  test('take() waits for messages, returns them together, and ends with undefined after discard', async () => {
    const c = new RealtimeClient({ maxMessages: 10, maxBytes: 1000 })
    const first = c.take()
    c.send({ name: 'a', data: '1' })
    c.send({ name: 'b', data: '2' })
    assert.deepEqual(await first, [
      { name: 'a', data: '1' },
      { name: 'b', data: '2' },
    ])
    c.send({ name: 'c', data: '3' })
    assert.deepEqual(await c.take(), [{ name: 'c', data: '3' }])
    const pending = c.take()
    c.discard()
    assert.equal(await pending, undefined)
    c.send({ name: 'd', data: '4' })
    assert.equal(c.queued(), 0)
    assert.equal(await c.take(), undefined)
  })

  test('a queue over its message or byte bound reports the overflow and discards the client', () => {
    for (const [limits, sends] of [
      [{ maxMessages: 3, maxBytes: 1e9 }, 4],
      [{ maxMessages: 1e9, maxBytes: 10 }, 3],
    ] as const) {
      const overflowed: string[] = []
      const c = new RealtimeClient(limits, {
        topicChanged() {},
        overflowed: (x) => overflowed.push(x.id),
      })
      for (let i = 0; i < sends; i++) {
        c.send({ name: 'n', data: 'abcd' })
      }
      assert.deepEqual(overflowed, [c.id])
      assert.equal(c.isDiscarded(), true)
      assert.equal(c.isOverflowed(), true)
    }
  })

  test('onDiscard runs once on discard (at once when already discarded); a plain discard is no overflow', () => {
    const c = new RealtimeClient({ maxMessages: 10, maxBytes: 1000 })
    const calls: string[] = []
    c.onDiscard(() => calls.push('before'))
    c.discard()
    c.discard()
    c.onDiscard(() => calls.push('after'))
    assert.deepEqual(calls, ['before', 'after'])
    assert.equal(c.isOverflowed(), false)
  })

  test('a client id is 40 random alphanumeric characters', () => {
    const a = new RealtimeClient({ maxMessages: 1, maxBytes: 1 })
    const b = new RealtimeClient({ maxMessages: 1, maxBytes: 1 })
    assert.match(a.id, /^[a-zA-Z0-9]{40}$/)
    assert.notEqual(a.id, b.id)
  })
})

describe('realtime broker', () => {
  test('the topic index follows registration and (un)subscriptions', () => {
    const broker = new RealtimeBroker(app)
    const a = broker.newClient()
    a.subscribe('posts/*')
    assert.equal(broker.clientsOfTopic('posts/*'), undefined, 'not indexed before registration')
    broker.register(a)
    const b = broker.newClient()
    broker.register(b)
    b.subscribe('posts/*?options=x', 'posts/abc')
    assert.deepEqual([...(broker.clientsOfTopic('posts/*') ?? [])], [a, b])
    assert.deepEqual([...(broker.clientsOfTopic('posts/abc') ?? [])], [b])
    b.unsubscribe()
    assert.deepEqual([...(broker.clientsOfTopic('posts/*') ?? [])], [a])
    broker.unregister(a.id)
    assert.equal(broker.clientsOfTopic('posts/*'), undefined)
    assert.equal(a.isDiscarded(), true)
    assert.equal(broker.clientById(a.id), undefined)
    assert.equal(broker.totalClients(), 1)
  })

  test('registering an id again replaces (and discards) the old client', () => {
    const broker = new RealtimeBroker(app)
    const a = broker.newClient('same')
    const b = broker.newClient('same')
    broker.register(a)
    broker.register(b)
    assert.equal(broker.clientById('same'), b)
    assert.equal(a.isDiscarded(), true)
  })

  test('an overflowing client is unregistered; the others keep their messages', () => {
    const broker = new RealtimeBroker(app, { queue: { maxMessages: 2 } })
    const slow = broker.newClient()
    const fast = broker.newClient()
    broker.register(slow)
    broker.register(fast)
    for (let i = 0; i < 3; i++) {
      slow.send({ name: 'x', data: String(i) })
      fast.send({ name: 'x', data: String(i) })
      if (i < 2) {
        void fast.take()
      }
    }
    assert.equal(broker.clientById(slow.id), undefined)
    assert.equal(broker.clientById(fast.id), fast)
    assert.equal(fast.queued(), 1)
  })

  test('close() ends every client and refuses new ones; disconnectAll() keeps accepting', () => {
    const broker = new RealtimeBroker(app)
    const a = broker.newClient()
    broker.register(a)
    broker.disconnectAll()
    assert.equal(a.isDiscarded(), true)
    const b = broker.newClient()
    broker.register(b)
    assert.equal(broker.totalClients(), 1)
    broker.close()
    assert.equal(b.isDiscarded(), true)
    const c = broker.newClient()
    broker.register(c)
    assert.equal(broker.totalClients(), 0)
    assert.equal(c.isDiscarded(), true)
  })

  test('publish keeps order even when a later event resolves first', async () => {
    const broker = new RealtimeBroker(app)
    const c = broker.newClient()
    broker.register(c)
    let release!: () => void
    const slow = new Promise<void>((r) => (release = r))
    const record = { id: 'r', collection: { name: 'x' } } as never
    broker.publish({
      action: 'create',
      record,
      resolved: slow.then(() => [{ clients: [c], message: { name: 'x', data: '1' } }]),
    })
    broker.publish({
      action: 'update',
      record,
      resolved: Promise.resolve([{ clients: [c], message: { name: 'x', data: '2' } }]),
    })
    await new Promise((r) => setImmediate(r))
    assert.equal(c.queued(), 0)
    release()
    await broker.settled()
    assert.deepEqual(await c.take(), [
      { name: 'x', data: '1' },
      { name: 'x', data: '2' },
    ])
  })
})

test('sseFrame writes PocketBase frames', () => {
  assert.equal(
    sseFrame('cid', { name: 'posts/*?options=%7B%7D', data: '{"a":1}' }),
    'id:cid\nevent:posts/*?options=%7B%7D\ndata:{"a":1}\n\n',
  )
})
