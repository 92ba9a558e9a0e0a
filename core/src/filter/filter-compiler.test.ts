import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { SqlValue } from '../db/sqlite-port.js'
import {
  FilterError,
  FilterLimitError,
  FilterResolveError,
  FilterSyntaxError,
} from './filter-error.js'
import { compileFilter } from './filter-compiler.js'
import { testResolver } from './filter-test-resolver.test-util.js'
import { formatDateTime, resolveIdentifierMacro } from './identifier-macros.js'

const NOW = '2024-02-10 15:04:05.123Z'
const MM = (col: string) =>
  `SELECT "mm"."${col}" AS "multiMatchValue" FROM "m" "mm" WHERE "mm"."t" = "t"."id"`

const cases: {
  name: string
  filter: string
  error?: abstract new (...args: never[]) => FilterError
  sql?: string
  params?: SqlValue[]
  placeholders?: Record<string, unknown>
  maxExpressions?: number
}[] = [
  // errors first
  { name: 'unknown field', filter: 'nope = 1', error: FilterResolveError },
  { name: 'unknown field on the right', filter: 'a = nope', error: FilterResolveError },
  {
    name: 'prototype names are not keywords',
    filter: 'constructor = 1 || toString = __proto__',
    error: FilterResolveError,
  },
  { name: 'syntax error', filter: 'a = ', error: FilterSyntaxError },
  { name: 'unknown function', filter: 'upper(a) = 1', error: FilterResolveError },
  { name: 'geoDistance arity', filter: 'geoDistance(a, b, 1) < 1', error: FilterResolveError },
  {
    name: 'geoDistance text argument',
    filter: "geoDistance(a, b, 1, '2') < 1",
    error: FilterResolveError,
  },
  {
    name: 'geoDistance function argument',
    filter: 'geoDistance(a, b, 1, strftime("%s")) < 1',
    error: FilterResolveError,
  },
  { name: 'strftime without arguments', filter: 'strftime() = 1', error: FilterResolveError },
  { name: 'strftime format must be text', filter: 'strftime(a) = 1', error: FilterResolveError },
  {
    name: 'strftime modifier must be text',
    filter: "strftime('%Y', a, 1) = 1",
    error: FilterResolveError,
  },
  {
    name: 'strftime time value cannot be a function',
    filter: "strftime('%Y', strftime('%s')) = 1",
    error: FilterResolveError,
  },
  {
    name: 'strftime too many arguments',
    filter: `strftime('%Y', a${", '+1 day'".repeat(9)}) = 1`,
    error: FilterResolveError,
  },
  {
    name: 'expression limit',
    filter: 'a = 1 && (b = 2 || n = 3)',
    maxExpressions: 2,
    error: FilterLimitError,
  },

  // plain comparisons
  { name: 'number literal', filter: 'a = 1', sql: '"t"."a" = (?+0.0)', params: [1] },
  { name: 'text literal', filter: "a = 'x'", sql: '"t"."a" = ?', params: ['x'] },
  { name: 'not equal uses IS NOT', filter: "a != 'x'", sql: '"t"."a" IS NOT ?', params: ['x'] },
  {
    name: 'equal empty text',
    filter: "a = ''",
    sql: `("t"."a" = '' OR "t"."a" IS NULL)`,
    params: [],
  },
  {
    name: 'not equal null',
    filter: 'a != null',
    sql: `("t"."a" IS NOT '' AND "t"."a" IS NOT NULL)`,
    params: [],
  },
  {
    name: 'empty on the left',
    filter: 'null = a',
    sql: `('' = "t"."a" OR "t"."a" IS NULL)`,
    params: [],
  },
  { name: 'both empty', filter: "'' = null", sql: `'' = ''`, params: [] },
  { name: 'both empty, not equal', filter: "'' != null", sql: `'' IS NOT ''`, params: [] },
  {
    name: 'column vs column',
    filter: 'a = b',
    sql: `COALESCE("t"."a", '') = COALESCE("t"."b", '')`,
    params: [],
  },
  {
    name: 'column vs column, not equal',
    filter: 'a != b',
    sql: `COALESCE("t"."a", '') IS NOT COALESCE("t"."b", '')`,
    params: [],
  },
  {
    name: 'true and false',
    filter: 'a = true && b != false',
    sql: '("t"."a" = 1 AND "t"."b" IS NOT 0)',
    params: [],
  },
  {
    name: 'keywords are case-insensitive',
    filter: 'a = TRUE && b = Null',
    sql: `("t"."a" = 1 AND ("t"."b" = '' OR "t"."b" IS NULL))`,
    params: [],
  },
  {
    name: 'json compares with IS',
    filter: "j = null && j != 'x'",
    sql: `(JSON_EXTRACT("t"."j", '$') IS NULL AND JSON_EXTRACT("t"."j", '$') IS NOT ?)`,
    params: ['x'],
  },
  {
    name: 'ordering operators',
    filter: 'a > 1 && a >= 2 && a < 3 && a <= 4',
    sql: '("t"."a" > (?+0.0) AND "t"."a" >= (?+0.0) AND "t"."a" < (?+0.0) AND "t"."a" <= (?+0.0))',
    params: [1, 2, 3, 4],
  },
  {
    name: 'any-of on a single value is plain',
    filter: "a ?= 'x' && a ?!= 'y' && a ?> 1 && a ?~ 'z'",
    sql: `("t"."a" = ? AND "t"."a" IS NOT ? AND "t"."a" > (?+0.0) AND "t"."a" LIKE ? ESCAPE '\\')`,
    params: ['x', 'y', 1, '%z%'],
  },
  { name: 'known non-empty value vs empty', filter: "val = ''", sql: `? = ''`, params: ['v1'] },
  {
    name: 'request-like value vs literal',
    filter: "val = 'v1'",
    sql: '? = ?',
    params: ['v1', 'v1'],
  },

  // LIKE
  { name: 'contains', filter: "a ~ 'x'", sql: `"t"."a" LIKE ? ESCAPE '\\'`, params: ['%x%'] },
  {
    name: 'not contains',
    filter: "a !~ 'x'",
    sql: `"t"."a" NOT LIKE ? ESCAPE '\\'`,
    params: ['%x%'],
  },
  {
    name: 'explicit pattern',
    filter: "a ~ 'x%'",
    sql: `"t"."a" LIKE ? ESCAPE '\\'`,
    params: ['x%'],
  },
  {
    name: 'underscore escaped',
    filter: "a ~ 'a_b'",
    sql: `"t"."a" LIKE ? ESCAPE '\\'`,
    params: ['%a\\_b%'],
  },
  {
    name: 'escaped percent stays literal',
    filter: "a ~ 'x\\%'",
    sql: `"t"."a" LIKE ? ESCAPE '\\'`,
    params: ['%x\\%%'],
  },
  {
    name: 'backslash escaped',
    filter: "a ~ 'a\\\\b'",
    sql: `"t"."a" LIKE ? ESCAPE '\\'`,
    params: ['%a\\\\b%'],
  },
  {
    name: 'number is wrapped as text',
    filter: 'a ~ 12',
    sql: `"t"."a" LIKE ? ESCAPE '\\'`,
    params: ['%12%'],
  },
  {
    name: 'column on the right',
    filter: 'a ~ b',
    sql: `"t"."a" LIKE ('%' || "t"."b" || '%') ESCAPE '\\'`,
    params: [],
  },

  // joins and groups
  {
    name: 'AND binds tighter than OR',
    filter: 'a > 1 || b < 2 && n >= 3',
    sql: '("t"."a" > (?+0.0) OR "t"."b" < (?+0.0) AND "t"."n" >= (?+0.0))',
    params: [1, 2, 3],
  },
  {
    name: 'parentheses',
    filter: '(a > 1 || b < 2) && n >= 3',
    sql: '(("t"."a" > (?+0.0) OR "t"."b" < (?+0.0)) AND "t"."n" >= (?+0.0))',
    params: [1, 2, 3],
  },
  {
    name: 'single-item groups collapse',
    filter: '((a > 1))',
    sql: '"t"."a" > (?+0.0)',
    params: [1],
  },
  {
    name: 'expression limit counts comparisons only',
    filter: '((a = 1)) && ((b = 2))',
    maxExpressions: 2,
    sql: '("t"."a" = (?+0.0) AND "t"."b" = (?+0.0))',
    params: [1, 2],
  },

  // macros, functions, hooks
  {
    name: 'macro',
    filter: '@now > a && @month = 2',
    sql: '(? > "t"."a" AND ? = (?+0.0))',
    params: [NOW, 2, 2],
  },
  {
    name: 'unknown @ identifier goes to the resolver',
    filter: '@nope = 1',
    error: FilterResolveError,
  },
  {
    name: 'geoDistance',
    filter: 'geoDistance(a, b, 1, 2) < 5',
    sql: '(6371 * acos(cos(radians("t"."b")) * cos(radians((?+0.0))) * cos(radians((?+0.0)) - radians("t"."a")) + sin(radians("t"."b")) * sin(radians((?+0.0))))) < (?+0.0)',
    params: [2, 1, 2, 5],
  },
  {
    name: 'strftime',
    filter: "strftime('%Y', a) = '2024'",
    sql: 'strftime(?,"t"."a") = ?',
    params: ['%Y', '2024'],
  },
  {
    name: 'strftime with modifiers',
    filter: "strftime('%Y', 'now', 'start of year', '+1 day') != ''",
    sql: `(strftime(?,?,?,?) IS NOT '' AND strftime(?,?,?,?) IS NOT NULL)`,
    params: ['%Y', 'now', 'start of year', '+1 day', '%Y', 'now', 'start of year', '+1 day'],
  },
  {
    name: 'strftime never takes the non-empty shortcut',
    filter: "strftime('%Y') = ''",
    sql: `(strftime(?) = '' OR strftime(?) IS NULL)`,
    params: ['%Y', '%Y'],
  },
  {
    name: 'afterBuild wraps the comparison',
    filter: "email = 'x'",
    sql: `(("t"."email" = ?) AND ("t"."vis" = TRUE))`,
    params: ['x'],
  },
  {
    name: 'placeholders',
    filter: 'a = {:x} && b = {:y} && n > {:z} && title = {:x}',
    placeholders: { x: 'it"s\\ \n', y: null, z: -2.5 },
    sql: `("t"."a" = ? AND ("t"."b" = '' OR "t"."b" IS NULL) AND "t"."n" > (?+0.0) AND "t"."title" = ?)`,
    params: ['it"s\\ \n', -2.5, 'it"s\\ \n'],
  },
  {
    name: 'placeholder booleans',
    filter: 'a = {:t}',
    placeholders: { t: true },
    sql: '"t"."a" = 1',
    params: [],
  },

  // multi-match
  {
    name: 'all values must match',
    filter: "many = 'x'",
    sql: `(("m"."v" = ?) AND (NOT EXISTS (SELECT 1 FROM (${MM('v')}) "__sm1" WHERE NOT ("__sm1"."multiMatchValue" = ?))))`,
    params: ['x', 'x'],
  },
  { name: 'any value may match', filter: "many ?= 'x'", sql: '"m"."v" = ?', params: ['x'] },
  {
    name: 'multi-valued on the right',
    filter: "'x' != many",
    sql: `((? IS NOT "m"."v") AND (NOT EXISTS (SELECT 1 FROM (${MM('v')}) "__sm1" WHERE NOT (? IS NOT "__sm1"."multiMatchValue"))))`,
    params: ['x', 'x'],
  },
  {
    name: 'multi vs column keeps the column',
    filter: 'many > a',
    sql: `(("m"."v" > "t"."a") AND (NOT EXISTS (SELECT 1 FROM (${MM('v')}) "__sm1" WHERE NOT ("__sm1"."multiMatchValue" > "t"."a"))))`,
    params: [],
  },
  {
    name: 'multi vs multi',
    filter: 'many = many2',
    sql:
      `((COALESCE("m"."v", '') = COALESCE("m"."w", '')) AND (NOT EXISTS (SELECT 1 FROM (${MM('v')}) "__ml1" ` +
      `LEFT JOIN (${MM('w')}) "__mr2" WHERE NOT (COALESCE("__ml1"."multiMatchValue", '') = COALESCE("__mr2"."multiMatchValue", '')))))`,
    params: [],
  },
  {
    name: 'strftime keeps the multi-match',
    filter: "strftime('%Y', many) = '2024'",
    sql: `((strftime(?,"m"."v") = ?) AND (NOT EXISTS (SELECT 1 FROM (SELECT strftime(?,"mm"."v") AS "multiMatchValue" FROM "m" "mm" WHERE "mm"."t" = "t"."id") "__sm1" WHERE NOT ("__sm1"."multiMatchValue" = ?))))`,
    params: ['%Y', '2024', '%Y', '2024'],
  },
]

for (const c of cases) {
  test(`compile: ${c.name}`, () => {
    const options = {
      ...(c.placeholders ? { placeholders: c.placeholders } : {}),
      ...(c.maxExpressions ? { maxExpressions: c.maxExpressions } : {}),
    }
    if (c.error) {
      assert.throws(() => compileFilter(c.filter, testResolver, options), c.error)
      return
    }
    const out = compileFilter(c.filter, testResolver, options)
    assert.equal(out.sql, c.sql)
    assert.deepEqual(out.params, c.params)
    assert.equal(out.sql.split('?').length - 1, out.params.length, 'one param per placeholder')
  })
}

test('compile: an explicit clock overrides the resolver clock', () => {
  const out = compileFilter('a < @now', testResolver, {
    now: () => new Date('2030-01-01T00:00:00Z'),
  })
  assert.deepEqual(out.params, ['2030-01-01 00:00:00.000Z'])
})

const macroCases: { name: string; now: string; macro: string; value: string | number }[] = [
  {
    name: '@now',
    now: '2024-02-29T23:59:59.999Z',
    macro: '@now',
    value: '2024-02-29 23:59:59.999Z',
  },
  {
    name: '@yesterday',
    now: '2024-03-01T10:00:00Z',
    macro: '@yesterday',
    value: '2024-02-29 10:00:00.000Z',
  },
  {
    name: '@tomorrow',
    now: '2023-12-31T10:00:00Z',
    macro: '@tomorrow',
    value: '2024-01-01 10:00:00.000Z',
  },
  {
    name: '@todayStart',
    now: '2024-02-10T15:04:05Z',
    macro: '@todayStart',
    value: '2024-02-10 00:00:00.000Z',
  },
  {
    name: '@todayEnd',
    now: '2024-02-10T15:04:05Z',
    macro: '@todayEnd',
    value: '2024-02-10 23:59:59.999Z',
  },
  {
    name: '@monthStart',
    now: '2024-02-10T15:04:05Z',
    macro: '@monthStart',
    value: '2024-02-01 00:00:00.000Z',
  },
  {
    name: '@monthEnd (leap year)',
    now: '2024-02-10T15:04:05Z',
    macro: '@monthEnd',
    value: '2024-02-29 23:59:59.999Z',
  },
  {
    name: '@monthEnd (31 days)',
    now: '2023-12-31T23:00:00Z',
    macro: '@monthEnd',
    value: '2023-12-31 23:59:59.999Z',
  },
  {
    name: '@yearStart',
    now: '2024-07-01T00:00:00Z',
    macro: '@yearStart',
    value: '2024-01-01 00:00:00.000Z',
  },
  {
    name: '@yearEnd',
    now: '2024-07-01T00:00:00Z',
    macro: '@yearEnd',
    value: '2024-12-31 23:59:59.999Z',
  },
  { name: '@second', now: '2024-02-10T15:04:05Z', macro: '@second', value: 5 },
  { name: '@minute', now: '2024-02-10T15:04:05Z', macro: '@minute', value: 4 },
  { name: '@hour', now: '2024-02-10T15:04:05Z', macro: '@hour', value: 15 },
  { name: '@day', now: '2024-02-10T15:04:05Z', macro: '@day', value: 10 },
  { name: '@month', now: '2024-02-10T15:04:05Z', macro: '@month', value: 2 },
  { name: '@weekday (Saturday)', now: '2024-02-10T15:04:05Z', macro: '@weekday', value: 6 },
  { name: '@year', now: '2024-02-10T15:04:05Z', macro: '@year', value: 2024 },
]

for (const c of macroCases) {
  test(`macro: ${c.name}`, () => {
    assert.equal(resolveIdentifierMacro(c.macro, new Date(c.now)), c.value)
  })
}

test('macro: names are case-sensitive and not inherited', () => {
  assert.equal(resolveIdentifierMacro('@NOW', new Date()), undefined)
  assert.equal(resolveIdentifierMacro('toString', new Date()), undefined)
  assert.equal(formatDateTime(new Date('0099-01-02T03:04:05.006Z')), '0099-01-02 03:04:05.006Z')
})
