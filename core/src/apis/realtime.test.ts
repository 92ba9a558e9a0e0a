import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  brokerOf,
  call,
  flush,
  connect,
  FIXTURE_SUPERUSER_TOKEN,
  newFixtureApp,
  su,
  subscribe,
  tokenFor,
  USER1,
  USER2,
} from '../realtime/realtime.test-util.js'
import type { App } from '../app.js'
import { refreshTokenKey } from '../auth/auth-record.js'
import { findRecordById, requireCollection } from '../records/record-query.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import { SseConnection } from '../realtime/realtime.test-util.js'
import { SSE_PUSH_SOURCE, type SsePushSource } from '../realtime/sse-stream.js'
import { fixtureDataDb } from '../records/record-field-resolver.test-util.js'

let app: App | undefined
const A = () => app!

before(async () => {
  app = await newFixtureApp()
})
after(async () => {
  await app?.close()
})

const skipNoFixture = () => (fixtureDataDb() ? undefined : 'fixture not available')

describe('GET /api/realtime', () => {
  test(
    'answers an SSE stream whose first frame is PB_CONNECT with the client id',
    { skip: skipNoFixture() },
    async () => {
      const conn = await connect(A())
      try {
        assert.equal(conn.response.headers.get('content-type'), 'text/event-stream')
        assert.equal(conn.response.headers.get('cache-control'), 'no-store')
        assert.equal(conn.response.headers.get('x-accel-buffering'), 'no')
        const id = conn.clientId
        assert.match(id, /^[A-Za-z0-9]{40}$/)
        assert.equal(conn.text, `id:${id}\nevent:PB_CONNECT\ndata:{"clientId":"${id}"}\n\n`)
        const client = brokerOf(A()).clientById(id)
        assert.ok(client)
        assert.equal(client.ip, '127.0.0.1')
        assert.equal(client.auth, undefined, 'no auth is read from the SSE request')
      } finally {
        await conn.close()
      }
    },
  )

  test(
    'the client is unregistered when the consumer cancels the body',
    { skip: skipNoFixture() },
    async () => {
      const before = brokerOf(A()).totalClients()
      const res = await A().request('/api/realtime')
      const conn = new SseConnection(res, new AbortController())
      await conn.waitFrames(1)
      assert.equal(brokerOf(A()).totalClients(), before + 1)
      await conn.close()
      assert.equal(brokerOf(A()).clientById(conn.clientId), undefined)
      assert.equal(brokerOf(A()).totalClients(), before)
    },
  )

  test('an aborted request signal alone ends the stream', { skip: skipNoFixture() }, async () => {
    const controller = new AbortController()
    const res = await A().fetch(
      new Request('http://localhost/api/realtime', { signal: controller.signal }),
    )
    const conn = new SseConnection(res, new AbortController())
    await conn.waitFrames(1)
    controller.abort()
    await conn.ended
    assert.equal(brokerOf(A()).clientById(conn.clientId), undefined)
  })

  test(
    'HEAD answers the SSE headers without registering a client',
    { skip: skipNoFixture() },
    async () => {
      const before = brokerOf(A()).totalClients()
      const res = await A().request('/api/realtime', { method: 'HEAD' })
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'text/event-stream')
      assert.equal(brokerOf(A()).totalClients(), before)
    },
  )

  test(
    'OnRealtimeConnectRequest and OnRealtimeMessageSend fire once each for a connect',
    { skip: skipNoFixture() },
    async () => {
      const hooks = brokerOf(A()).hooks
      const seen: string[] = []
      const ids = [
        hooks.connectRequest.bindFunc(async (e) => {
          seen.push(`connect ${e.client.ip}`)
          await e.next()
        }),
      ]
      const msgId = hooks.messageSend.bindFunc(async (e) => {
        seen.push(`message ${e.message.name}`)
        await e.next()
      })
      try {
        const conn = await connect(A())
        await conn.close()
        assert.deepEqual(seen, ['connect 127.0.0.1', 'message PB_CONNECT'])
      } finally {
        hooks.connectRequest.unbind(...ids)
        hooks.messageSend.unbind(msgId)
      }
    },
  )

  test(
    'a failing PB_CONNECT send ends the stream with no data (PocketBase "PB_CONNECT interrupt")',
    { skip: skipNoFixture() },
    async () => {
      const hooks = brokerOf(A()).hooks
      const id = hooks.messageSend.bindFunc((e) => {
        if (e.message.name === 'PB_CONNECT') {
          throw new Error('PB_CONNECT error')
        }
        return e.next()
      })
      try {
        const before = brokerOf(A()).totalClients()
        const res = await A().request('/api/realtime')
        assert.equal(res.status, 200)
        assert.equal(await res.text(), '')
        assert.equal(brokerOf(A()).totalClients(), before)
      } finally {
        hooks.messageSend.unbind(id)
      }
    },
  )

  test(
    'a send hook that does not call next skips the message (PocketBase "Skipping/ignoring messages")',
    { skip: skipNoFixture() },
    async () => {
      const hooks = brokerOf(A()).hooks
      const id = hooks.messageSend.bindFunc(() => {})
      try {
        const res = await A().request('/api/realtime')
        const reader = res.body!.getReader()
        const read = reader.read()
        const client = brokerOf(A()).clients().at(-1)!
        client.send({ name: 'x', data: '1' })
        await new Promise((r) => setTimeout(r, 30))
        await reader.cancel()
        assert.equal((await read).done, true, 'nothing was written')
        assert.equal(brokerOf(A()).clientById(client.id), undefined)
      } finally {
        hooks.messageSend.unbind(id)
      }
    },
  )

  test(
    'the idle timeout closes a connection without messages; the max timeout closes a busy one',
    { skip: skipNoFixture() },
    async () => {
      const hooks = brokerOf(A()).hooks
      const id = hooks.connectRequest.bindFunc((e) => {
        const kind = e.request.url.searchParams.get('t')
        if (kind === 'idle') {
          e.idleTimeout = 150
        } else {
          e.idleTimeout = 60_000
          e.maxTimeout = 300
        }
        return e.next()
      })
      try {
        const idle = new SseConnection(
          await A().request('/api/realtime?t=idle'),
          new AbortController(),
        )
        const busy = new SseConnection(
          await A().request('/api/realtime?t=max'),
          new AbortController(),
        )
        await busy.waitFrames(1)
        const client = brokerOf(A()).clientById(busy.clientId)!
        const timer = setInterval(() => client.send({ name: 'tick', data: '{}' }), 20)
        try {
          await idle.ended
          await busy.ended
        } finally {
          clearInterval(timer)
        }
        assert.equal(idle.frames.length, 1)
        assert.ok(busy.frames.length > 1)
        assert.equal(brokerOf(A()).clientById(idle.clientId), undefined)
        assert.equal(brokerOf(A()).clientById(busy.clientId), undefined)
      } finally {
        hooks.connectRequest.unbind(id)
      }
    },
  )

  test('messages move the idle deadline', { skip: skipNoFixture() }, async () => {
    const hooks = brokerOf(A()).hooks
    const id = hooks.connectRequest.bindFunc((e) => {
      e.idleTimeout = 250
      return e.next()
    })
    try {
      const conn = await connect(A())
      const client = brokerOf(A()).clientById(conn.clientId)!
      // 15 messages 40 ms apart span 600 ms, more than twice the idle timeout
      for (let i = 0; i < 15; i++) {
        client.send({ name: 'tick', data: String(i) })
        await new Promise((r) => setTimeout(r, 40))
      }
      assert.equal(conn.isDone(), false)
      await conn.ended
      assert.equal(conn.frames.length, 16)
    } finally {
      hooks.connectRequest.unbind(id)
    }
  })
})

describe('POST /api/realtime', () => {
  // [name, body, content type, status, expected body substring]
  const CASES: [string, string, string, number, string][] = [
    [
      'missing client',
      '{"clientId":"missing","subscriptions":["test1", "test2"]}',
      'application/json',
      404,
      '{"data":{},"message":"Missing or invalid client id.","status":404}',
    ],
    [
      'empty body',
      '',
      'application/json',
      400,
      '"clientId":{"code":"validation_required","message":"Cannot be blank."}',
    ],
    [
      'empty object',
      '{}',
      'application/json',
      400,
      '{"data":{"clientId":{"code":"validation_required","message":"Cannot be blank."}},"message":"Something went wrong while processing your request.","status":400}',
    ],
    ['null', 'null', 'application/json', 400, '"clientId":{"code":"validation_required"'],
    [
      'invalid JSON',
      '{',
      'application/json',
      400,
      '{"data":{},"message":"Something went wrong while processing your request.","status":400}',
    ],
    ['clientId of the wrong type', '{"clientId":123}', 'application/json', 400, '{"data":{},'],
    [
      'subscriptions of the wrong type',
      '{"clientId":"x","subscriptions":"a"}',
      'application/json',
      400,
      '{"data":{},',
    ],
    [
      'a subscription of the wrong type',
      '{"clientId":"x","subscriptions":[1]}',
      'application/json',
      400,
      '{"data":{},',
    ],
    ['an array body', '[]', 'application/json', 400, '{"data":{},'],
    [
      'too many subscriptions and a too long id',
      JSON.stringify({
        clientId: 'x'.repeat(256),
        subscriptions: Array.from({ length: 1001 }, (_, i) => String(i)),
      }),
      'application/json',
      400,
      '{"data":{"clientId":{"code":"validation_length_out_of_range","message":"The length must be between 1 and 255.","params":{"max":255,"min":1}},"subscriptions":{"code":"validation_length_too_long","message":"The length must be no more than 1000.","params":{"max":1000,"min":0}}},"message":"Something went wrong while processing your request.","status":400}',
    ],
    [
      'too long subscriptions (counted in characters)',
      JSON.stringify({ clientId: 'x', subscriptions: ['a', 'b'.repeat(2501), 'é'.repeat(2500)] }),
      'application/json',
      400,
      '{"data":{"subscriptions":{"1":{"code":"validation_length_too_long","message":"The length must be no more than 2500.","params":{"max":2500,"min":0}}}},',
    ],
    [
      'a form body',
      'clientId=missing&subscriptions=a&subscriptions=b',
      'application/x-www-form-urlencoded',
      404,
      'Missing or invalid client id.',
    ],
    [
      'a form body without id',
      'subscriptions=a',
      'application/x-www-form-urlencoded',
      400,
      'validation_required',
    ],
  ]
  for (const [name, body, type, status, expected] of CASES) {
    test(name, { skip: skipNoFixture() }, async () => {
      const res = await A().request('/api/realtime', {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      })
      const text = await res.text()
      assert.equal(res.status, status, text)
      assert.ok(text.includes(expected), text)
    })
  }

  test(
    'replaces the whole subscription set; [] and null clear it; null entries are skipped',
    { skip: skipNoFixture() },
    async () => {
      const conn = await connect(A())
      try {
        const client = brokerOf(A()).clientById(conn.clientId)!
        for (const [subs, expected] of [
          [
            ['a', 'b', 'a'],
            ['a', 'b'],
          ],
          [['c', null, ''], ['c']],
          [[], []],
          [null, []],
        ] as const) {
          await subscribe(A(), conn.clientId, ['old'])
          const res = await call(
            A(),
            'POST',
            '/api/realtime',
            { clientId: conn.clientId, subscriptions: subs },
            '',
          )
          assert.equal(res.status, 204)
          assert.equal(res.text, '')
          assert.deepEqual([...client.subscriptions().keys()], expected)
        }
      } finally {
        await conn.close()
      }
    },
  )

  test(
    'a subscriber from another IP than the stream gets 400 Invalid realtime client',
    { skip: skipNoFixture() },
    async () => {
      const conn = await connect(A())
      try {
        const res = await A().fetch(
          new Request('http://localhost/api/realtime', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clientId: conn.clientId, subscriptions: ['x'] }),
          }),
          { remoteAddress: '10.1.2.3' },
        )
        assert.equal(res.status, 400)
        assert.equal(
          await res.text(),
          '{"data":{},"message":"Invalid realtime client.","status":400}\n',
        )
      } finally {
        await conn.close()
      }
    },
  )

  test(
    'auth: guest → auth upgrade, same auth again, then a different auth or a guest is 403',
    { skip: skipNoFixture() },
    async () => {
      const conn = await connect(A())
      const user1 = await tokenFor(A(), 'users', USER1)
      const user2 = await tokenFor(A(), 'users', USER2)
      try {
        const client = brokerOf(A()).clientById(conn.clientId)!
        const authId = () => client.auth?.id
        assert.equal((await subscribe(A(), conn.clientId, ['a'])).status, 204)
        assert.equal(authId(), undefined)
        assert.equal((await subscribe(A(), conn.clientId, ['a'], user1)).status, 204)
        assert.equal(authId(), USER1)
        assert.equal((await subscribe(A(), conn.clientId, ['a', 'b'], user1)).status, 204)
        for (const token of [user2, FIXTURE_SUPERUSER_TOKEN, '']) {
          const res = await subscribe(A(), conn.clientId, ['c'], token)
          assert.equal(res.status, 403)
          assert.equal(
            res.text,
            `{"data":{},"message":"The current and the previous request authorization don't match.","status":403}\n`,
          )
        }
        assert.deepEqual([...client.subscriptions().keys()], ['a', 'b'])
      } finally {
        await conn.close()
      }
    },
  )

  test(
    'OnRealtimeSubscribeRequest may change the subscriptions before they are set',
    { skip: skipNoFixture() },
    async () => {
      const hooks = brokerOf(A()).hooks
      const id = hooks.subscribeRequest.bindFunc((e) => {
        e.subscriptions = [...e.subscriptions, 'extra']
        return e.next()
      })
      const conn = await connect(A())
      try {
        assert.equal((await subscribe(A(), conn.clientId, ['a'])).status, 204)
        assert.deepEqual(
          [...brokerOf(A()).clientById(conn.clientId)!.subscriptions().keys()],
          ['a', 'extra'],
        )
      } finally {
        hooks.subscribeRequest.unbind(id)
        await conn.close()
      }
    },
  )
})

describe('client auth follows its auth record', () => {
  async function authedClient(collection: string, id: string): Promise<SseConnection> {
    const conn = await connect(A())
    assert.equal(
      (await subscribe(A(), conn.clientId, [], await tokenFor(A(), collection, id))).status,
      204,
    )
    return conn
  }
  const authOf = (conn: SseConnection) => brokerOf(A()).clientById(conn.clientId)?.auth

  test(
    'an update refreshes the copy; a new tokenKey clears it; others are untouched',
    { skip: skipNoFixture() },
    async () => {
      const a = await authedClient('users', USER1)
      const b = await authedClient('users', USER2)
      try {
        const users = requireCollection(A(), 'users')
        const r = (await findRecordById(A(), users, USER1))!
        r.set('name', 'test_new_name')
        await saveRecord(A(), r)
        await flush(A())
        assert.equal(authOf(a)?.getString('name'), 'test_new_name')
        refreshTokenKey(r)
        await saveRecord(A(), r)
        await flush(A())
        assert.equal(authOf(a), undefined)
        assert.equal(authOf(b)?.id, USER2)
      } finally {
        await a.close()
        await b.close()
      }
    },
  )

  test(
    'deleting the auth record clears it (the connection stays)',
    { skip: skipNoFixture() },
    async () => {
      const fresh = await newFixtureApp()
      assert.ok(fresh)
      const prev = app
      app = fresh
      try {
        const a = await authedClient('users', USER2)
        const b = await authedClient('users', USER1)
        const r = (await findRecordById(A(), requireCollection(A(), 'users'), USER2))!
        await deleteRecord(A(), r)
        await flush(A())
        assert.equal(authOf(a), undefined)
        assert.ok(brokerOf(A()).clientById(a.clientId))
        assert.equal(authOf(b)?.id, USER1)
        await a.close()
        await b.close()
      } finally {
        app = prev
        await fresh.close()
      }
    },
  )

  test(
    'a changed auth secret of the collection clears its clients only; deleting the collection too',
    { skip: skipNoFixture() },
    async () => {
      const fresh = await newFixtureApp()
      assert.ok(fresh)
      const prev = app
      app = fresh
      try {
        const users1 = await authedClient('users', USER1)
        const users2 = await authedClient('users', USER2)
        const clients = await authedClient('clients', 'gk390qegs4y47wn')
        let res = await su(A(), 'POST', '/api/collections', { name: 'rt_auth', type: 'auth' })
        assert.equal(res.status, 200, res.text)
        res = await su(A(), 'POST', '/api/collections/rt_auth/records', {
          id: 'rtauth000000001',
          email: 'rt@example.com',
          password: '1234567890',
          passwordConfirm: '1234567890',
        })
        assert.equal(res.status, 200, res.text)
        const other = await authedClient('rt_auth', 'rtauth000000001')
        res = await su(A(), 'PATCH', '/api/collections/users', {
          authToken: { secret: 'a'.repeat(30) },
        })
        assert.equal(res.status, 200, res.text)
        res = await su(A(), 'PATCH', '/api/collections/clients', { listRule: null })
        assert.equal(res.status, 200, res.text)
        assert.equal(authOf(users1), undefined)
        assert.equal(authOf(users2), undefined)
        assert.equal(authOf(clients)?.id, 'gk390qegs4y47wn')
        assert.equal(authOf(other)?.id, 'rtauth000000001')
        res = await su(A(), 'DELETE', '/api/collections/rt_auth')
        assert.equal(res.status, 204, res.text)
        await flush(A())
        assert.equal(authOf(other), undefined)
        for (const c of [users1, users2, clients, other]) await c.close()
      } finally {
        app = prev
        await fresh.close()
      }
    },
  )
})

test('closing the app ends every stream and refuses new connections', async (t) => {
  const fresh = await newFixtureApp()
  if (!fresh) return t.skip('fixture not available')
  const a = await connect(fresh)
  const b = await connect(fresh)
  await fresh.close()
  await a.ended
  await b.ended
  assert.equal(brokerOf(fresh).totalClients(), 0)
  assert.equal(brokerOf(fresh).isClosed(), true)
})

test(
  'the OAuth2 redirect reaches a client subscribed to @oauth2, once',
  { skip: skipNoFixture() },
  async () => {
    const conn = await connect(A())
    try {
      assert.equal((await subscribe(A(), conn.clientId, ['@oauth2'])).status, 204)
      const res = await A().request(`/api/oauth2-redirect?state=${conn.clientId}&code=abc`)
      assert.ok(res.status < 400, String(res.status))
      await conn.waitFrames(2)
      assert.deepEqual(conn.frames[1], {
        id: conn.clientId,
        event: '@oauth2',
        data: `{"state":"${conn.clientId}","code":"abc"}`,
      })
      assert.equal(brokerOf(A()).clientById(conn.clientId)!.hasSubscription('@oauth2'), false)
    } finally {
      await conn.close()
    }
  },
)

test(
  'the push source writes frames to an adapter sink, waits for drain, ends with the client',
  { skip: skipNoFixture() },
  async () => {
    const res = await A().request('/api/realtime')
    const source = (res.body as unknown as { [SSE_PUSH_SOURCE]: SsePushSource })[SSE_PUSH_SOURCE]
    assert.ok(source)
    const writes: string[] = []
    let room = true
    let drain!: () => void
    let ended = false
    const stop = source.attach({
      write: (bytes) => {
        writes.push(new TextDecoder().decode(bytes))
        return room
      },
      drained: () => new Promise<void>((r) => (drain = r)),
      end: () => {
        ended = true
      },
    })
    const wait = async (cond: () => boolean) => {
      for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
    }
    await wait(() => writes.length === 1)
    const id = /^id:(\w+)\n/.exec(writes[0]!)![1]!
    assert.equal(writes[0], `id:${id}\nevent:PB_CONNECT\ndata:{"clientId":"${id}"}\n\n`)
    const client = brokerOf(A()).clientById(id)!
    room = false
    client.send({ name: 'a', data: '1' })
    await wait(() => writes.length === 2)
    client.send({ name: 'b', data: '2' })
    client.send({ name: 'c', data: '3' })
    await new Promise((r) => setTimeout(r, 20))
    assert.equal(writes.length, 2, 'nothing written while the sink is full')
    room = true
    drain()
    await wait(() => writes.length === 3)
    assert.equal(
      writes[2],
      `id:${id}\nevent:b\ndata:2\n\nid:${id}\nevent:c\ndata:3\n\n`,
      'queued frames go together',
    )
    brokerOf(A()).unregister(id)
    await wait(() => ended)
    assert.equal(ended, true)
    stop()
  },
)
