import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
// note: first, so the app's modules load in their usual order
import { newFixtureApp } from './collection-test-app.test-util.js'
import type { App } from '../app.js'
import {
  createViewFields,
  dryRunView,
  normalizeViewQueryId,
  normalizeViewSelectQuery,
} from './view-collection.js'
import { parseViewQuery } from './view-query-parser.js'

// PocketBase's core/view_test.go TestCreateViewFields scenarios (same fixture): null = must fail
const CASES: [string, string, Record<string, string> | null][] = [
  ['empty query', '', null],
  ['invalid query', 'test 123456', null],
  ['missing table', 'select id from missing', null],
  ['wildcard column', 'select a.id, a.* from demo1 a', null],
  ['wrapped wildcard', 'select * from (select 1 as id)', null],
  ['no id', 'select text, url, created, updated from demo1', null],
  [
    'comments',
    `
      select
      -- test single line
      demo1.id,
      demo1.text,
      /* multi
       * line comment block */
      demo1.url, demo1.created, demo1.updated from/* inline comment block with no spaces between the identifiers */demo1
      -- comment before join
      join demo2 ON (
        -- comment inside join
        demo2.id = demo1.id
      )
      -- comment before where
      where (
        -- comment inside where
        demo2.id = demo1.id
      )
    `,
    { id: 'text', text: 'text', url: 'url', created: 'autodate', updated: 'autodate' },
  ],
  [
    'all fields, quoted identifiers',
    `select "id", "created", "updated", [text], \`bool\`, "url", "select_one", "select_many", "file_one",
      "demo1"."file_many", \`demo1\`.\`number\` number_alias, "email", "datetime", "json", "rel_one", "rel_many",
      'single_quoted_custom_literal' as 'single_quoted_column'
    from demo1`,
    {
      id: 'text',
      created: 'autodate',
      updated: 'autodate',
      text: 'text',
      bool: 'bool',
      url: 'url',
      select_one: 'select',
      select_many: 'select',
      file_one: 'file',
      file_many: 'file',
      number_alias: 'number',
      email: 'email',
      datetime: 'date',
      json: 'json',
      rel_one: 'relation',
      rel_many: 'relation',
      single_quoted_column: 'json',
    },
  ],
  [
    'indirect relations',
    'select a.id, b.id as bid, b.created from demo1 as a left join demo2 b',
    { id: 'text', bid: 'relation', created: 'autodate' },
  ],
  [
    'several froms, joins and alias styles',
    `select a.id as id, b.id as bid, lj.id cid, ij.id as did, a.bool, _superusers.id as eid, _superusers.email
     from demo1 a, demo2 as b
     left join demo3 lj on lj.id = 123
     inner join demo4 as ij on ij.id = 123
     join _superusers
     where 1=1
     group by a.id
     limit 10`,
    {
      id: 'text',
      bid: 'relation',
      cid: 'relation',
      did: 'relation',
      bool: 'bool',
      eid: 'relation',
      email: 'email',
    },
  ],
  [
    'casts and aggregates',
    `select a.id, count(a.id) count, cast(a.id as int) cast_int, cast(a.id as integer) cast_integer,
      cast(a.id as real) cast_real, cast(a.id as decimal) cast_decimal, cast(a.id as numeric) cast_numeric,
      cast(a.id as text) cast_text, cast(a.id as bool) cast_bool, cast(a.id as boolean) cast_boolean,
      avg(a.id) avg, sum(a.id) sum, total(a.id) total, min(a.id) min, max(a.id) max
    from demo1 a`,
    {
      id: 'text',
      count: 'number',
      total: 'number',
      cast_int: 'number',
      cast_integer: 'number',
      cast_real: 'number',
      cast_decimal: 'number',
      cast_numeric: 'number',
      cast_text: 'text',
      cast_bool: 'bool',
      cast_boolean: 'bool',
      sum: 'json',
      avg: 'json',
      min: 'json',
      max: 'json',
    },
  ],
  [
    'multiline cast',
    `select id, cast(
        ( case when count(a.id) = 1 then 21 when count(a.id) = 2 then 18 else 0 end ) as int
      ) as cast_int from demo1 a`,
    { id: 'text', cast_int: 'number' },
  ],
  [
    'case-insensitive cast',
    'select id, CaSt( a.id  aS iNt ) as cast_int from demo1 a',
    { id: 'text', cast_int: 'number' },
  ],
  [
    'auth collection fields',
    'select a.id, a.username, a.email, a.emailVisibility, a.verified, demo1.id relid from users a left join demo1',
    {
      id: 'text',
      username: 'text',
      email: 'email',
      emailVisibility: 'bool',
      verified: 'bool',
      relid: 'relation',
    },
  ],
  [
    'unknown fields and aliases',
    `select id, id as id2, text as text_alias, url as url_alias, "demo1"."bool" as bool_alias, number as number_alias,
      created created_alias, updated updated_alias, 123 as custom from demo1`,
    {
      id: 'text',
      id2: 'relation',
      text_alias: 'text',
      url_alias: 'url',
      bool_alias: 'bool',
      number_alias: 'number',
      created_alias: 'autodate',
      updated_alias: 'autodate',
      custom: 'json',
    },
  ],
  [
    'distinct, reordered id',
    'select distinct id as id2, id, 123 as custom from demo1',
    { id2: 'relation', id: 'text', custom: 'json' },
  ],
  [
    'same field aliased several times',
    'select a.id as id, a.text as alias1, a.text as alias2, b.text as alias3, b.text as alias4 from demo1 a left join demo1 as b',
    { id: 'text', alias1: 'text', alias2: 'text', alias3: 'text', alias4: 'text' },
  ],
]

describe('view collections on the PocketBase fixture', () => {
  let app: App | undefined
  before(async () => {
    app = await newFixtureApp()
  })
  after(() => app?.close())

  test('createViewFields infers the fields PocketBase infers', async (t) => {
    if (!app) return t.skip('fixture not available')
    for (const [name, query, expected] of CASES) {
      if (expected === null) {
        await assert.rejects(createViewFields(app, query), Error, name)
        continue
      }
      const fields = await createViewFields(app, query)
      assert.deepEqual(Object.fromEntries(fields.map((f) => [f.name, f.type])), expected, name)
      // aliased copies get distinct ids; selected ids become relations to their collection
      assert.equal(new Set(fields.map((f) => f.id)).size, fields.length, name)
    }
    const [, bid] = await createViewFields(
      app,
      'select a.id, b.id as bid from demo1 a left join demo2 b',
    )
    assert.equal(bid!.collectionId, app.findCachedCollection('demo2')!.id)
    assert.equal(bid!.maxSelect, 1)
    // nothing is left behind by the temporary views
    assert.equal(
      await app
        .db()
        .get("SELECT 1 AS x FROM sqlite_master WHERE name LIKE '\\_temp\\_%' ESCAPE '\\'"),
      undefined,
    )
  })

  test('numeric ids are wrapped to TEXT, text ids are left alone', async (t) => {
    if (!app) return t.skip('fixture not available')
    assert.equal(
      await normalizeViewQueryId(app, 'select id, text from demo1;'),
      'select id, text from demo1',
    )
    assert.equal(
      await normalizeViewQueryId(app, 'select (ROW_NUMBER() OVER()) as id, email from clients'),
      'SELECT CAST(`id` as TEXT) `id`,`email` FROM (select (ROW_NUMBER() OVER()) as id, email from clients)',
    )
  })

  test('dryRunView samples records and refuses empty or duplicated ids', async (t) => {
    if (!app) return t.skip('fixture not available')
    const result = await dryRunView(app, 'select 1 as id', 10)
    assert.deepEqual(
      result.sample.map((r) => r.id),
      ['1'],
    )
    // (checked on PocketBase: a parenthesised query has no readable columns, so its id wrapper fails)
    await assert.rejects(
      dryRunView(app, "(select 1 as id union select '' as id)", 10),
      /near "FROM": syntax error \(1\); failed query: SELECT/,
    )
    await assert.rejects(
      dryRunView(app, "select id from (select 'a' as id union all select '' as id)", 10),
      /empty or invalid ids/,
    )
    await assert.rejects(
      dryRunView(app, 'select id from (select 1 as id union all select 1 as id)', 10),
      /non-unique ids/,
    )
    await assert.rejects(dryRunView(app, 'CREATE TABLE t1(x INT)', 10))
    assert.equal(
      await app.db().get("SELECT 1 AS x FROM sqlite_master WHERE name = 't1'"),
      undefined,
    )
  })
})

test('normalizeViewSelectQuery trims and refuses several statements', () => {
  assert.equal(normalizeViewSelectQuery('  select 1 as id;; '), 'select 1 as id')
  assert.equal(normalizeViewSelectQuery("select ';' as id"), "select ';' as id")
  assert.throws(
    () => normalizeViewSelectQuery('select 1 as id; drop table users'),
    /multiple statements/,
  )
})

test('parseViewQuery reads columns and tables like PocketBase', () => {
  assert.deepEqual(
    parseViewQuery(
      'select a.id, b.x as y, count(*) c from t1 a left join t2 as b on a.id = b.id where 1',
    ),
    {
      columns: [
        { original: 'a.id', alias: 'id' },
        { original: 'b.x', alias: 'y' },
        { original: 'count(*)', alias: 'c' },
      ],
      tables: [
        { original: 't1', alias: 'a' },
        { original: 't2', alias: 'b' },
      ],
    },
  )
  assert.throws(() => parseViewQuery('select a b c from t'), /invalid identifier part/)
  assert.throws(() => parseViewQuery('select a + b as c from t'), /invalid identifier parts/)
})
