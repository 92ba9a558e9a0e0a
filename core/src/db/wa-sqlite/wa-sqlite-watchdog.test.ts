import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SqliteError } from '../sqlite-error.js'
import { openTestDatabase, type TestEngine } from './memory.test-util.js'

const ENGINES: TestEngine[] = ['memory', 'sync-vfs', 'asyncify']

/**
 * A read that would run for minutes (2·10^8 recursive rows): it can only fail fast if the watchdog
 * interrupts it. If the watchdog were broken the test would still end, with a result instead of an error.
 */
const ENDLESS_READ =
  'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000000) SELECT count(*) AS n FROM c'

function isTimeout(err: unknown, ms: number): boolean {
  return (
    err instanceof SqliteError &&
    err.code === 'SQLITE_INTERRUPT' &&
    err.message.includes(`${ms} ms query timeout`)
  )
}

for (const engine of ENGINES) {
  describe(`query watchdog (${engine})`, () => {
    test('a read past the timeout is interrupted; the connection keeps working', async () => {
      const db = await openTestDatabase(engine, { queryTimeoutMs: 50 })
      try {
        await assert.rejects(db.get(ENDLESS_READ), (err) => isTimeout(err, 50))
        await assert.rejects(db.all(ENDLESS_READ), (err) => isTimeout(err, 50))
        // the interrupted statement was reset: it is cached and fails the same way again, and
        // other statements run normally
        assert.deepEqual(await db.get('SELECT 1 + 1 AS n'), { n: 2 })
        await db.exec('CREATE TABLE t (v INTEGER)')
        await db.run('INSERT INTO t VALUES (1)')
        assert.deepEqual(await db.all('SELECT v FROM t'), [{ v: 1 }])
      } finally {
        await db.close()
      }
    })

    test('writes are never interrupted, even when slower than the timeout', async () => {
      // note: 1 ms is far below what inserting 50k rows takes on any machine
      const db = await openTestDatabase(engine, { queryTimeoutMs: 1 })
      try {
        await db.exec('CREATE TABLE t (v INTEGER)')
        const res = await db.run(
          'INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000) SELECT x FROM c',
        )
        assert.equal(res.changes, 50000)
        await db.transaction(async (tx) => {
          await tx.run('UPDATE t SET v = v + 1')
        })
        // a short read still passes under the tiny budget
        assert.deepEqual(await db.get('SELECT 1 AS one'), { one: 1 })
      } finally {
        await db.close()
      }
    })

    test('inside a transaction only the timed-out read fails; the transaction goes on', async () => {
      const db = await openTestDatabase(engine, { queryTimeoutMs: 50 })
      try {
        await db.exec('CREATE TABLE t (v INTEGER)')
        await db.transaction(async (tx) => {
          await tx.run('INSERT INTO t VALUES (1)')
          await assert.rejects(tx.get(ENDLESS_READ), (err) => isTimeout(err, 50))
          await tx.run('INSERT INTO t VALUES (2)')
        })
        assert.deepEqual(await db.all('SELECT v FROM t ORDER BY v'), [{ v: 1 }, { v: 2 }])
      } finally {
        await db.close()
      }
    })
  })
}

test('connections on one module keep their own watchdog (opening or closing one leaves the other)', async () => {
  const a = await openTestDatabase('memory', { queryTimeoutMs: 40 })
  const b = await openTestDatabase('memory', { queryTimeoutMs: 60 })
  const c = await openTestDatabase('memory', { queryTimeoutMs: 0 })
  try {
    await assert.rejects(a.get(ENDLESS_READ), (err) => isTimeout(err, 40))
    await assert.rejects(b.get(ENDLESS_READ), (err) => isTimeout(err, 60))
    await b.close()
    await assert.rejects(a.get(ENDLESS_READ), (err) => isTimeout(err, 40))
    // without a watchdog, reads run to completion
    assert.deepEqual(
      await c.get(
        'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT count(*) AS n FROM c',
      ),
      { n: 1000 },
    )
  } finally {
    await a.close()
    await b.close()
    await c.close()
  }
})
