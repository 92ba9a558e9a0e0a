import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { SqlValue } from '../db/sqlite-port.js'
import { compileFilter } from '../filter/filter-compiler.js'
import { FilterError, FilterForbiddenError, FilterResolveError } from '../filter/filter-error.js'
import { buildSelect } from '../filter/select-builder.js'
import { JsonRaw } from '../tools/json-raw.js'
import {
  assertNoSuperuserOnlyFields,
  headersToRequestInfo,
  snakecase,
  type RequestInfo,
} from './record-field-resolver-request.js'
import { hasSingleColumnUniqueIndex } from './record-field-resolver-sql.js'
import { createRecordFieldResolver } from './record-field-resolver.js'
import {
  authInfo,
  fixtureDataDb,
  openFixture,
  type Fixture,
} from './record-field-resolver.test-util.js'

test('superuser-only fields: substring check on filter and sort', () => {
  const cases: { name: string; filter?: string; sort?: string; error?: string }[] = [
    {
      name: '@request in filter',
      filter: "@request.auth.id != ''",
      error: 'Only superusers can filter by @request.',
    },
    {
      name: '@collection in filter',
      filter: '@collection.a.b = 1',
      error: 'Only superusers can filter by @collection.',
    },
    {
      name: 'inside quoted text',
      filter: "title = 'x@request.y'",
      error: 'Only superusers can filter by @request.',
    },
    { name: 'in sort', sort: '@request.query.x', error: 'Only superusers can filter by @request.' },
    { name: 'plain filter', filter: "title = '@requestx'" },
    { name: 'nothing', filter: '' },
  ]
  for (const c of cases) {
    const run = () => assertNoSuperuserOnlyFields({ filter: c.filter, sort: c.sort })
    if (c.error) {
      assert.throws(
        run,
        (e: unknown) =>
          e instanceof FilterForbiddenError && e.status === 403 && e.message === c.error,
        c.name,
      )
    } else {
      assert.doesNotThrow(run, c.name)
    }
  }
})

test('request info helpers: header names are snake-cased like PocketBase', () => {
  assert.equal(snakecase('X-Token'), 'x_token')
  assert.equal(snakecase('x-api-key'), 'x_api_key')
  assert.equal(snakecase('Content-Type'), 'content_type')
  assert.equal(snakecase('userAgent'), 'user_agent')
  assert.equal(snakecase('XMLHttp'), 'xmlhttp')
  assert.deepEqual(headersToRequestInfo(new Headers({ 'X-Token': 'a', Accept: 'b, c' })), {
    accept: 'b, c',
    x_token: 'a',
  })
})

test('unique index detection for back-relations', () => {
  const cases: { indexes: string[]; column: string; unique: boolean }[] = [
    { indexes: ['CREATE UNIQUE INDEX `idx` ON `t` (`rel`)'], column: 'rel', unique: true },
    {
      indexes: ["CREATE UNIQUE INDEX idx ON t (rel) WHERE rel != ''"],
      column: 'REL',
      unique: true,
    },
    {
      indexes: ['create unique index if not exists "i" on "t" (\n"rel" COLLATE nocase DESC\n)'],
      column: 'rel',
      unique: true,
    },
    { indexes: ['CREATE INDEX `idx` ON `t` (`rel`)'], column: 'rel', unique: false },
    {
      indexes: ['CREATE UNIQUE INDEX `idx` ON `t` (`rel`, `other`)'],
      column: 'rel',
      unique: false,
    },
    { indexes: ['CREATE UNIQUE INDEX `idx` ON `t` (`other`)'], column: 'rel', unique: false },
  ]
  for (const c of cases) {
    assert.equal(hasSingleColumnUniqueIndex(c.indexes, c.column), c.unique, c.indexes[0])
  }
})

describe(
  'record resolver on the fixture collections',
  { skip: fixtureDataDb() ? false : 'no PocketBase fixture on this machine' },
  () => {
    let fx: Fixture
    let userInfo: RequestInfo
    before(async () => {
      fx = (await openFixture())!
      userInfo = {
        auth: await authInfo(fx, 'users', '4q1xlclmfloku33'),
        body: {},
        query: {},
        headers: {},
        method: 'GET',
        context: 'default',
      }
    })
    after(async () => {
      await fx?.close()
    })

    test('identifier resolution (demo4, user auth, hidden fields allowed)', () => {
      const cases: { name: string; sql?: string }[] = [
        // errors first
        { name: '' },
        { name: ' ' },
        { name: 'unknown' },
        { name: 'invalid format' },
        { name: 'title.test' },
        { name: 'self_rel_many.' },
        { name: 'self_rel_many.unknown' },
        { name: 'title:upper' },
        {
          name: 'self_rel_many.self_rel_many.self_rel_many.self_rel_many.self_rel_many.self_rel_many.self_rel_many.id',
        },
        { name: 'rel_one_cascade.demo4_via_title.id' },
        { name: 'rel_one_cascade.demo4_via_self_rel_one.id' },
        { name: '@collect' },
        { name: 'collection.demo4.title' },
        { name: '@collection' },
        { name: '@collection.unknown' },
        { name: '@collection.demo2' },
        { name: '@collection.demo2.' },
        { name: '@collection.demo2:someAlias' },
        { name: '@collection.unknown.title' },
        { name: '@collection.demo4.self_rel_many.missing' },
        { name: '@request' },
        { name: '@request.missing' },
        { name: '@request.query' },
        { name: '@request.auth.name.x' },
        // columns and joins
        { name: 'id', sql: '"demo4"."id"' },
        { name: 'created', sql: '"demo4"."created"' },
        { name: 'self_rel_many', sql: '"demo4"."self_rel_many"' },
        { name: 'self_rel_one.id', sql: '"demo4"."self_rel_one"' },
        { name: 'self_rel_many.title', sql: '"demo4_self_rel_many"."title"' },
        { name: 'title:lower', sql: 'LOWER("demo4"."title")' },
        { name: 'title:each', sql: '"demo4"."title"' },
        {
          name: 'self_rel_many.self_rel_many.self_rel_many.self_rel_many.self_rel_many.self_rel_many.id',
          sql: '"demo4_self_rel_many_self_rel_many_self_rel_many_self_rel_many_self_rel_many_self_rel_many"."id"',
        },
        {
          name: 'rel_one_cascade.demo4_via_rel_one_cascade.id',
          sql: '"demo4_rel_one_cascade_demo4_via_rel_one_cascade"."id"',
        },
        {
          name: 'json_array.0',
          sql: `(CASE WHEN json_valid("demo4"."json_array") THEN JSON_EXTRACT("demo4"."json_array", '$[0]') ELSE JSON_EXTRACT(json_object('pb', "demo4"."json_array"), '$.pb[0]') END)`,
        },
        {
          name: 'json_object.a.b.c.e.f.g.h.i.j.k',
          sql: `(CASE WHEN json_valid("demo4"."json_object") THEN JSON_EXTRACT("demo4"."json_object", '$.a.b.c.e.f.g.h.i.j.k') ELSE JSON_EXTRACT(json_object('pb', "demo4"."json_object"), '$.pb.a.b.c.e.f.g.h.i.j.k') END)`,
        },
        {
          name: 'json_object',
          sql: `(CASE WHEN json_valid("demo4"."json_object") THEN JSON_EXTRACT("demo4"."json_object", '$') ELSE JSON_EXTRACT(json_object('pb', "demo4"."json_object"), '$.pb') END)`,
        },
        { name: '@request.auth.rel', sql: '"__auth_users"."rel"' },
        { name: '@request.auth.rel.title', sql: '"__auth_users_rel"."title"' },
        {
          name: '@request.auth.demo1_via_rel_many.id',
          sql: '"__auth_users_demo1_via_rel_many"."id"',
        },
        { name: '@request.auth.rel.missing', sql: 'NULL' },
        { name: '@request.auth.missing_via_rel', sql: 'NULL' },
        { name: '@request.auth.demo1_via_file_one.id', sql: 'NULL' },
        { name: '@request.auth.demo1_via_rel_one.id', sql: 'NULL' },
        { name: '@collection.demo2.title', sql: '"__collection_demo2"."title"' },
        {
          name: '@collection.demo2:someAlias.title',
          sql: '"__collection_alias_someAlias"."title"',
        },
        { name: '@collection.demo4.id', sql: '"__collection_demo4"."id"' },
        {
          name: '@collection.demo4.self_rel_many.self_rel_one.self_rel_many.self_rel_one.title',
          sql: '"__collection_demo4_self_rel_many_self_rel_one_self_rel_many_self_rel_one"."title"',
        },
      ]
      const resolver = createRecordFieldResolver({
        collection: fx.collection('demo4'),
        collections: fx.collections,
        requestInfo: userInfo,
        allowHiddenFields: true,
      })
      for (const c of cases) {
        if (c.sql === undefined) {
          assert.throws(
            () => resolver.resolve(c.name),
            FilterResolveError,
            `expected an error for ${JSON.stringify(c.name)}`,
          )
        } else {
          const r = resolver.resolve(c.name)
          assert.equal(r.sql, c.sql, c.name)
          assert.deepEqual(r.params, [], c.name)
        }
      }
    })

    test('@request.* values are bound parameters', () => {
      const info: RequestInfo = {
        auth: userInfo.auth,
        context: 'ctx',
        method: 'get',
        query: { a: '123' },
        headers: { d: '789' },
        body: {
          number: '10',
          number_unknown: '20',
          raw_json_obj: new JsonRaw('{"a":123}'),
          raw_json_arr1: new JsonRaw('[123, 456]'),
          raw_json_arr2: new JsonRaw('[{"a":123},{"b":456}]'),
          raw_json_simple: new JsonRaw('123'),
          b: 456,
          c: { sub: 1 },
          t: true,
          nil: null,
        },
      }
      const resolver = createRecordFieldResolver({
        collection: fx.collection('demo1'),
        collections: fx.collections,
        requestInfo: info,
        allowHiddenFields: true,
      })
      const cases: { name: string; error?: true; sql?: string; params?: SqlValue[] }[] = [
        { name: '@request', error: true },
        { name: '@request.body', error: true },
        { name: '@request.headers', error: true },
        { name: '@request.auth', error: true },
        { name: '@request.query.a:each', error: true },
        { name: '@request.context', sql: '?', params: ['ctx'] },
        { name: '@request.method', sql: '?', params: ['get'] },
        { name: '@request.query.a', sql: '?', params: ['123'] },
        { name: '@request.query.a.missing', sql: 'NULL', params: [] },
        { name: '@request.query.a:isset', sql: 'TRUE', params: [] },
        { name: '@request.query.b:isset', sql: 'FALSE', params: [] },
        { name: '@request.headers.d', sql: '?', params: ['789'] },
        { name: '@request.headers.missing', sql: 'NULL', params: [] },
        { name: '@request.headers.d:lower', sql: 'LOWER(?)', params: ['789'] },
        { name: '@request.body.b', sql: '(?+0.0)', params: [456] },
        { name: '@request.body.number', sql: '(?+0.0)', params: [10] },
        { name: '@request.body.number_unknown', sql: '?', params: ['20'] },
        { name: '@request.body.c', sql: '?', params: ['{"sub":1}'] },
        { name: '@request.body.c.sub', sql: '(?+0.0)', params: [1] },
        { name: '@request.body.t', sql: '?', params: [1] },
        { name: '@request.body.nil', sql: 'NULL', params: [] },
        { name: '@request.body.nil:isset', sql: 'TRUE', params: [] },
        { name: '@request.body.raw_json_simple', sql: '?', params: ['123'] },
        { name: '@request.body.raw_json_simple.a', sql: 'NULL', params: [] },
        { name: '@request.body.raw_json_obj.a', sql: '(?+0.0)', params: [123] },
        { name: '@request.body.raw_json_arr1.1', sql: '(?+0.0)', params: [456] },
        { name: '@request.body.raw_json_arr1.3', sql: 'NULL', params: [] },
        { name: '@request.body.raw_json_arr2.0.a', sql: '(?+0.0)', params: [123] },
        { name: '@request.auth.id', sql: '?', params: ['4q1xlclmfloku33'] },
        { name: '@request.auth.collectionName', sql: '?', params: ['users'] },
        { name: '@request.auth.verified', sql: '?', params: [0] },
        { name: '@request.auth.email', sql: '?', params: ['test@example.com'] },
        { name: '@request.auth.missing', sql: 'NULL', params: [] },
      ]
      for (const c of cases) {
        if (c.error) {
          assert.throws(() => resolver.resolve(c.name), FilterError, c.name)
        } else {
          const r = resolver.resolve(c.name)
          assert.equal(r.sql, c.sql, c.name)
          assert.deepEqual(r.params, c.params, c.name)
        }
      }
    })

    test('requestInfo null: every @request.* is NULL', () => {
      const resolver = createRecordFieldResolver({
        collection: fx.collection('demo1'),
        collections: fx.collections,
        requestInfo: null,
        allowHiddenFields: true,
      })
      for (const name of [
        '@request.auth.id',
        '@request.body.text',
        '@request.query.a:isset',
        '@request.method',
      ]) {
        assert.equal(resolver.resolve(name).sql, 'NULL', name)
      }
    })

    test('SQL shapes', () => {
      const cases: {
        name: string
        collection: string
        filter: string
        hidden?: boolean
        sql: string
        params: SqlValue[]
      }[] = [
        {
          name: 'single relation join',
          collection: 'demo4',
          filter: 'self_rel_one.title > true',
          sql: 'SELECT DISTINCT "demo4".* FROM "demo4" LEFT JOIN "demo4" "demo4_self_rel_one" ON "demo4_self_rel_one"."id" = "demo4"."self_rel_one" WHERE ("demo4_self_rel_one"."title" > 1)',
          params: [],
        },
        {
          name: 'auth join and static values',
          collection: 'demo4',
          filter:
            '@request.auth.username > true || @request.auth.id = 1 || @request.body.demo < true',
          sql:
            'SELECT DISTINCT "demo4".* FROM "demo4" LEFT JOIN "users" "__auth_users" ON "__auth_users"."id" = ? ' +
            'WHERE (("__auth_users"."username" > 1 OR ? = (?+0.0) OR NULL < 1))',
          params: ['4q1xlclmfloku33', '4q1xlclmfloku33', 1],
        },
        {
          name: 'email of an auth collection for non-superusers',
          collection: 'nologin',
          filter: "email = 'x' || email:lower = 'y'",
          hidden: false,
          sql:
            'SELECT "nologin".* FROM "nologin" WHERE (((("nologin"."email" = ?) AND ("nologin"."emailVisibility" = TRUE)) OR ' +
            '((LOWER("nologin"."email") = ?) AND ("nologin"."emailVisibility" = TRUE))))',
          params: ['x', 'y'],
        },
        {
          name: 'list rule of a joined collection for non-superusers',
          collection: 'demo4',
          filter: "rel_one_cascade.title = 'x'",
          hidden: false,
          sql:
            'SELECT DISTINCT "demo4".* FROM "demo4" LEFT JOIN "demo3" "demo4_rel_one_cascade" ON "demo4_rel_one_cascade"."id" = "demo4"."rel_one_cascade" ' +
            `WHERE ((("demo4_rel_one_cascade"."id" = '' OR "demo4_rel_one_cascade"."id" IS NULL) OR (? IS NOT '' AND ? IS NOT ?))) ` +
            'AND ("demo4_rel_one_cascade"."title" = ?)',
          params: ['4q1xlclmfloku33', 'users', 'users', 'x'],
        },
      ]
      for (const c of cases) {
        const resolver = createRecordFieldResolver({
          collection: fx.collection(c.collection),
          collections: fx.collections,
          requestInfo: userInfo,
          allowHiddenFields: c.hidden ?? true,
        })
        const where = compileFilter(c.filter, resolver)
        const q = buildSelect({ from: c.collection, where: [where], resolver })
        assert.equal(q.sql, c.sql, c.name)
        assert.deepEqual(q.params, c.params, c.name)
      }
    })

    test('a joined superuser-only collection is an error for non-superusers', () => {
      const resolver = createRecordFieldResolver({
        collection: fx.collection('view1'),
        collections: fx.collections,
        requestInfo: userInfo,
        allowHiddenFields: false,
      })
      assert.throws(() => compileFilter("rel_many.name != ''", resolver), FilterResolveError)
      assert.throws(() => compileFilter("@request.auth.name != ''", resolver), FilterResolveError)
    })

    test('@request.body modifiers and relations (rules over submitted data)', async () => {
      const body = {
        select_many: ['optionA', 'optionC'],
        text: 'ABC',
        number: '123456',
        rel_one: '84nmscqy84lsi1t',
        rel_many: ['4q1xlclmfloku33', 'oap640cot4yru2s'],
        file_many: [],
      }
      const info: RequestInfo = { ...userInfo, method: 'PATCH', body }
      const cases: { name: string; rule: string; expected: string[] }[] = [
        {
          name: ':each any',
          rule: "@request.body.select_many:each ?= 'optionC'",
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: ':each all (fails)',
          rule: "@request.body.select_many:each = 'optionC'",
          expected: [],
        },
        {
          name: ':each all (passes)',
          rule: "@request.body.select_many:each ~ 'option'",
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: ':each of an empty list counts as a non-empty value (PocketBase)',
          rule: "@request.body.file_many:each ?!= ''",
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: ':each vs a record field',
          rule: '@request.body.select_many:each ?= select_one',
          expected: [],
        },
        {
          name: ':length',
          rule: '@request.body.select_many:length = 2 && @request.body.file_many:length = 0 && @request.body.rel_one:length = 1',
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: ':lower',
          rule: "@request.body.text:lower = 'abc' && @request.body.url:lower = ''",
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: ':changed (numeric text of a number field)',
          rule: '@request.body.number:changed = true',
          expected: ['al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: ':changed (not sent)',
          rule: '@request.body.email:changed = false',
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: ':isset',
          rule: '@request.body.text:isset = true && @request.body.bool:isset = false',
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: 'body single relation path',
          rule: "@request.body.rel_one.text = 'test'",
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: 'body multi relation path (all)',
          rule: "@request.body.rel_many.name = 'test1'",
          expected: [],
        },
        {
          name: 'body multi relation path (any)',
          rule: "@request.body.rel_many.name ?= 'test1'",
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
        {
          name: 'body relation compared to the record',
          rule: '@request.body.rel_many.id ?= rel_many.id',
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy'],
        },
        {
          name: 'body unset relation path is NULL',
          rule: '@request.body.rel_many_missing.name = null && @request.body.rel_one.missing = null',
          expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'],
        },
      ]
      for (const c of cases) {
        const resolver = createRecordFieldResolver({
          collection: fx.collection('demo1'),
          collections: fx.collections,
          requestInfo: info,
          allowHiddenFields: true,
        })
        const q = buildSelect({
          from: 'demo1',
          columns: '"demo1".id',
          where: [compileFilter(c.rule, resolver)],
          resolver,
        })
        const ids = (await fx.db.all<{ id: string }>(q.sql, q.params)).map((r) => r.id).sort()
        assert.deepEqual(ids, c.expected, c.name)
      }
    })

    test('a @request.body.*:each operand cannot be a LIKE pattern (PocketBase fails with 400)', () => {
      const resolver = createRecordFieldResolver({
        collection: fx.collection('demo1'),
        collections: fx.collections,
        requestInfo: { ...userInfo, body: { select_many: ['a'] } },
        allowHiddenFields: true,
      })
      assert.throws(
        () => compileFilter('text ~ @request.body.select_many:each', resolver),
        FilterResolveError,
      )
      assert.doesNotThrow(() => compileFilter('@request.body.select_many:each ~ text', resolver))
    })

    test('compiled SQL never contains request text', () => {
      const evil = `x'); DROP TABLE demo1; --"`
      const info: RequestInfo = {
        ...userInfo,
        body: { text: evil, select_many: [evil] },
        query: { q: evil },
        headers: { h: evil },
      }
      const resolver = createRecordFieldResolver({
        collection: fx.collection('demo1'),
        collections: fx.collections,
        requestInfo: info,
        allowHiddenFields: true,
      })
      const where = compileFilter(
        `text = @request.body.text || text ~ @request.query.q || text = @request.headers.h:lower || @request.body.select_many:each ?= text || text = ${JSON.stringify(evil)}`,
        resolver,
      )
      const q = buildSelect({ from: 'demo1', where: [where], resolver })
      assert.ok(!q.sql.includes('DROP'), q.sql)
      assert.ok(q.params.some((p) => typeof p === 'string' && p.includes('DROP')))
    })
  },
)
