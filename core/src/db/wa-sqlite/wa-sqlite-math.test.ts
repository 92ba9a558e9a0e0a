import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { openTestDatabase, type TestEngine } from './memory.test-util.js'

const ENGINES: TestEngine[] = ['memory', 'sync-vfs', 'asyncify']

/**
 * SQLite's math functions as PocketBase's SQLite (modernc.org/sqlite v1.55.0, with
 * SQLITE_ENABLE_MATH_FUNCTIONS) answers them; every row was evaluated there. `extension-functions.c`,
 * which the wa-sqlite builds register, differs on most of them (text → 0, `log` = ln).
 */
const CASES: [string, number | null][] = [
  ['log(100)', 2],
  ['log(2, 8)', 3],
  ['ln(1)', 0],
  ['log10(1000)', 3],
  ['log2(8)', 3],
  ['log(0)', null],
  ['log(-1)', null],
  ["log('abc')", null],
  ['log(1, 8)', null],
  ['log(0.5, 0.25)', null],
  ["radians('x')", null],
  ["radians('180')", Math.PI],
  ["radians(' 180 ')", Math.PI],
  ["radians('5abc')", null],
  ['radians(NULL)', null],
  ["cos('a')", null],
  ['acos(2)', null],
  ['sqrt(-1)', null],
  ['ceil(1.2)', 2],
  ['ceil(-1.2)', -1],
  ['ceil(5)', 5],
  ["ceil('1.5')", 2],
  ["ceil('abc')", null],
  ['floor(-1.5)', -2],
  ['trunc(-1.7)', -1],
  ['sign(-3)', -1],
  ["sign('x')", null],
  ['sign(0.0)', 0],
  ['mod(7, 3)', 1],
  ['mod(-7, 3)', -1],
  ['mod(7, 0)', null],
  ['pow(2, 10)', 1024],
  ["power('2', '3')", 8],
  ['atan2(1, 1)', Math.PI / 4],
  ['pi()', Math.PI],
  ['exp(1)', Math.E],
  ['degrees(pi())', 180],
]

for (const engine of ENGINES) {
  describe(`math functions (${engine})`, () => {
    test('SQLite built-in semantics', async () => {
      const db = await openTestDatabase(engine)
      try {
        for (const [expr, expected] of CASES) {
          const { v } = (await db.get<{ v: number | null }>(`SELECT ${expr} AS v`))!
          if (expected === null) {
            assert.equal(v, null, expr)
          } else {
            assert.ok(v !== null && Math.abs(v - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${expr} = ${v}`)
          }
        }
        const types = await db.get('SELECT typeof(ceil(5)) AS i, typeof(ceil(5.0)) AS r, trunc(9223372036854775807) AS big')
        assert.deepEqual(types, { i: 'integer', r: 'real', big: 9223372036854775807n })
      } finally {
        await db.close()
      }
    })
  })
}

test('math functions survive other connections closing (each registration owns its relay key)', async () => {
  const first = await openTestDatabase('memory')
  const keep = await openTestDatabase('memory')
  await first.close()
  for (let i = 0; i < 5; i++) {
    const other = await openTestDatabase('memory')
    assert.deepEqual(await other.get("SELECT log(100) AS a, radians('x') AS b"), { a: 2, b: null })
    await other.close()
    assert.deepEqual(await keep.get('SELECT log(2, 8) AS a, sqrt(16) AS b'), { a: 3, b: 4 })
  }
  await keep.close()
})
