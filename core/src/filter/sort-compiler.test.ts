import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FilterLimitError, FilterResolveError } from './filter-error.js'
import { createSimpleFieldResolver } from './simple-field-resolver.js'
import { compileSort, parseSort } from './sort-compiler.js'
import { testResolver } from './filter-test-resolver.test-util.js'

const cases: { name: string; sort: string; error?: 'limit' | 'resolve'; sql?: string[] }[] = [
  // errors first
  { name: 'unknown field', sort: 'nope', error: 'resolve' },
  { name: 'empty item', sort: 'a,', error: 'resolve' },
  { name: 'only a comma', sort: ',', error: 'resolve' },
  { name: 'blank', sort: ' ', error: 'resolve' },
  { name: 'a bound value is not sortable', sort: 'val', error: 'resolve' },
  { name: 'null is not sortable', sort: 'null', error: 'resolve' },
  { name: 'too many fields', sort: 'a,b,n,title,a,b,n,title,a', error: 'limit' },
  { name: 'field too long', sort: 'a'.repeat(256), error: 'limit' },
  // happy path
  { name: 'ascending by default', sort: 'a', sql: ['"t"."a" ASC'] },
  {
    name: 'plus and minus prefixes, trimmed',
    sort: ' -a , +b ',
    sql: ['"t"."a" DESC', '"t"."b" ASC'],
  },
  { name: 'random ignores direction', sort: '-@random', sql: ['RANDOM()'] },
  { name: 'rowid', sort: '-@rowid,@rowid', sql: ['"t"."_rowid_" DESC', '"t"."_rowid_" ASC'] },
  {
    name: 'expressions are allowed',
    sort: 'j,many',
    sql: [`JSON_EXTRACT("t"."j", '$') ASC`, '"m"."v" ASC'],
  },
  {
    name: 'eight fields',
    sort: 'a,b,n,title,a,b,n,title',
    sql: ['a', 'b', 'n', 'title', 'a', 'b', 'n', 'title'].map((f) => `"t"."${f}" ASC`),
  },
]

for (const c of cases) {
  test(`sort: ${c.name}`, () => {
    if (c.error) {
      assert.throws(
        () => compileSort(c.sort, testResolver),
        c.error === 'limit' ? FilterLimitError : FilterResolveError,
      )
      return
    }
    assert.deepEqual(
      compileSort(c.sort, testResolver).map((o) => o.sql),
      c.sql,
    )
  })
}

test('sort: parseSort keeps PocketBase field names', () => {
  assert.deepEqual(parseSort('-a,+b.c,@random'), [
    { name: 'a', direction: 'DESC' },
    { name: 'b.c', direction: 'ASC' },
    { name: '@random', direction: 'ASC' },
  ])
})

test('sort: @rowid without a rowid (views) is an error', () => {
  const resolver = createSimpleFieldResolver({ table: 'v', allowedFields: [], hasRowid: false })
  assert.throws(() => compileSort('@rowid', resolver), FilterResolveError)
  assert.deepEqual(
    compileSort('-data.a.0', resolver).map((o) => o.sql),
    [`JSON_EXTRACT("v"."data", '$.a[0]') DESC`],
  )
})
