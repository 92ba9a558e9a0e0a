import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { App } from '../app.js'
import { fixtureDataDb } from '../records/record-field-resolver.test-util.js'
import { findRecordById, requireCollection } from '../records/record-query.js'
import { cachedAccessChecks } from './record-access.js'
import type { RealtimeClient } from './realtime-client.js'
import { resolveRecordEvent } from './record-dispatch.js'
import {
  brokerOf,
  connectAndSubscribe,
  eventData,
  flush,
  newFixtureApp,
  su,
  tokenFor,
  USER1,
  USER2,
  USER3,
} from './realtime.test-util.js'

const skip = fixtureDataDb() ? undefined : 'fixture not available'
const withOptions = (topic: string, options: unknown) =>
  `${topic}?options=${encodeURIComponent(JSON.stringify(options))}`

describe('record dispatch', { skip }, () => {
  let app: App
  before(async () => {
    app = (await newFixtureApp())!
  })
  after(() => app.close())

  test('a subscribe compiles the access checks of its subscriptions before any event', async () => {
    const users = requireCollection(app, 'users')
    const before = cachedAccessChecks(app, users.id)
    const conn = await connectAndSubscribe(
      app,
      [
        'users/*',
        'users', // the same check as `users/*` (list rule, same auth and options)
        `users/${USER1}`,
        `users/${USER2}`, // the same check as `users/USER1` (view rule)
        withOptions(`users/${USER1}`, { query: { fields: 'id' } }),
        'USERS/*', // not a topic events are published on (names match exactly)
        'view1/*', // view collections have no events
        'nope/*',
      ],
      await tokenFor(app, 'users', USER1),
    )
    try {
      assert.equal(cachedAccessChecks(app, users.id), before + 3)
      const res = await su(app, 'PATCH', `/api/collections/users/records/${USER1}`, { name: 'x1' })
      assert.equal(res.status, 200, res.text)
      await flush(app)
      // the list rule is superusers-only; the view rule lets the user see their own record
      assert.deepEqual(
        conn.events().map((f) => [f.event, eventData([f])[0]!.record.name ?? null]),
        [
          [`users/${USER1}`, 'x1'],
          [withOptions(`users/${USER1}`, { query: { fields: 'id' } }), null],
        ],
      )
    } finally {
      await conn.close()
    }
  })

  test('subscribers with the same view of a record share one message object', async () => {
    const broker = brokerOf(app)
    const demo2 = requireCollection(app, 'demo2')
    const record = (await findRecordById(app, demo2, 'llvuca81nly1qls'))!
    const superuser = (await findRecordById(
      app,
      requireCollection(app, '_superusers'),
      'sywbhecnh46rhm0',
    ))!
    const clients: RealtimeClient[] = []
    for (const auth of [USER1, USER2, USER3, undefined, 'su', USER1]) {
      const client = broker.newClient()
      broker.register(client)
      clients.push(client)
      if (auth === 'su') {
        client.setAuth(superuser)
      } else if (auth) {
        client.setAuth((await findRecordById(app, requireCollection(app, 'users'), auth))!)
      }
    }
    try {
      clients.forEach((c, i) => c.subscribe(i === 5 ? 'demo2' : 'demo2/*'))
      const deliveries = await resolveRecordEvent(broker, 'update', record, app)
      const messageOf = (i: number) =>
        deliveries.find((d) => d.clients.includes(clients[i]!))!.message
      // distinct users and a guest: one access group each, one message
      assert.equal(messageOf(0), messageOf(1))
      assert.equal(messageOf(0), messageOf(2))
      assert.equal(messageOf(0), messageOf(3))
      // a superuser's view differs (hidden fields), and so does another subscription name
      assert.notEqual(messageOf(4), messageOf(0))
      assert.notEqual(messageOf(5), messageOf(0))
      assert.equal(messageOf(5).name, 'demo2')
      assert.equal(messageOf(5).data, messageOf(0).data)
      assert.equal(deliveries.reduce((n, d) => n + d.clients.length, 0), 6)
    } finally {
      for (const c of clients) broker.unregister(c.id)
    }
  })
})
