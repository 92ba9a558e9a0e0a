import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { App } from '../app.js'
import { fixtureDataDb } from '../records/record-field-resolver.test-util.js'
import { RecordModel } from '../records/record-model.js'
import { findRecordById, requireCollection } from '../records/record-query.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import {
  brokerOf,
  call,
  connectAndSubscribe,
  eventData,
  FIXTURE_SUPERUSER_TOKEN,
  flush,
  newFixtureApp,
  su,
  tokenFor,
  USER1,
  USER2,
  USER3,
  type SseConnection,
} from './realtime.test-util.js'

const skip = fixtureDataDb() ? undefined : 'fixture not available'
const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v))
const withOptions = (topic: string, options: unknown) => `${topic}?options=${enc(options)}`

let app: App
let user1 = ''
let user2 = ''
const open: SseConnection[] = []

async function sub(subscriptions: string[], token?: string): Promise<SseConnection> {
  const conn = await connectAndSubscribe(app, subscriptions, token)
  open.push(conn)
  return conn
}

/** Creates a demo2 record as a superuser through the API. */
async function createDemo2(id: string, data: Record<string, unknown> = {}): Promise<void> {
  const res = await su(app, 'POST', '/api/collections/demo2/records', { id, title: id, ...data })
  assert.equal(res.status, 200, res.text)
}

describe('record events', { skip }, () => {
  before(async () => {
    app = (await newFixtureApp())!
    user1 = await tokenFor(app, 'users', USER1)
    user2 = await tokenFor(app, 'users', USER2)
  })
  after(async () => {
    for (const c of open) await c.close()
    await app.close()
  })

  test('create, update and delete reach a subscriber as PocketBase frames with the REST record JSON', async () => {
    const conn = await sub(['demo2/*'])
    await createDemo2('rtcreate0000001')
    const view = await su(app, 'GET', '/api/collections/demo2/records/rtcreate0000001')
    const restJson = view.text.trimEnd()
    let res = await su(app, 'PATCH', '/api/collections/demo2/records/rtcreate0000001', {
      active: true,
    })
    assert.equal(res.status, 200)
    const updatedJson = res.text.trimEnd()
    res = await su(app, 'DELETE', '/api/collections/demo2/records/rtcreate0000001')
    assert.equal(res.status, 204)
    const frames = (await conn.waitFrames(4)).slice(1)
    assert.deepEqual(
      frames.map((f) => [f.id, f.event, f.data]),
      [
        [conn.clientId, 'demo2/*', `{"record":${restJson},"action":"create"}`],
        [conn.clientId, 'demo2/*', `{"record":${updatedJson},"action":"update"}`],
        [conn.clientId, 'demo2/*', `{"record":${updatedJson},"action":"delete"}`],
      ],
    )
  })

  test('each subscriber gets only records its own rule, auth, query and headers allow', async () => {
    let res = await su(app, 'PATCH', '/api/collections/demo3', {
      listRule:
        '@request.auth.id = "' +
        USER1 +
        '" || @request.headers.x_key = "k" || @request.query.key = "q"',
      viewRule:
        '@request.auth.id = "' +
        USER2 +
        '" && @request.context = "realtime" && @request.method = "GET"',
    })
    assert.equal(res.status, 200, res.text)
    const u1 = await sub(['demo3/*'], user1)
    const u2 = await sub(['demo3/*', 'demo3/rtrule000000001'], user2)
    const guest = await sub(['demo3/*'])
    const byHeader = await sub([withOptions('demo3/*', { headers: { 'X-Key': 'k' } })])
    const byQuery = await sub([withOptions('demo3/*', { query: { key: 'q' } })])
    const wrongQuery = await sub([withOptions('demo3/*', { query: { key: 'nope' } })])
    res = await su(app, 'POST', '/api/collections/demo3/records', {
      id: 'rtrule000000001',
      title: 'r',
    })
    assert.equal(res.status, 200, res.text)
    await flush(app)
    assert.deepEqual(
      u1.events().map((f) => f.event),
      ['demo3/*'],
    )
    assert.deepEqual(
      u2.events().map((f) => f.event),
      ['demo3/rtrule000000001'],
      'view topic uses the viewRule',
    )
    assert.equal(guest.events().length, 0)
    assert.equal(byHeader.events().length, 1)
    assert.equal(byQuery.events().length, 1)
    assert.equal(wrongQuery.events().length, 0)
  })

  test('topics by collection id, the bare collection, and two matching subscriptions give two frames', async () => {
    const demo2 = requireCollection(app, 'demo2')
    const conn = await sub([
      `${demo2.id}/*`,
      'demo2',
      'demo2/rttopics0000001',
      withOptions('demo2/*', { query: { fields: 'id' } }),
    ])
    await createDemo2('rttopics0000001')
    await flush(app)
    const events = conn.events()
    assert.deepEqual(
      events.map((f) => f.event).sort(),
      [
        `${demo2.id}/*`,
        'demo2',
        'demo2/*?options=' + enc({ query: { fields: 'id' } }),
        'demo2/rttopics0000001',
      ].sort(),
    )
    assert.equal(
      events.find((f) => f.event.includes('fields'))?.data,
      '{"record":{"id":"rttopics0000001"},"action":"create"}',
    )
  })

  test('a null rule lets only superusers see events; superusers also get hidden fields', async () => {
    let res = await su(app, 'POST', '/api/collections', {
      name: 'rt_hidden',
      type: 'base',
      listRule: '@request.auth.id != ""',
      viewRule: null,
      fields: [
        { name: 'public', type: 'text' },
        { name: 'hidden', type: 'text', hidden: true },
      ],
    })
    assert.equal(res.status, 200, res.text)
    const guest = await sub(['rt_hidden/*'])
    const regular = await sub(['rt_hidden/*', 'rt_hidden/rthidden0000001'], user1)
    const superuser = await sub(
      ['rt_hidden/*', 'rt_hidden/rthidden0000001'],
      FIXTURE_SUPERUSER_TOKEN,
    )
    res = await su(app, 'POST', '/api/collections/rt_hidden/records', {
      id: 'rthidden0000001',
      public: 'test1',
      hidden: 'test2',
    })
    assert.equal(res.status, 200, res.text)
    await flush(app)
    assert.equal(guest.events().length, 0)
    assert.deepEqual(
      regular.events().map((f) => f.event),
      ['rt_hidden/*'],
    )
    const [r] = eventData(regular.events())
    assert.equal(r!.record.public, 'test1')
    assert.equal('hidden' in r!.record, false)
    assert.equal(superuser.events().length, 2)
    for (const { record } of eventData(superuser.events())) {
      assert.equal(record.hidden, 'test2')
    }
  })

  test('auth records: the owner and managers see the email, others do not; password and tokenKey never', async () => {
    let res = await su(app, 'PATCH', '/api/collections/users', {
      listRule: '',
      manageRule: '@request.auth.collectionName = "clients"',
    })
    assert.equal(res.status, 200, res.text)
    const owner = await sub(['users/*'], user1)
    const other = await sub(['users/*'], user2)
    const manager = await sub(['users/*'], await tokenFor(app, 'clients', 'gk390qegs4y47wn'))
    const superuser = await sub(['users/*'], FIXTURE_SUPERUSER_TOKEN)
    res = await su(app, 'PATCH', `/api/collections/users/records/${USER1}`, { name: 'renamed' })
    assert.equal(res.status, 200, res.text)
    await flush(app)
    const email = (c: SseConnection) => eventData(c.events()).map((d) => d.record.email)
    assert.deepEqual(email(owner), ['test@example.com'])
    assert.deepEqual(email(other), [undefined])
    assert.deepEqual(email(manager), ['test@example.com'])
    assert.deepEqual(email(superuser), ['test@example.com'])
    for (const c of [owner, other, manager, superuser]) {
      const [d] = eventData(c.events())
      assert.equal('password' in d!.record || 'tokenKey' in d!.record, false)
    }
  })

  test('expand and fields from the options; expand drops what the subscriber cannot view', async () => {
    let res = await su(app, 'PATCH', '/api/collections/users', { listRule: '' })
    assert.equal(res.status, 200, res.text)
    res = await su(app, 'PATCH', '/api/collections/demo2', { viewRule: '@request.auth.id != ""' })
    assert.equal(res.status, 200, res.text)
    try {
      const guestPicked = await sub([
        withOptions('users/*', { query: { expand: 'rel', fields: 'id,expand.rel.title' } }),
      ])
      const guest = await sub([withOptions('users/*', { query: { expand: 'rel' } })])
      const userPicked = await sub(
        [withOptions('users/*', { query: { expand: 'rel', fields: 'id,expand.rel.title' } })],
        user2,
      )
      res = await su(app, 'PATCH', `/api/collections/users/records/${USER3}`, { name: 'again' })
      assert.equal(res.status, 200, res.text)
      await flush(app)
      // note: PocketBase keeps an empty expand object when every related record is hidden
      assert.deepEqual(eventData(guestPicked.events())[0]!.record, { expand: {}, id: USER3 })
      assert.deepEqual(eventData(guest.events())[0]!.record.expand, {})
      assert.deepEqual(eventData(userPicked.events())[0]!.record, {
        expand: { rel: { title: 'test3' } },
        id: USER3,
      })
    } finally {
      res = await su(app, 'PATCH', '/api/collections/demo2', { viewRule: '' })
      assert.equal(res.status, 200, res.text)
    }
  })

  test('onRecordEnrich runs per subscriber auth and may shape the record for it', async () => {
    const calls: string[] = []
    const id = app.recordHooks.enrich.bindFunc((e) => {
      if (e.record.collection.name === 'demo2') {
        const viewer = String(e.requestInfo.auth?.id ?? 'guest')
        calls.push(viewer)
        e.record.withCustomData(true).set('viewer', viewer)
      }
      return e.next()
    })
    try {
      const a = await sub(['demo2/*'], user1)
      const b = await sub(['demo2/*'], user2)
      const g = await sub(['demo2/*'])
      await createDemo2('rtenrich0000001')
      await flush(app)
      // (other calls: the REST create response, and subscribers still open from earlier tests)
      for (const viewer of [USER1, USER2, 'guest']) {
        assert.ok(calls.includes(viewer), viewer)
      }
      assert.equal(eventData(a.events())[0]!.record.viewer, USER1)
      assert.equal(eventData(b.events())[0]!.record.viewer, USER2)
      assert.equal(eventData(g.events())[0]!.record.viewer, 'guest')
    } finally {
      app.recordHooks.enrich.unbind(id)
    }
  })

  test('a subscription filter narrows events; superuser-only fields in it deny a regular subscriber', async () => {
    const filtered = await sub([withOptions('demo2/*', { query: { filter: 'title ~ "keep"' } })])
    const forbidden = await sub(
      [withOptions('demo2/*', { query: { filter: '@request.auth.id != "" || title != ""' } })],
      user1,
    )
    const superuser = await sub(
      [withOptions('demo2/*', { query: { filter: '@request.auth.id != ""' } })],
      FIXTURE_SUPERUSER_TOKEN,
    )
    await createDemo2('rtfilterkeep001')
    await createDemo2('rtfilterdrop001')
    await flush(app)
    assert.deepEqual(
      eventData(filtered.events()).map((d) => d.record.id),
      ['rtfilterkeep001'],
    )
    assert.equal(forbidden.events().length, 0)
    assert.equal(superuser.events().length, 2)
  })

  test('a rolled-back write sends nothing; the next committed one does', async () => {
    const conn = await sub(['demo2/*'])
    const demo2 = requireCollection(app, 'demo2')
    await assert.rejects(
      app.runInTransaction(async (tx) => {
        const r = new RecordModel(demo2)
        r.load({ id: 'rtrollback00001', title: 'rolled back' })
        await saveRecord(tx, r)
        throw new Error('roll back')
      }),
      /roll back/,
    )
    await app.runInTransaction(async (tx) => {
      const r = new RecordModel(demo2)
      r.load({ id: 'rtcommitted0001', title: 'committed' })
      await saveRecord(tx, r)
      await flush(app)
      assert.equal(conn.events().length, 0, 'nothing before the commit')
    })
    await flush(app)
    assert.deepEqual(
      eventData(conn.events()).map((d) => d.record.id),
      ['rtcommitted0001'],
    )
  })

  test('delete access is checked while the record still exists; a failed delete sends nothing', async () => {
    let res = await su(app, 'POST', '/api/collections', {
      name: 'rt_del',
      type: 'base',
      listRule: 'flag = true',
      deleteRule: '',
      fields: [{ name: 'flag', type: 'bool' }],
    })
    assert.equal(res.status, 200, res.text)
    for (const id of ['rtdel0000000001', 'rtdel0000000002']) {
      res = await su(app, 'POST', '/api/collections/rt_del/records', { id, flag: true })
      assert.equal(res.status, 200, res.text)
    }
    const conn = await sub(['rt_del/*'])
    const failing = app.recordHooks.deleteExecute.bindFunc((e) => {
      if (e.record.id === 'rtdel0000000002') {
        throw new Error('no')
      }
      return e.next()
    })
    try {
      res = await call(
        app,
        'DELETE',
        '/api/collections/rt_del/records/rtdel0000000002',
        undefined,
        '',
      )
      assert.equal(res.status, 400)
      res = await call(
        app,
        'DELETE',
        '/api/collections/rt_del/records/rtdel0000000001',
        undefined,
        '',
      )
      assert.equal(res.status, 204)
    } finally {
      app.recordHooks.deleteExecute.unbind(failing)
    }
    await flush(app)
    assert.deepEqual(
      eventData(conn.events()).map((d) => [d.action, d.record.id]),
      [['delete', 'rtdel0000000001']],
    )
  })

  test('cascade deletes: each deleted record is published', async () => {
    let res = await su(app, 'POST', '/api/collections', {
      id: 'rtparents000001',
      name: 'rt_parents',
      type: 'base',
      listRule: '',
      deleteRule: '',
      fields: [{ name: 'title', type: 'text' }],
    })
    assert.equal(res.status, 200, res.text)
    res = await su(app, 'POST', '/api/collections', {
      name: 'rt_kids',
      type: 'base',
      listRule: '',
      fields: [
        {
          name: 'parent',
          type: 'relation',
          collectionId: 'rtparents000001',
          cascadeDelete: true,
          maxSelect: 1,
        },
      ],
    })
    assert.equal(res.status, 200, res.text)
    await su(app, 'POST', '/api/collections/rt_parents/records', {
      id: 'rtparent0000001',
      title: 'p',
    })
    await su(app, 'POST', '/api/collections/rt_kids/records', {
      id: 'rtkid0000000001',
      parent: 'rtparent0000001',
    })
    const conn = await sub(['rt_parents/*', 'rt_kids/*'])
    res = await call(
      app,
      'DELETE',
      '/api/collections/rt_parents/records/rtparent0000001',
      undefined,
      '',
    )
    assert.equal(res.status, 204, res.text)
    await flush(app)
    assert.deepEqual(
      conn
        .events()
        .map((f) => f.event)
        .sort(),
      ['rt_kids/*', 'rt_parents/*'],
    )
  })

  test('a subscriber that stops reading is dropped at its queue bound without holding back the others', async () => {
    const broker = brokerOf(app)
    const fast = await sub(['demo2/*'])
    // a consumer that reads PB_CONNECT and then nothing more
    const res = await app.request('/api/realtime')
    const reader = res.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    const slowId = /^id:(\w+)/.exec(first)![1]!
    assert.equal(
      (
        await call(
          app,
          'POST',
          '/api/realtime',
          { clientId: slowId, subscriptions: ['demo2/*'] },
          '',
        )
      ).status,
      204,
    )
    const saved = broker.queueLimits.maxMessages
    broker.queueLimits.maxMessages = 5
    try {
      for (let i = 0; i < 8; i++) {
        await createDemo2(`rtslow00000000${i}`)
      }
      await flush(app)
    } finally {
      broker.queueLimits.maxMessages = saved
    }
    assert.equal(fast.events().length, 8)
    assert.equal(broker.clientById(slowId), undefined)
    assert.equal((await reader.read()).done, true, 'the dropped stream ends')
  })
})
