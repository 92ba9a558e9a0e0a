/**
 * Realtime inside the Service Worker, in Chromium with the browser's own `EventSource`: the page's SSE
 * connection is answered by the worker (`respondWith` with the core's streaming body). Per-user rule
 * filtering across tabs with the official SDK, frames byte-for-byte as PocketBase names them (the SSE
 * id is the client id, the event name the full subscription string), and unsubscribing. (Two tabs
 * sharing events and the reconnect after a worker stop are in `service-worker.test.ts`.)
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import './harness/page-api.js'
import './realtime/realtime-page-api.js'
import { lazyBrowserSession } from './harness/browser-session.js'
import { chromiumSkipReason } from './harness/chromium.js'
import { pageTarget } from './harness/page-target.js'
import { openSwPage } from './harness/sdk-targets.js'
import type { StaticServer } from './harness/static-server.js'
import { STEP_TIMEOUT } from './harness/target.js'
import type { RealtimeEvent } from './realtime/realtime-page-api.js'
import { createRealtimeData, PASSWORD, USERS } from './realtime/realtime-setup.js'

const skip = chromiumSkipReason()
const session = lazyBrowserSession()

after(() => session.close(), { timeout: STEP_TIMEOUT })

/** A tab controlled by the worker, with the realtime page script loaded. */
async function openTab(server: StaticServer): Promise<Page> {
  const page = await openSwPage(await session.get(), server, 'auto')
  await page.addScriptTag({ url: '/realtime-page.js', type: 'module' })
  await page.waitForFunction(() => window.e2eRealtime !== undefined)
  return page
}

/** The events client `name` of `page` received, once there are `count` (polling in the page). */
async function eventsOf(page: Page, name: string, count: number): Promise<RealtimeEvent[]> {
  await page.waitForFunction(
    ([n, c]) => window.e2eRealtime!.events(n as string).length >= (c as number),
    [name, count],
    {
      timeout: 15_000,
    },
  )
  return page.evaluate((n) => window.e2eRealtime!.events(n), name)
}

describe('realtime in the Service Worker (Chromium EventSource)', { skip }, () => {
  let server: StaticServer
  let alice: Page
  let bob: Page
  let guest: Page

  before(
    async () => {
      server = await (await session.get()).newOrigin()
      alice = await openTab(server)
      await createRealtimeData(pageTarget(alice, server.origin, 'global', async () => {}))
      bob = await openTab(server)
      guest = await openTab(server)
      await alice.evaluate(
        ([e, p]) => window.e2eRealtime!.client('a', e, p),
        [USERS.alice.email, PASSWORD],
      )
      await bob.evaluate(
        ([e, p]) => window.e2eRealtime!.client('b', e, p),
        [USERS.bob.email, PASSWORD],
      )
      await guest.evaluate(() => window.e2eRealtime!.client('g'))
    },
    { timeout: STEP_TIMEOUT },
  )
  after(async () => {
    for (const p of [alice, bob, guest]) await p?.close()
  })

  it(
    'each tab gets only the writes its user may see; a guest gets the public ones',
    { timeout: STEP_TIMEOUT },
    async () => {
      await alice.evaluate(() => window.e2eRealtime!.subscribe('a', 'rt_posts', '*'))
      await bob.evaluate(() => window.e2eRealtime!.subscribe('b', 'rt_posts', '*'))
      await guest.evaluate(async () => {
        await window.e2eRealtime!.subscribe('g', 'rt_posts', '*')
        await window.e2eRealtime!.subscribe('g', 'rt_public', '*')
      })
      await alice.evaluate(
        (owner) => window.e2eRealtime!.create('a', 'rt_posts', { title: 'alice 1', owner }),
        USERS.alice.id,
      )
      await bob.evaluate(
        (owner) => window.e2eRealtime!.create('b', 'rt_posts', { title: 'bob 1', owner }),
        USERS.bob.id,
      )
      await guest.evaluate(() =>
        window.e2eRealtime!.create('g', 'rt_public', { title: 'public 1' }),
      )

      const a = await eventsOf(alice, 'a', 1)
      const b = await eventsOf(bob, 'b', 1)
      const g = await eventsOf(guest, 'g', 1)
      // the other tabs' writes were published before the guest's, so nothing else can still arrive
      assert.deepEqual(
        a.map((e) => [e.action, e.record.title]),
        [['create', 'alice 1']],
      )
      assert.deepEqual(
        b.map((e) => [e.action, e.record.title]),
        [['create', 'bob 1']],
      )
      assert.deepEqual(
        g.map((e) => [e.action, e.record.title]),
        [['create', 'public 1']],
      )
    },
  )

  it(
    'frames carry the client id as the SSE id and the full subscription string as the event name',
    { timeout: STEP_TIMEOUT },
    async () => {
      const sub = `rt_public/*?options=${encodeURIComponent(JSON.stringify({ query: { fields: 'title' } }))}`
      const got = await guest.evaluate(async (subscription) => {
        const es = new EventSource('/api/realtime')
        try {
          const connect = await new Promise<MessageEvent>((resolve, reject) => {
            es.addEventListener('PB_CONNECT', (e) => resolve(e as MessageEvent), { once: true })
            es.onerror = () => reject(new Error('EventSource failed'))
          })
          const clientId = connect.lastEventId
          const event = new Promise<MessageEvent>((resolve) =>
            es.addEventListener(subscription, (e) => resolve(e as MessageEvent), { once: true }),
          )
          const res = await fetch('/api/realtime', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clientId, subscriptions: [subscription] }),
          })
          await fetch('/api/collections/rt_public/records', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ title: 'framed' }),
          })
          const e = await event
          return {
            status: res.status,
            clientId,
            connectData: connect.data,
            id: e.lastEventId,
            type: e.type,
            data: e.data,
          }
        } finally {
          es.close()
        }
      }, sub)
      assert.equal(got.status, 204)
      assert.match(got.clientId, /^[A-Za-z0-9]{40}$/)
      assert.equal(got.connectData, `{"clientId":"${got.clientId}"}`)
      assert.equal(got.id, got.clientId)
      assert.equal(got.type, sub)
      assert.equal(got.data, '{"record":{"title":"framed"},"action":"create"}')
    },
  )

  it(
    'after unsubscribing, no more events arrive and the worker forgets the client',
    { timeout: STEP_TIMEOUT },
    async () => {
      const clientId = await alice.evaluate(() => window.e2eRealtime!.state('a').clientId)
      assert.notEqual(clientId, '')
      await alice.evaluate(() => window.e2eRealtime!.unsubscribe('a'))
      assert.deepEqual(await alice.evaluate(() => window.e2eRealtime!.state('a')), {
        clientId: '',
        connected: false,
        disconnects: 1,
      })
      await alice.evaluate(
        (owner) => window.e2eRealtime!.create('a', 'rt_posts', { title: 'alice 2', owner }),
        USERS.alice.id,
      )
      // bob's own write goes through after alice's: once it arrived, alice's would have too
      await bob.evaluate(
        (owner) => window.e2eRealtime!.create('b', 'rt_posts', { title: 'bob 2', owner }),
        USERS.bob.id,
      )
      await eventsOf(bob, 'b', 2)
      assert.equal((await alice.evaluate(() => window.e2eRealtime!.events('a'))).length, 1)
      // the closed EventSource ended the stream in the worker: the client id is gone
      const status = await alice.evaluate(async (id) => {
        for (let i = 0; i < 50; i++) {
          const res = await fetch('/api/realtime', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clientId: id, subscriptions: [] }),
          })
          if (res.status === 404) return 404
          await new Promise((r) => setTimeout(r, 100))
        }
        return 0
      }, clientId)
      assert.equal(status, 404)
    },
  )
})
