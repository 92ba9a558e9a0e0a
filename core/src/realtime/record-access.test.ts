import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { App } from '../app.js'
import type { SqlParams } from '../db/sqlite-port.js'
import { fixtureDataDb } from '../records/record-field-resolver.test-util.js'
import { findRecordById, requireCollection } from '../records/record-query.js'
import type { RecordModel } from '../records/record-model.js'
import { checkRecordAccess, replacePlaceholders, type AccessCheck } from './record-access.js'
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
