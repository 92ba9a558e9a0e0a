import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { compileFilter } from '../filter/filter-compiler.js'
import { FilterError } from '../filter/filter-error.js'
import { FILTER_LIMITS } from '../filter/filter-limits.js'
import { buildSelect } from '../filter/select-builder.js'
import { compileSort } from '../filter/sort-compiler.js'
import type { RequestInfo } from './record-field-resolver-request.js'
import { createRecordFieldResolver } from './record-field-resolver.js'
import {
  authInfo,
  fixtureDataDb,
  openFixture,
  type Fixture,
} from './record-field-resolver.test-util.js'

const IDENTIFIERS = [
  'id',
  'text',
  'number',
  'bool',
  'email',
  'datetime',
  'json',
  'json.a',
  'json.0.b',
  'point.lat',
  'point.lon',
  'select_one',
  'select_many',
  'select_many:each',
  'select_many:length',
  'file_many:length',
  'rel_one',
  'rel_one.text',
  'rel_one.rel_many.name',
  'rel_many',
  'rel_many.name',
  'rel_many.verified',
  'rel_many.rel.title',
  'rel_many:each',
  'text:lower',
  'created',
  'demo1_via_rel_one.text',
  'null',
  'true',
  'false',
  '@now',
  '@todayStart',
  '@month',
  '@request.auth.id',
  '@request.auth.rel.title',
  '@request.auth.email',
  '@request.body.text',
  '@request.body.select_many:each',
  '@request.body.rel_many.name',
  '@request.body.number:changed',
  '@request.body.select_many:length',
  '@request.query.q',
  '@request.query.q:isset',
  '@request.headers.x_token:lower',
  '@request.method',
  '@collection.demo2.title',
  '@collection.demo2:a.active',
  '@collection.users.name',
  'missing',
  'text:bogus',
  'rel_many.missing',
  '#x',
  '_',
  'constructor',
  '__proto__',
  'toString',
  'json.__proto__',
  '@request.body.constructor',
  '@request.query.toString:isset',
  '@request.auth.__proto__',
  'demo1_via_constructor.id',
]
const OPS = [
  '=',
  '!=',
  '~',
  '!~',
  '<',
  '<=',
  '>',
  '>=',
  '?=',
  '?!=',
  '?~',
  '?!~',
  '?<',
  '?<=',
  '?>',
  '?>=',
]
const BAD_OPS = ['==', '=!', '!', '?', '<>', '=>']

type Piece = { token: string; markers?: string[] }

/** Text literals carry a unique marker so the test can prove they never reach the SQL text. */
const marker = fc.stringMatching(/^[a-z]{6}$/).map((s) => `ZQ${s}`)
const textChars = fc.constantFrom(
  'a',
  ' ',
  "'",
  '"',
  '\\',
  '%',
  '_',
  ';',
  '-',
  ')',
  '(',
  'é',
  '✓',
  '\n',
  '*',
  '/',
)
const textLiteral = fc
  .tuple(marker, fc.array(textChars, { maxLength: 12 }), fc.constantFrom("'", '"'))
  .map(([m, chars, q]) => {
    const body = chars.map((c) => (c === q || c === '\\' ? '\\' + c : c)).join('')
    return { token: `${q}${m}${body}${q}`, markers: [m] } as Piece
  })
const numberLiteral = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => n.toFixed(3)),
  fc.constant('9'.repeat(40)),
)

const fnArg: fc.Arbitrary<Piece> = fc.oneof(
  fc
    .constantFrom('point.lon', 'point.lat', 'created', 'rel_many.created')
    .map((token): Piece => ({ token })),
  numberLiteral.map((token): Piece => ({ token })),
  textLiteral,
)
const call = (name: string, args: Piece[]): Piece => ({
  token: `${name}(${args.map((a) => a.token).join(', ')})`,
  markers: args.flatMap((a) => a.markers ?? []),
})
const operand: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...IDENTIFIERS).map((token): Piece => ({ token })) },
  { weight: 3, arbitrary: textLiteral },
  { weight: 2, arbitrary: numberLiteral.map((token): Piece => ({ token })) },
  {
    weight: 1,
    arbitrary: fc.array(fnArg, { maxLength: 5 }).map((args) => call('geoDistance', args)),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fnArg, { maxLength: 4 })
      .map((args) => call(args.length % 2 ? 'strftime' : 'nope', args)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('point.lon', 'rel_many.rel.title', '1.5', '@now'),
        fc.constantFrom('point.lat', '-3', 'number'),
      )
      .map(([x, y]) =>
        call('geoDistance', [{ token: x }, { token: y }, { token: '23.3' }, { token: '42.6' }]),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        textLiteral,
        fc.constantFrom('created', 'rel_many.created', "'now'", '1700000000', '@now'),
        fc.array(textLiteral, { maxLength: 2 }),
      )
      .map(([format, time, mods]) => call('strftime', [format, { token: time }, ...mods])),
  },
)
const comparison = fc
  .tuple(
    operand,
    fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom(...OPS) },
      { weight: 1, arbitrary: fc.constantFrom(...BAD_OPS) },
    ),
    operand,
  )
  .map(([l, op, r]): Piece[] => [l, { token: op }, r])
const join = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('&&', '||') },
  { weight: 1, arbitrary: fc.constantFrom('&', '|', '') },
)
const expression: fc.Arbitrary<Piece[]> = fc.letrec<{ expr: Piece[]; group: Piece[] }>((tie) => ({
  expr: fc
    .array(
      fc.tuple(
        fc.oneof({ weight: 4, arbitrary: comparison }, { weight: 1, arbitrary: tie('group') }),
        join,
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((items) =>
      items.flatMap(([pieces, j], i) => (i === 0 ? pieces : [{ token: j }, ...pieces])),
    ),
  group: fc
    .tuple(tie('expr'), fc.integer({ min: 0, max: 19 }))
    .map(([inner, n]) => [{ token: '(' }, ...inner, { token: n === 0 ? '' : ')' }]),
})).expr
/** Structured filters (mostly valid) mixed with token soup and raw noise. */
const filterArb = fc
  .oneof(
    { weight: 12, arbitrary: expression },
    {
      weight: 2,
      arbitrary: fc.array(
        fc.oneof(
          operand,
          fc
            .constantFrom(...OPS, ...BAD_OPS, '&&', '||', '(', ')', '//', '\n')
            .map((token): Piece => ({ token })),
        ),
        { maxLength: 12 },
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((token): Piece[] => [{ token }]) },
  )
  .chain((pieces) =>
    fc.constantFrom(' ', ' ', ' ', '\t', '\n', ' // c\n', '').map((sep) => ({
      text: pieces.map((p) => p.token).join(sep),
      markers: pieces.flatMap((p) => p.markers ?? []),
    })),
  )

describe(
  'fuzz: random filters compile to SQL SQLite accepts, or fail with a FilterError',
  { skip: fixtureDataDb() ? false : 'no PocketBase fixture on this machine' },
  () => {
    let fx: Fixture
    let info: RequestInfo
    before(async () => {
      fx = (await openFixture())!
      info = {
        auth: await authInfo(fx, 'users', '4q1xlclmfloku33'),
        body: {
          text: 'b\'o"dy',
          select_many: ['optionB', "x'"],
          rel_many: ['oap640cot4yru2s'],
          number: '7',
        },
        query: { q: "qu'ery" },
        headers: { x_token: 'TOK"' },
        method: 'GET',
        context: 'default',
      }
    })
    after(async () => {
      await fx?.close()
    })

    test('random filters and sorts', async () => {
      let compiled = 0
      await fc.assert(
        fc.asyncProperty(
          filterArb,
          fc.integer({ min: 0, max: 3 }),
          fc.boolean(),
          async ({ text, markers }, role, withSort) => {
            const superuser = role > 0
            const resolver = createRecordFieldResolver({
              collection: fx.collection('demo1'),
              collections: fx.collections,
              requestInfo: info,
              allowHiddenFields: superuser,
            })
            let q
            try {
              const where = compileFilter(text, resolver, {
                maxLength: FILTER_LIMITS.maxFilterLength,
              })
              const orderBy = withSort ? compileSort('-text,@random,number', resolver) : []
              q = buildSelect({
                from: 'demo1',
                columns: '"demo1".id',
                where: [where],
                orderBy,
                limit: 5,
                resolver,
              })
            } catch (err) {
              assert.ok(
                err instanceof FilterError,
                `unexpected ${String(err)} for ${JSON.stringify(text)}`,
              )
              return
            }
            compiled++
            for (const m of markers) {
              assert.ok(
                !q.sql.includes(m),
                `literal ${m} leaked into SQL for ${JSON.stringify(text)}`,
              )
            }
            assert.equal(q.sql.split('?').length - 1, q.params.length, 'placeholders vs params')
            await fx.db.all(q.sql, q.params) // must not throw
          },
        ),
        { numRuns: 400, seed: 20260101 },
      )
      assert.ok(
        compiled > 80,
        `only ${compiled} of 400 random filters compiled; the generator is too noisy`,
      )
    })

    test('200 nested comparisons (the expression limit) still run in SQLite', async () => {
      const resolver = createRecordFieldResolver({
        collection: fx.collection('demo1'),
        collections: fx.collections,
        requestInfo: info,
        allowHiddenFields: true,
      })
      let filter = "rel_many.name != 'x'"
      for (let i = 1; i < FILTER_LIMITS.maxExpressions; i++) {
        filter = `(${filter} ${i % 2 ? '&&' : '||'} text != 'y${i}')`
      }
      const q = buildSelect({
        from: 'demo1',
        columns: '"demo1".id',
        where: [compileFilter(filter, resolver)],
        resolver,
      })
      const rows = await fx.db.all(q.sql, q.params)
      assert.equal(rows.length, 3)
    })
  },
)
