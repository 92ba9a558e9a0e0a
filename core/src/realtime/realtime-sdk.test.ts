/**
 * The official JS SDK's `subscribe()` against the core, unchanged: its requests and its EventSource (the
 * `eventsource` package, as on Node) both go to `app.fetch`, with no network in between.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { EventSource } from 'eventsource'
import PocketBase from 'pocketbase'
import type { App } from '../app.js'
import { fixtureDataDb } from '../records/record-field-resolver.test-util.js'
import { brokerOf, newFixtureApp, su, tokenFor, USER1, USER2 } from './realtime.test-util.js'

const skip = fixtureDataDb() ? undefined : 'fixture not available'

let app: App
const clients: PocketBase[] = []
const appFetch = (url: string | URL | Request, init?: RequestInit) =>
  app.fetch(new Request(url, init), { remoteAddress: '127.0.0.1' })

/** An SDK client whose HTTP requests are answered by the app. */
function sdk(token?: string): PocketBase {
  const pb = new PocketBase('http://localhost')
  pb.autoCancellation(false)
  pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: appFetch } })
  if (token) {
    pb.authStore.save(token, null)
  }
  clients.push(pb)
  return pb
}

/** Resolves with what `condition` returns once it is truthy (polling; fails after `ms`). */
async function until<T>(condition: () => T, ms = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = condition()
    if (v) {
      return v
    }
    if (Date.now() > deadline) {
      assert.fail('condition not met in time')
    }
    await new Promise((r) => setTimeout(r, 10))
  }
}

interface Event {
  action: string
  record: { id: string; title?: string }
}

describe('the JS SDK realtime service on the core', { skip }, () => {
  before(async () => {
    app = (await newFixtureApp())!
    // the SDK creates `new EventSource(url)`; this one fetches through the app
    ;(globalThis as { EventSource?: unknown }).EventSource = class extends EventSource {
      constructor(url: string | URL) {
        super(url, { fetch: appFetch as never })
      }
    }
  })
  after(async () => {
    for (const pb of clients) {
      await pb.realtime.unsubscribe().catch(() => {})
    }
    await app.close()
  })

  test('subscribe, write, receive; unsubscribe stops the events and closes the connection', async () => {
    const pb = sdk()
    const got: Event[] = []
    const unsubscribe = await pb
      .collection('demo2')
      .subscribe<Event['record']>('*', (e) => got.push(e as Event))
    assert.equal(pb.realtime.isConnected, true)
    const broker = brokerOf(app)
    assert.ok(broker.clientById(pb.realtime.clientId))
    await su(app, 'POST', '/api/collections/demo2/records', {
      id: 'sdk000000000001',
      title: 'sdk1',
    })
    await until(() => got.length === 1)
    assert.equal(got[0]!.action, 'create')
    assert.equal(got[0]!.record.title, 'sdk1')
    const clientId = pb.realtime.clientId
    await unsubscribe()
    await su(app, 'PATCH', '/api/collections/demo2/records/sdk000000000001', { title: 'sdk1b' })
    await broker.settled()
    await until(() => broker.clientById(clientId) === undefined)
    assert.equal(got.length, 1)
  })

  test('per-rule filtering for two users, with a record topic and options', async () => {
    const res = await su(app, 'PATCH', '/api/collections/demo3', {
      listRule: `@request.auth.id = "${USER1}"`,
      viewRule: `@request.auth.id = "${USER2}"`,
    })
    assert.equal(res.status, 200, res.text)
    const u1 = sdk(await tokenFor(app, 'users', USER1))
    const u2 = sdk(await tokenFor(app, 'users', USER2))
    const got1: Event[] = []
    const got2: Event[] = []
    const gotPicked: unknown[] = []
    await u1.collection('demo3').subscribe('*', (e) => got1.push(e as Event))
    await u2.collection('demo3').subscribe('*', (e) => got2.push(e as Event))
    await u2.collection('demo3').subscribe('sdkrule00000001', (e) => got2.push(e as Event))
    await u1.collection('demo3').subscribe('*', (e) => gotPicked.push(e), { fields: 'id' })
    await su(app, 'POST', '/api/collections/demo3/records', { id: 'sdkrule00000001', title: 'r1' })
    await su(app, 'POST', '/api/collections/demo3/records', { id: 'sdkrule00000002', title: 'r2' })
    await until(() => got1.length === 2 && got2.length === 1 && gotPicked.length === 2)
    assert.deepEqual(
      got1.map((e) => e.record.id),
      ['sdkrule00000001', 'sdkrule00000002'],
    )
    assert.deepEqual(
      got2.map((e) => e.record.id),
      ['sdkrule00000001'],
      'user2 sees only the viewRule topic',
    )
    assert.deepEqual(gotPicked[0], { action: 'create', record: { id: 'sdkrule00000001' } })
  })

  test('after the server drops the connection the SDK reconnects and resubscribes', async () => {
    const pb = sdk()
    const got: Event[] = []
    let disconnects = 0
    pb.realtime.onDisconnect = () => disconnects++
    await pb.collection('demo2').subscribe('*', (e) => got.push(e as Event))
    const firstId = pb.realtime.clientId
    brokerOf(app).disconnectAll()
    const secondId = await until(() =>
      pb.realtime.isConnected && pb.realtime.clientId !== firstId
        ? pb.realtime.clientId
        : undefined,
    )
    assert.equal(disconnects, 1)
    await until(() => brokerOf(app).clientById(secondId)?.hasSubscription('demo2/*'))
    await su(app, 'POST', '/api/collections/demo2/records', {
      id: 'sdkreconnect001',
      title: 'after reconnect',
    })
    await until(() => got.length === 1)
    assert.equal(got[0]!.record.id, 'sdkreconnect001')
  })
})
