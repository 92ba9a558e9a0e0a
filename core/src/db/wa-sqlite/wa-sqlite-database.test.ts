import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SqliteError } from '../sqlite-error.js'
import type { SqlBindValue, SqliteDatabase, SqliteTransaction } from '../sqlite-port.js'
import { openTestDatabase, type TestEngine } from './memory.test-util.js'

const ENGINES: TestEngine[] = ['memory', 'sync-vfs', 'asyncify']

interface ValueCase {
  name: string
  value: SqlBindValue
  /** What reads back (defaults to `value`). */
  expected?: unknown
  /** SQLite's `typeof()` of the stored value. */
  type: 'null' | 'integer' | 'real' | 'text' | 'blob'
}

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff)

const VALUE_CASES: ValueCase[] = [
  { name: 'null', value: null, type: 'null' },
  { name: 'zero', value: 0, type: 'integer' },
  { name: 'negative int32', value: -2147483648, type: 'integer' },
  { name: 'max int32', value: 2147483647, type: 'integer' },
  { name: 'just past int32 binds as a 64-bit integer', value: 2147483648, type: 'integer' },
  { name: '2^40', value: 2 ** 40, type: 'integer' },
  { name: 'negative beyond 32 bits', value: -(2 ** 40) - 7, type: 'integer' },
  { name: 'max safe integer', value: Number.MAX_SAFE_INTEGER, type: 'integer' },
  { name: 'min safe integer', value: Number.MIN_SAFE_INTEGER, type: 'integer' },
  { name: 'fraction', value: 1.5, type: 'real' },
  { name: 'tiny double', value: 5e-324, type: 'real' },
  { name: 'huge double', value: 1e300, type: 'real' },
  { name: 'integral number beyond int64 binds as a double', value: 2 ** 64, type: 'real' },
  { name: 'small bigint reads back as a number', value: 5n, expected: 5, type: 'integer' },
  { name: 'bigint beyond 2^53', value: 2n ** 62n + 1n, type: 'integer' },
  { name: 'min int64', value: -(2n ** 63n), type: 'integer' },
  { name: 'max int64', value: 2n ** 63n - 1n, type: 'integer' },
  { name: 'true', value: true, expected: 1, type: 'integer' },
  { name: 'false', value: false, expected: 0, type: 'integer' },
  { name: 'empty string', value: '', type: 'text' },
  { name: 'ascii', value: 'hello', type: 'text' },
  { name: 'unicode', value: 'héllo ✓ 🎉 日本', type: 'text' },
  { name: 'embedded NUL', value: 'a\u0000b', type: 'text' },
  { name: 'leading BOM is kept', value: '\uFEFFbom', type: 'text' },
  { name: 'long string (heap path)', value: 'xé'.repeat(40_000), type: 'text' },
  { name: 'empty blob', value: new Uint8Array(0), type: 'blob' },
  { name: 'small blob', value: Uint8Array.of(0, 1, 255), type: 'blob' },
  { name: 'large blob (heap path)', value: bytes(200_000), type: 'blob' },
]

for (const engine of ENGINES) {
  describe(`wa-sqlite driver (${engine})`, () => {
    const open = () => openTestDatabase(engine)

    test('binds and reads back every value type', async () => {
      const db = await open()
      await db.exec('CREATE TABLE v (x)')
      for (const c of VALUE_CASES) {
        const expected = c.expected ?? c.value
        const row = await db.get<{ v: unknown; t: string }>('SELECT ?1 AS v, typeof(?1) AS t', [
          c.value,
        ])
        assert.deepEqual(row, { v: expected, t: c.type }, c.name)
        // and through a table, so storage (not just expression evaluation) round-trips
        await db.run('DELETE FROM v')
        await db.run('INSERT INTO v (x) VALUES (?)', [c.value])
        assert.deepEqual(
          await db.get('SELECT x, typeof(x) AS t FROM v'),
          { x: expected, t: c.type },
          c.name,
        )
      }
      await db.close()
    })

    test('integers read back as numbers when safe, bigints otherwise', async () => {
      const db = await open()
      const row = await db.get(
        'SELECT 9007199254740991 AS safe, 9007199254740992 AS over, -9007199254740993 AS under, 4294967296 * 3 AS mid',
      )
      assert.deepEqual(row, {
        safe: 9007199254740991,
        over: 9007199254740992n,
        under: -9007199254740993n,
        mid: 12884901888,
      })
      await db.close()
    })

    test('rejects values it cannot bind', async () => {
      const db = await open()
      const bad: Array<[string, unknown, RegExp]> = [
        ['undefined', undefined, /unsupported type \(undefined\)/],
        ['object', {}, /unsupported type \(Object\)/],
        ['Date', new Date(0), /unsupported type \(Date\)/],
        ['bigint over int64', 2n ** 63n, /64-bit integer range/],
      ]
      for (const [name, value, message] of bad) {
        await assert.rejects(db.get('SELECT ? AS v', [value as SqlBindValue]), message, name)
      }
      await db.close()
    })

    test('named and positional parameters', async () => {
      const db = await open()
      assert.deepEqual(
        await db.get('SELECT :a AS a, @b AS b, $c AS c', { a: 1, b: 'two', c: null, extra: 5 }),
        {
          a: 1,
          b: 'two',
          c: null,
        },
      )
      assert.deepEqual(await db.get('SELECT :a AS x, :a AS y', { a: 7 }), { x: 7, y: 7 })
      assert.deepEqual(await db.get('SELECT ? AS a, ? AS b', [1, 2]), { a: 1, b: 2 })
      assert.deepEqual(await db.get('SELECT ?2 AS a, ?1 AS b', [1, 2]), { a: 2, b: 1 })
      assert.deepEqual(await db.get('SELECT 1 AS one'), { one: 1 })
      await assert.rejects(db.get('SELECT :a AS a', { b: 1 }), /missing named parameter "a"/)
      await assert.rejects(db.get('SELECT ? AS a', { a: 1 }), /parameter 1 is positional/)
      await assert.rejects(db.get('SELECT ? AS a, ? AS b', [1]), /takes 2 parameter\(s\), got 1/)
      await assert.rejects(db.get('SELECT ? AS a'), /takes 1 parameter\(s\) but none were given/)
      // a failed bind leaves the cached statement usable
      assert.deepEqual(await db.get('SELECT ? AS a', [3]), { a: 3 })
      await db.close()
    })

    test('all, get and run', async () => {
      const db = await open()
      await db.exec(
        'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX t_name ON t (name);',
      )
      assert.deepEqual(await db.run('INSERT INTO t (name) VALUES (?), (?)', ['a', 'b']), {
        changes: 2,
        lastInsertRowid: 2,
      })
      assert.deepEqual(await db.run('INSERT INTO t (id, name) VALUES (?, ?)', [2n ** 60n, 'big']), {
        changes: 1,
        lastInsertRowid: 2n ** 60n,
      })
      assert.deepEqual(await db.all('SELECT name FROM t ORDER BY id'), [
        { name: 'a' },
        { name: 'b' },
        { name: 'big' },
      ])
      assert.deepEqual(await db.all('SELECT name FROM t WHERE 0'), [])
      assert.equal(await db.get('SELECT name FROM t WHERE 0'), undefined)
      assert.deepEqual(await db.get('SELECT name FROM t ORDER BY id DESC'), { name: 'big' })
      assert.deepEqual(await db.run("UPDATE t SET name = name || '!' WHERE id < 3"), {
        changes: 2,
        lastInsertRowid: 2n ** 60n,
      })
      // DDL and reads report no changes (sqlite3_changes would repeat the previous statement's count)
      assert.equal((await db.run('CREATE TABLE u (x)')).changes, 0)
      assert.equal((await db.run('SELECT * FROM t')).changes, 0)
      assert.deepEqual(await db.get('INSERT INTO t (name) VALUES (?) RETURNING id, name', ['r']), {
        id: 2n ** 60n + 1n,
        name: 'r',
      })
      await db.close()
    })

    test('column names follow schema changes of cached statements', async () => {
      const db = await open()
      await db.exec('CREATE TABLE t (a); INSERT INTO t VALUES (1)')
      assert.deepEqual(await db.all('SELECT * FROM t'), [{ a: 1 }])
      await db.exec('ALTER TABLE t ADD COLUMN b DEFAULT 2')
      assert.deepEqual(await db.all('SELECT * FROM t'), [{ a: 1, b: 2 }])
      await db.exec('ALTER TABLE t RENAME COLUMN a TO c')
      assert.deepEqual(await db.all('SELECT * FROM t'), [{ c: 1, b: 2 }])
      await db.close()
    })

    test('a column named __proto__ is a plain property', async () => {
      const db = await open()
      const row = await db.get<Record<string, unknown>>('SELECT 1 AS __proto__, 2 AS b')
      assert.equal(Object.getPrototypeOf(row), Object.prototype)
      assert.deepEqual(Object.entries(row!), [
        ['__proto__', 1],
        ['b', 2],
      ])
      await db.close()
    })

    test('one statement per call; exec runs many', async () => {
      const db = await open()
      await assert.rejects(db.all('SELECT 1; SELECT 2'), (err: unknown) => {
        assert.ok(err instanceof SqliteError)
        assert.equal(err.code, 'SQLITE_MISUSE')
        assert.match(err.message, /more than one statement/)
        return true
      })
      assert.deepEqual(await db.get('SELECT 1 AS a; -- trailing comment\n  '), { a: 1 })
      await assert.rejects(db.get('  -- nothing'), /no statement/)
      await db.exec(`
        CREATE TABLE a (x TEXT);
        INSERT INTO a VALUES ('it''s');
        INSERT INTO a VALUES ('two');
      `)
      assert.deepEqual(await db.all('SELECT x FROM a'), [{ x: "it's" }, { x: 'two' }])
      await assert.rejects(db.exec('INSERT INTO a VALUES (1); SELEC oops'), (err: unknown) => {
        assert.ok(err instanceof SqliteError)
        assert.equal(err.code, 'SQLITE_ERROR')
        assert.match(err.message, /syntax error/)
        return true
      })
      await db.close()
    })

    test('errors carry SQLite message and codes', async () => {
      const db = await open()
      await db.exec(`
        CREATE TABLE p (id INTEGER PRIMARY KEY);
        CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER NOT NULL REFERENCES p (id), u TEXT UNIQUE, CHECK (id > 0));
        INSERT INTO p VALUES (1);
        INSERT INTO c VALUES (1, 1, 'x');
      `)
      const cases: Array<[string, string, string | RegExp, string]> = [
        [
          'INSERT INTO c VALUES (2, 1, ?)',
          'SQLITE_CONSTRAINT_UNIQUE',
          'UNIQUE constraint failed: c.u',
          'SQLITE_CONSTRAINT',
        ],
        [
          'INSERT INTO c VALUES (1, 1, ?)',
          'SQLITE_CONSTRAINT_PRIMARYKEY',
          'UNIQUE constraint failed: c.id',
          'SQLITE_CONSTRAINT',
        ],
        [
          'INSERT INTO c (id, u) VALUES (3, ?)',
          'SQLITE_CONSTRAINT_NOTNULL',
          'NOT NULL constraint failed: c.p',
          'SQLITE_CONSTRAINT',
        ],
        [
          'INSERT INTO c VALUES (4, 9, ?)',
          'SQLITE_CONSTRAINT_FOREIGNKEY',
          'FOREIGN KEY constraint failed',
          'SQLITE_CONSTRAINT',
        ],
        [
          'INSERT INTO c VALUES (-1, 1, ?)',
          'SQLITE_CONSTRAINT_CHECK',
          /CHECK constraint failed/,
          'SQLITE_CONSTRAINT',
        ],
        ['INSERT INTO nope VALUES (?)', 'SQLITE_ERROR', 'no such table: nope', 'SQLITE_ERROR'],
      ]
      for (const [sql, extendedCode, message, code] of cases) {
        // only the UNIQUE case reuses the existing 'x'
        const u = extendedCode === 'SQLITE_CONSTRAINT_UNIQUE' ? 'x' : `fresh ${sql}`
        await assert.rejects(db.run(sql, [u]), (err: unknown) => {
          assert.ok(err instanceof SqliteError, sql)
          assert.equal(err.code, code, sql)
          assert.equal(err.extendedCode, extendedCode, sql)
          if (typeof message === 'string') {
            assert.equal(err.message, message, sql)
          } else {
            assert.match(err.message, message, sql)
          }
          return true
        })
      }
      await db.close()
    })

    test('transactions commit, and roll back and rethrow on throw', async () => {
      const db = await open()
      await db.exec('CREATE TABLE t (x)')
      const result = await db.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (1)')
        return (await tx.get<{ n: number }>('SELECT count(*) AS n FROM t'))!.n
      })
      assert.equal(result, 1)
      const boom = new Error('boom')
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO t VALUES (2)')
          throw boom
        }),
        (err) => err === boom,
      )
      assert.deepEqual(await db.all('SELECT x FROM t'), [{ x: 1 }])
      await db.close()
    })

    test('nested transactions are savepoints', async () => {
      const db = await open()
      await db.exec('CREATE TABLE t (x)')
      await db.transaction(async (tx) => {
        await tx.run('INSERT INTO t VALUES (1)')
        await assert.rejects(
          tx.transaction(async (inner) => {
            await inner.run('INSERT INTO t VALUES (2)')
            await inner.transaction(async (deeper) => {
              await deeper.run('INSERT INTO t VALUES (3)')
            })
            assert.equal((await inner.all('SELECT x FROM t')).length, 3)
            throw new Error('undo inner')
          }),
          /undo inner/,
        )
        const kept = await tx.transaction(async (inner) => {
          await inner.run('INSERT INTO t VALUES (4)')
          return 'kept'
        })
        assert.equal(kept, 'kept')
      })
      assert.deepEqual(await db.all('SELECT x FROM t ORDER BY x'), [{ x: 1 }, { x: 4 }])
      await db.close()
    })

    test('an executor stops working once its transaction ends', async () => {
      const db = await open()
      let leaked: SqliteTransaction | undefined
      await db.transaction(async (tx) => {
        leaked = tx
      })
      await assert.rejects(leaked!.get('SELECT 1'), /transaction has already finished/)
      await assert.rejects(
        leaked!.transaction(async () => {}),
        /transaction has already finished/,
      )
      await db.close()
    })

    test('concurrent transactions are serialised', async () => {
      const db = await open()
      await db.exec('CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0)')
      const bump = () =>
        db.transaction(async (tx) => {
          const { n } = (await tx.get<{ n: number }>('SELECT n FROM counter'))!
          await new Promise((resolve) => setTimeout(resolve, 2))
          await tx.run('UPDATE counter SET n = ?', [n + 1])
        })
      await Promise.all(Array.from({ length: 10 }, bump))
      assert.deepEqual(await db.get('SELECT n FROM counter'), { n: 10 })
      await db.close()
    })

    test('plain statements wait for an open transaction', async () => {
      const db = await open()
      await db.exec('CREATE TABLE t (x)')
      const events: string[] = []
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const tx = db.transaction(async (t) => {
        await t.run('INSERT INTO t VALUES (1)')
        events.push('tx wrote')
        await gate
        events.push('tx done')
      })
      await new Promise((resolve) => setTimeout(resolve, 5))
      const write = db.run('INSERT INTO t VALUES (2)').then(() => events.push('plain write'))
      await new Promise((resolve) => setTimeout(resolve, 5))
      assert.deepEqual(events, ['tx wrote'])
      release()
      await Promise.all([tx, write])
      assert.deepEqual(events, ['tx wrote', 'tx done', 'plain write'])
      await db.close()
    })

    test('a failing COMMIT rolls back and rejects', async () => {
      const db = await open()
      await db.exec(`
        CREATE TABLE p (id INTEGER PRIMARY KEY);
        CREATE TABLE c (p INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED);
      `)
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO c VALUES (42)')
        }),
        (err: unknown) =>
          err instanceof SqliteError && err.extendedCode === 'SQLITE_CONSTRAINT_FOREIGNKEY',
      )
      assert.deepEqual(await db.get('SELECT count(*) AS n FROM c'), { n: 0 })
      await db.transaction(async (tx) => {
        await tx.run('INSERT INTO p VALUES (42)')
        await tx.run('INSERT INTO c VALUES (42)')
      })
      assert.deepEqual(await db.get('SELECT count(*) AS n FROM c'), { n: 1 })
      await db.close()
    })

    test('a transaction SQLite rolled back itself is reported, not committed', async () => {
      const db = await open()
      await db.exec('CREATE TABLE t (x UNIQUE); INSERT INTO t VALUES (1)')
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO t VALUES (2)')
          await tx.run('INSERT OR ROLLBACK INTO t VALUES (1)').catch(() => {})
        }),
        (err: unknown) => err instanceof SqliteError && err.code === 'SQLITE_ABORT',
      )
      assert.deepEqual(await db.all('SELECT x FROM t'), [{ x: 1 }])
      await db.close()
    })

    test('statements outside transaction() cannot leave a transaction open', async () => {
      const db = await open()
      await db.exec('CREATE TABLE t (x)')
      const misuse = (err: unknown) => err instanceof SqliteError && err.code === 'SQLITE_MISUSE'
      await assert.rejects(db.run('BEGIN'), misuse)
      await assert.rejects(db.run('SAVEPOINT s'), misuse)
      await assert.rejects(db.exec("BEGIN; INSERT INTO t VALUES ('lost')"), misuse)
      // nothing leaked: the insert was rolled back and transactions still work
      await db.transaction((tx) => tx.run("INSERT INTO t VALUES ('kept')"))
      assert.deepEqual(await db.all('SELECT x FROM t'), [{ x: 'kept' }])
      await db.close()
    })

    test('dataVersion changes with every write and stays while only reading', async () => {
      const db = await open()
      await db.exec('CREATE TABLE t (x)')
      const v0 = await db.dataVersion!()
      await db.get('SELECT count(*) FROM t')
      await db.all('SELECT * FROM t')
      assert.equal(await db.dataVersion!(), v0, 'reads')
      await db.run('INSERT INTO t VALUES (1)')
      const v1 = await db.dataVersion!()
      assert.notEqual(v1, v0, 'autocommit write')
      await db.transaction((tx) => tx.run('INSERT INTO t VALUES (2)'))
      const v2 = await db.dataVersion!()
      assert.notEqual(v2, v1, 'transaction')
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.run('INSERT INTO t VALUES (3)')
          throw new Error('undo')
        }),
        /undo/,
      )
      await db.exec('DELETE FROM t')
      assert.notEqual(await db.dataVersion!(), v2, 'exec')
      await db.close()
    })

    test('deferred transactions', async () => {
      const db = await open()
      const row = await db.transaction((tx) => tx.get('SELECT 1 AS one'), { behavior: 'deferred' })
      assert.deepEqual(row, { one: 1 })
      await db.close()
    })

    test('close waits for the running transaction, then rejects calls', async () => {
      const db = await open()
      await db.exec('CREATE TABLE t (x)')
      let finished = false
      const tx = db.transaction(async (t) => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        await t.run('INSERT INTO t VALUES (1)')
        finished = true
      })
      await new Promise((resolve) => setTimeout(resolve, 1))
      await db.close()
      assert.equal(finished, true)
      await tx
      await assert.rejects(db.get('SELECT 1'), /closed/)
      await assert.rejects(
        db.transaction(async () => {}),
        /closed/,
      )
    })

    test('info describes the engine', async () => {
      const db = await open()
      assert.equal(db.info.engine, `wa-sqlite/${engine}`)
      assert.match(db.info.sqliteVersion, /^3\.\d+\.\d+$/)
      assert.equal(db.info.wal, false)
      assert.equal(db.info.concurrentReads, false)
      assert.deepEqual(await db.get('PRAGMA foreign_keys'), { foreign_keys: 1 })
      assert.deepEqual(await db.get('PRAGMA recursive_triggers'), { recursive_triggers: 0 })
      assert.deepEqual(
        await db.get("SELECT json_extract('{\"a\":[1,2]}', '$.a[1]') AS v, sqrt(16) AS r"),
        { v: 2, r: 4 },
      )
      await db.close()
    })
  })
}

test('the statement cache evicts (and finalizes) the least recently used statements', async () => {
  const { loadSyncModule } = await import('./memory.test-util.js')
  const { WaSqliteConnection } = await import('./wa-sqlite-connection.js')
  const module = await loadSyncModule()
  const conn = await WaSqliteConnection.open({
    module,
    filename: ':memory:',
    mode: 'sync',
    statementCacheSize: 3,
  })
  const liveStatements = () => {
    const next = (module as unknown as { _sqlite3_next_stmt(db: number, stmt: number): number })
      ._sqlite3_next_stmt
    let n = 0
    for (let s = next(conn.handle, 0); s !== 0; s = next(conn.handle, s)) {
      n++
    }
    return n
  }
  for (let i = 0; i < 10; i++) {
    assert.deepEqual(await conn.execute(`SELECT ${i} AS v`, undefined, 'get'), { v: i })
  }
  assert.equal(conn.cachedStatements, 3)
  assert.equal(liveStatements(), 3)
  // a hit refreshes recency: SELECT 7 survives the next two misses, SELECT 8 doesn't
  await conn.execute('SELECT 7 AS v', undefined, 'get')
  await conn.execute('SELECT 100 AS v', undefined, 'get')
  await conn.execute('SELECT 101 AS v', undefined, 'get')
  assert.deepEqual(await conn.execute('SELECT 7 AS v', undefined, 'get'), { v: 7 })
  assert.equal(liveStatements(), 3)
  await conn.close()
})

test('statement results are independent of the database handle they came from', async () => {
  const a: SqliteDatabase = await openTestDatabase('memory')
  const b: SqliteDatabase = await openTestDatabase('memory')
  await a.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('a')")
  await b.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('b')")
  assert.deepEqual(await Promise.all([a.get('SELECT x FROM t'), b.get('SELECT x FROM t')]), [
    { x: 'a' },
    { x: 'b' },
  ])
  await a.close()
  await b.close()
})
