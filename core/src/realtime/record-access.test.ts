import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { App } from '../app.js'
import type { SqlParams } from '../db/sqlite-port.js'
import {
  fixtureDataDb,
  listIds,
  openFixture,
  requestInfoFor,
  type Actor,
  type Fixture,
} from '../records/record-field-resolver.test-util.js'
import { findRecordById, requireCollection } from '../records/record-query.js'
import type { RecordModel } from '../records/record-model.js'
import {
  cachedAccessChecks,
  checkRecordAccess,
  prepareRecordAccess,
  replacePlaceholders,
  type AccessCheck,
} from './record-access.js'
import { newFixtureApp, USER1 } from './realtime.test-util.js'

const skip = fixtureDataDb() ? undefined : 'fixture not available'

/** A view of `app` whose database counts the statements run through it. */
function counting(app: App): { app: App; statements: string[] } {
  const statements: string[] = []
  const db = app.db()
  const view = Object.create(app) as App
  const counted = Object.create(db) as typeof db
  counted.all = <T>(sql: string, params?: SqlParams) => {
    statements.push(sql)
    return db.all<T>(sql, params)
  }
  Object.defineProperty(view, 'db', { value: () => counted })
  return { app: view, statements }
}

const info = (auth: Record<string, unknown> | null, query: Record<string, string> = {}) => ({
  auth,
  body: {},
  query,
  headers: {},
  method: 'GET',
  context: 'realtime',
})

describe('grouped realtime access checks', { skip }, () => {
  let app: App
  let user1: RecordModel
  before(async () => {
    app = (await newFixtureApp())!
    user1 = (await findRecordById(app, requireCollection(app, 'users'), USER1))!
  })
  after(() => app.close())

  test('many groups are checked in a few statements, each with its own auth', async () => {
    const checks: AccessCheck[] = Array.from({ length: 700 }, (_, i) => ({
      rule: 'id = @request.auth.id',
      info: info({
        id: i === 137 ? USER1 : `someone${i}`,
        collectionId: '_pb_users_auth_',
        collectionName: 'users',
      }),
      superuser: false,
      key: `k${i}`,
    }))
    const spy = counting(app)
    const results = await checkRecordAccess(spy.app, user1, checks)
    assert.deepEqual(
      results.flatMap((ok, i) => (ok ? [i] : [])),
      [137],
    )
    // 700 rows: one statement of 512 and one of 512 padded (the texts repeat from event to event)
    assert.equal(spy.statements.length, 2)
    assert.equal(new Set(spy.statements).size, 1)
  })

  test('groups with the same SQL and the same values share one row', async () => {
    const checks: AccessCheck[] = Array.from({ length: 100 }, (_, i) => ({
      rule: 'id = @request.auth.id',
      info: info({
        id: i % 2 === 0 ? USER1 : 'other',
        collectionId: '_pb_users_auth_',
        collectionName: 'users',
      }),
      superuser: false,
      key: `same${i}`,
    }))
    const spy = counting(app)
    const results = await checkRecordAccess(spy.app, user1, checks)
    assert.deepEqual(
      results,
      checks.map((_, i) => i % 2 === 0),
    )
    assert.equal(spy.statements.length, 1)
    assert.equal(
      spy.statements[0]!.match(/\(\?, \?\)/g)?.length,
      8,
      'two distinct rows, padded to 8',
    )
  })

  test('constant answers need no SQL: superusers, empty and null rules', async () => {
    const spy = counting(app)
    const results = await checkRecordAccess(spy.app, user1, [
      { rule: null, info: info(null), superuser: false, key: 'a' },
      { rule: null, info: info({ id: 'x' }), superuser: true, key: 'b' },
      { rule: '', info: info(null), superuser: false, key: 'c' },
    ])
    assert.deepEqual(results, [false, true, true])
    assert.equal(spy.statements.length, 0)
  })

  test('a filter adds its own check: hidden fields and, for non-superusers, @request. deny', async () => {
    const results = await checkRecordAccess(app, user1, [
      { rule: '', info: info(null, { filter: 'name = "test1"' }), superuser: false, key: 'f1' },
      { rule: '', info: info(null, { filter: 'name = "nope"' }), superuser: false, key: 'f2' },
      { rule: '', info: info(null, { filter: 'tokenKey != ""' }), superuser: false, key: 'f3' },
      {
        rule: null,
        info: info({ id: 'x' }, { filter: 'tokenKey != ""' }),
        superuser: true,
        key: 'f4',
      },
      {
        rule: '',
        info: info(null, { filter: '@request.method = "GET"' }),
        superuser: false,
        key: 'f5',
      },
      {
        rule: null,
        info: info({ id: 'x' }, { filter: '@request.method = "GET"' }),
        superuser: true,
        key: 'f6',
      },
      {
        rule: 'name = "test1"',
        info: info(null, { filter: 'name = "test1"', sort: '@request.x' }),
        superuser: false,
        key: 'f7',
      },
    ])
    assert.deepEqual(results, [true, false, false, false, false, true, false])
  })

  test('a rule that does not compile denies', async () => {
    const results = await checkRecordAccess(app, user1, [
      { rule: 'nope_field = 1', info: info(null), superuser: false, key: 'bad' },
      { rule: '(((', info: info(null), superuser: false, key: 'bad2' },
    ])
    assert.deepEqual(results, [false, false])
  })
})

test('placeholders are replaced outside literals, quoted identifiers and comments', () => {
  let n = 0
  const out = replacePlaceholders(
    `SELECT ? FROM "a?b" WHERE x = '?''?' AND [c?] = ? AND \`d?\` = ? -- ?\n AND y = ? /* ? */ AND z = (?+0.0)`,
    () => `$${++n}`,
  )
  assert.equal(
    out,
    `SELECT $1 FROM "a?b" WHERE x = '?''?' AND [c?] = $2 AND \`d?\` = $3 -- ?\n AND y = $4 /* ? */ AND z = ($5+0.0)`,
  )
})

/** Rules over demo1 (relations to demo2 and users): auth fields, relations and `@collection`. */
const SCENARIO_RULES: readonly (string | null)[] = [
  '',
  null,
  '@request.auth.id != "" && (bool = true || rel_many.id ?= @request.auth.id)',
  'rel_many.verified ?= true && @request.auth.verified = true',
  '@request.auth.rel.title = "test1" || @request.auth.rel.title = "test3"',
  '@collection.users.id ?= @request.auth.id && @collection.users.verified ?= true',
  '@request.auth.collectionName = "clients"',
  'rel_one.rel_many.email ?= @request.auth.email',
  'rel_many.rel.title ?= @request.auth.rel.title && @request.auth.emailVisibility = false',
  '@request.auth.id = ""',
]

const SCENARIO_ACTORS: readonly Actor[] = [
  'guest',
  'superuser',
  { collection: 'users', id: '4q1xlclmfloku33' },
  { collection: 'users', id: 'oap640cot4yru2s' },
  { collection: 'users', id: 'bgs820n361vj1qd' },
  { collection: 'clients', id: 'gk390qegs4y47wn' },
]

describe('batched and prepared checks decide as one check alone and the list rule', { skip }, () => {
  let app: App
  let fx: Fixture
  before(async () => {
    app = (await newFixtureApp())!
    fx = (await openFixture())!
  })
  after(async () => {
    await fx?.close()
    await app?.close()
  })

  test('every rule × actor × demo1 record', async () => {
    const collection = requireCollection(app, 'demo1')
    const rows = await app.db().all<{ id: string }>('SELECT id FROM demo1 ORDER BY id')
    const ids = rows.map((r) => r.id)
    assert.equal(ids.length, 3)
    const scenarios: { name: string; check: Omit<AccessCheck, 'key'>; visible: string[] }[] = []
    for (const [r, rule] of SCENARIO_RULES.entries()) {
      for (const [a, actor] of SCENARIO_ACTORS.entries()) {
        const requestInfo = { ...(await requestInfoFor(fx, actor)), context: 'realtime' }
        let visible: string[]
        try {
          visible = await listIds(fx, { collection: 'demo1', as: actor, rule })
        } catch {
          visible = [] // superusers only
        }
        scenarios.push({
          name: `rule ${r} as ${typeof actor === 'string' ? actor : actor.id} (${a})`,
          check: { rule, info: requestInfo, superuser: actor === 'superuser' },
          visible,
        })
      }
    }
    // the list rule lets someone see something, and hides something from someone, in most scenarios
    assert.ok(scenarios.some((s) => s.visible.length > 0 && s.visible.length < 3))

    for (const id of ids) {
      const record = (await findRecordById(app, collection, id))!
      const expected = scenarios.map((s) => s.visible.includes(id))
      const keyed = (mode: string) => scenarios.map((s, i) => ({ ...s.check, key: `${mode}|${id}|${i}` }))

      const alone: boolean[] = []
      for (const check of keyed('alone')) {
        alone.push(...(await checkRecordAccess(app, record, [check])))
      }
      const batched = await checkRecordAccess(app, record, keyed('batched'))
      const before = cachedAccessChecks(app, collection.id)
      prepareRecordAccess(app, collection, keyed('prepared'))
      assert.equal(cachedAccessChecks(app, collection.id), before + scenarios.length)
      const prepared = await checkRecordAccess(app, record, keyed('prepared'))

      for (const [i, s] of scenarios.entries()) {
        assert.equal(alone[i], expected[i], `${s.name}, record ${id}: per subscriber`)
        assert.equal(batched[i], expected[i], `${s.name}, record ${id}: batched`)
        assert.equal(prepared[i], expected[i], `${s.name}, record ${id}: prepared`)
      }
    }
  })

  test('an event uses the checks compiled ahead (same key, same compiled check)', async () => {
    const collection = requireCollection(app, 'demo2')
    const record = (await findRecordById(app, collection, 'llvuca81nly1qls'))!
    const guest = { ...(await requestInfoFor(fx, 'guest')), context: 'realtime' }
    // a key names one rule + auth + options; reusing it for another rule shows which compile is used
    prepareRecordAccess(app, collection, [
      { rule: 'title = "nope"', info: guest, superuser: false, key: 'ahead' },
    ])
    assert.deepEqual(
      await checkRecordAccess(app, record, [
        { rule: 'title = "test1"', info: guest, superuser: false, key: 'ahead' },
        { rule: 'title = "test1"', info: guest, superuser: false, key: 'fresh' },
      ]),
      [false, true],
    )
  })
})
