/**
 * Realtime on the Node server over real HTTP: the official SDK with the `eventsource` package as its
 * `EventSource` (what SDK users on Node do), subscribing, receiving writes filtered per user by the
 * collection rule, unsubscribing, reconnecting after the server dropped the stream, and the server's
 * graceful close ending open SSE streams cleanly.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect as netConnect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createApp, realtimeBroker, type App } from '@isobase/core'
import { createNodeSqliteOpener, startServer, type RunningServer } from '@isobase/node'
import { EventSource } from 'eventsource'
import PocketBase from 'pocketbase'
import { STEP_TIMEOUT, type Target } from './harness/target.js'
import { createRealtimeData, PASSWORD, superuserToken, USERS } from './realtime/realtime-setup.js'
import { bindE2eRoutes } from './routes/e2e-routes.js'

interface Started {
  app: App
  server: RunningServer
  target: Target
  stop(): Promise<void>
}

async function startNode(): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-e2e-realtime-'))
  const app = createApp({ sqlite: createNodeSqliteOpener(dir) })
  bindE2eRoutes(app)
  const server = await startServer(app, '127.0.0.1', 0)
  const target: Target = {
    url: server.url,
    fetch: (r) => fetch(r),
    [Symbol.asyncDispose]: async () => {},
  }
  return {
    app,
    server,
    target,
    async stop() {
      await server.close(0)
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Resolves with `condition()` once truthy (polling; fails after `ms`). */
async function until<T>(condition: () => T, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = condition()
    if (v) return v
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** `promise`, or a failure naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

interface Got {
  action: string
  record: { id: string; title: string }
}

describe('realtime on the Node server (SDK + eventsource)', () => {
  let node: Started
  const sdks: PocketBase[] = []
  const sdk = async (email?: string) => {
    const pb = new PocketBase(node.server.url)
    pb.autoCancellation(false)
    if (email) await pb.collection('rt_users').authWithPassword(email, PASSWORD)
    sdks.push(pb)
    return pb
  }

  before(
    async () => {
      ;(globalThis as { EventSource?: unknown }).EventSource = EventSource
      node = await startNode()
      await createRealtimeData(node.target)
    },
    { timeout: STEP_TIMEOUT },
  )
  after(
    async () => {
      for (const pb of sdks) await pb.realtime.unsubscribe().catch(() => {})
      await node?.stop()
    },
    { timeout: STEP_TIMEOUT },
  )

  it(
    'each user receives only the writes their rule lets them see; a guest gets the public ones',
    { timeout: STEP_TIMEOUT },
    async () => {
      const alice = await sdk(USERS.alice.email)
      const bob = await sdk(USERS.bob.email)
      const guest = await sdk()
      const got: Record<string, Got[]> = { alice: [], bob: [], guest: [] }
      await alice.collection('rt_posts').subscribe('*', (e) => got.alice!.push(e as unknown as Got))
      await bob.collection('rt_posts').subscribe('*', (e) => got.bob!.push(e as unknown as Got))
      await guest.collection('rt_posts').subscribe('*', (e) => got.guest!.push(e as unknown as Got))
      await guest
        .collection('rt_public')
        .subscribe('*', (e) => got.guest!.push(e as unknown as Got))

      const a = await alice
        .collection('rt_posts')
        .create({ title: 'alice 1', owner: USERS.alice.id })
      await bob.collection('rt_posts').create({ title: 'bob 1', owner: USERS.bob.id })
      await alice.collection('rt_posts').update(a.id, { title: 'alice 1b' })
      await guest.collection('rt_public').create({ title: 'public 1' })

      await until(
        () => got.alice!.length === 2 && got.bob!.length === 1 && got.guest!.length === 1,
        'events',
      )
      assert.deepEqual(
        got.alice!.map((e) => [e.action, e.record.title]),
        [
          ['create', 'alice 1'],
          ['update', 'alice 1b'],
        ],
      )
      assert.deepEqual(
        got.bob!.map((e) => [e.action, e.record.title]),
        [['create', 'bob 1']],
      )
      assert.deepEqual(
        got.guest!.map((e) => [e.action, e.record.title]),
        [['create', 'public 1']],
      )
    },
  )

  it(
    'unsubscribing stops the events and ends the connection',
    { timeout: STEP_TIMEOUT },
    async () => {
      const alice = await sdk(USERS.alice.email)
      const got: Got[] = []
      const unsubscribe = await alice
        .collection('rt_posts')
        .subscribe('*', (e) => got.push(e as unknown as Got))
      const clientId = alice.realtime.clientId
      const broker = realtimeBroker(node.app)!
      assert.ok(broker.clientById(clientId))
      await unsubscribe()
      await until(() => broker.clientById(clientId) === undefined, 'the server to drop the client')
      await alice.collection('rt_posts').create({ title: 'unseen', owner: USERS.alice.id })
      await broker.settled()
      await new Promise((r) => setTimeout(r, 100))
      assert.equal(got.length, 0)
    },
  )

  it(
    'after the server drops the stream the SDK reconnects and resubscribes',
    { timeout: STEP_TIMEOUT },
    async () => {
      const bob = await sdk(USERS.bob.email)
      const got: Got[] = []
      await bob.collection('rt_posts').subscribe('*', (e) => got.push(e as unknown as Got))
      const first = bob.realtime.clientId
      realtimeBroker(node.app)!.disconnectAll()
      const second = await until(
        () =>
          bob.realtime.isConnected && bob.realtime.clientId !== first
            ? bob.realtime.clientId
            : undefined,
        'the SDK to reconnect',
      )
      await until(
        () => realtimeBroker(node.app)!.clientById(second)?.hasSubscription('rt_posts/*'),
        'the resubscription',
      )
      await bob.collection('rt_posts').create({ title: 'bob after reconnect', owner: USERS.bob.id })
      await until(() => got.length === 1, 'the event after reconnecting')
      assert.equal(got[0]!.record.title, 'bob after reconnect')
    },
  )

  it(
    'is dropped at its queue bound and its socket cut, while the others keep receiving',
    { timeout: STEP_TIMEOUT },
    async () => {
      const token = await superuserToken(node.target)
      const broker = realtimeBroker(node.app)!
      const maxMessages = broker.queueLimits.maxMessages
      // a raw connection that reads PB_CONNECT and then nothing
      const url = new URL(node.server.url)
      const socket = netConnect(Number(url.port), url.hostname)
      socket.on('error', () => {}) // a cut connection may end in a reset
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
      try {
        const slowId = await within(
          new Promise<string>((resolve, reject) => {
            socket.once('close', () => reject(new Error('the connection closed before PB_CONNECT')))
            let head = ''
            const onData = (chunk: Buffer) => {
              head += chunk.toString('latin1')
              const m = /id:(\w{40})\nevent:PB_CONNECT\n/.exec(head)
              if (m) {
                socket.off('data', onData).pause()
                resolve(m[1]!)
              }
            }
            socket.on('data', onData)
            socket.write(`GET /api/realtime HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`)
          }),
          'PB_CONNECT on the raw connection',
        )
        const sub = await fetch(`${node.server.url}/api/realtime`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientId: slowId, subscriptions: ['rt_public/*'] }),
          signal: AbortSignal.timeout(10_000),
        })
        assert.equal(sub.status, 204)
        const guest = await sdk()
        let got = 0
        await within(
          guest.collection('rt_public').subscribe('*', () => got++),
          'the healthy subscription',
        )
        broker.queueLimits.maxMessages = 5
        // big records fill the socket buffers, then the slow client's queue
        const big = 'x'.repeat(200_000)
        let writes = 0
        const deadline = Date.now() + 15_000
        while (broker.clientById(slowId) && writes < 200 && Date.now() < deadline) {
          const res = await fetch(`${node.server.url}/api/collections/rt_public/records`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: token },
            body: JSON.stringify({ title: 'big', big }),
            signal: AbortSignal.timeout(10_000),
          })
          assert.equal(res.status, 200)
          await res.arrayBuffer()
          writes++
        }
        assert.equal(broker.clientById(slowId), undefined, `dropped after ${writes} writes`)
        await until(() => got === writes, 'the healthy subscriber to get every event')
        // read what the buffers hold: a cut connection then closes (a finished one would stay open)
        socket.resume()
        await within(closed, 'the server to cut the connection')
      } finally {
        broker.queueLimits.maxMessages = maxMessages
        socket.destroy()
      }
    },
  )
})

describe('the Node server stops with SSE streams open', () => {
  it(
    'ends them cleanly (the stream finishes, it is not cut) and closes at once',
    { timeout: STEP_TIMEOUT },
    async () => {
      const node = await startNode()
      try {
        const url = new URL('/api/realtime', node.server.url)
        const result = await new Promise<{ head: string; body: string; ended: boolean }>(
          (resolve, reject) => {
            const req = httpRequest(url, (res) => {
              let body = ''
              let closing = false
              res.setEncoding('utf8')
              res.on('data', (chunk: string) => {
                body += chunk
                if (body.includes('\n\n') && !closing) {
                  // PB_CONNECT arrived: stop the server now, with the stream open (a long grace period)
                  closing = true
                  void node.server.close(60_000)
                }
              })
              res.on('end', () =>
                resolve({
                  head: `${res.statusCode} ${res.headers['content-type']} ${res.headers['cache-control']}`,
                  body,
                  ended: true,
                }),
              )
              res.on('aborted', () => resolve({ head: '', body, ended: false }))
              res.on('error', reject)
            })
            req.on('error', reject)
            req.end()
          },
        )
        assert.equal(result.ended, true)
        assert.equal(result.head, '200 text/event-stream no-store')
        assert.match(result.body, /^id:(\w{40})\nevent:PB_CONNECT\ndata:\{"clientId":"\1"\}\n\n$/)
      } finally {
        await node.stop()
      }
    },
  )
})
