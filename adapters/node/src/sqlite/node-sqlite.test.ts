import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { SqliteError, type SqliteDatabase } from '@isobase/core'
import { createNodeSqliteOpener, openMemorySqlite, openNodeSqliteFile } from './node-sqlite.js'
import { POCKETBASE_FIXTURE } from '../test-util/shared-dir.js'

const FIXTURE = POCKETBASE_FIXTURE
const dirs: string[] = []
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-sqlite-'))
  dirs.push(dir)
  return dir
}

function sqlite3Cli(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim()
}

describe('node sqlite opener', () => {
  test("opens data.db and auxiliary.db with PocketBase's pragmas on both connections", async () => {
    const dir = tempDir()
    const opener = createNodeSqliteOpener(join(dir, 'pb_data'))
    const data = await opener.open('data')
    const aux = await opener.open('auxiliary')
    assert.ok(existsSync(join(dir, 'pb_data', 'data.db')))
    assert.ok(existsSync(join(dir, 'pb_data', 'auxiliary.db')))
    assert.deepEqual(data.info, {
      engine: 'wa-sqlite/node-file',
      sqliteVersion: data.info.sqliteVersion,
      persistent: true,
      wal: true,
      concurrentReads: true,
    })
    const expected: Array<[string, unknown]> = [
      ['journal_mode', 'wal'],
      ['synchronous', 1],
      ['foreign_keys', 1],
      ['temp_store', 2],
      ['cache_size', -32000],
      ['journal_size_limit', 200000000],
      ['recursive_triggers', 0],
      ['busy_timeout', 0],
    ]
    for (const db of [data, aux]) {
      for (const [pragma, value] of expected) {
        // `PRAGMA x` runs on the write connection, `SELECT … FROM pragma_x` on the read connection
        const viaWriter = await db.get<Record<string, unknown>>(`PRAGMA ${pragma}`)
        assert.deepEqual(Object.values(viaWriter!), [value], `writer ${pragma}`)
        const viaReader = await db.get<Record<string, unknown>>(`SELECT * FROM pragma_${pragma}`)
        assert.deepEqual(Object.values(viaReader!), [value], `reader ${pragma}`)
      }
    }
    // the read connection is the query_only one
    assert.deepEqual(await data.get('PRAGMA query_only'), { query_only: 0 })
    assert.deepEqual(await data.get('SELECT query_only FROM pragma_query_only'), { query_only: 1 })
    await data.close()
    await aux.close()
  })

  test('reads go to the read connection and see committed data only, without waiting for the writer', async () => {
    const db = await openNodeSqliteFile(join(tempDir(), 'data.db'))
    await db.exec('CREATE TABLE t (x)')
    await db.run('INSERT INTO t VALUES (1)')
    const events: string[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const tx = db.transaction(async (t) => {
      await t.run('INSERT INTO t VALUES (2)')
      assert.deepEqual(await t.get('SELECT count(*) AS n FROM t'), { n: 2 })
      events.push('tx wrote')
      await gate
      events.push('tx commit')
    })
    await new Promise((resolve) => setTimeout(resolve, 5))
    const write = db.run('INSERT INTO t VALUES (3)').then(() => events.push('plain write'))
    // the read answers at once, from the last committed state
    assert.deepEqual(await db.get('SELECT count(*) AS n FROM t'), { n: 1 })
    assert.deepEqual(await db.all('WITH c AS (SELECT count(*) AS n FROM t) SELECT n FROM c'), [
      { n: 1 },
    ])
    events.push('read done')
    release()
    await Promise.all([tx, write])
    assert.deepEqual(events, ['tx wrote', 'read done', 'tx commit', 'plain write'])
    // read-your-writes after an autocommit write
    await db.run('INSERT INTO t VALUES (4)')
    assert.deepEqual(await db.get('SELECT count(*) AS n FROM t'), { n: 4 })
    await db.close()
  })

  test("dataVersion follows the writer's commits and other connections' commits", async () => {
    const file = join(tempDir(), 'data.db')
    const db = await openNodeSqliteFile(file)
    await db.exec('CREATE TABLE t (x)')
    const v0 = await db.dataVersion!()
    assert.deepEqual(await db.get('SELECT count(*) AS n FROM t'), { n: 0 })
    assert.equal(await db.dataVersion!(), v0)
    // an uncommitted write leaves it as is (reads still see the old data), the commit changes it
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const tx = db.transaction(async (t) => {
      await t.run('INSERT INTO t VALUES (1)')
      await gate
    })
    await new Promise((resolve) => setTimeout(resolve, 5))
    assert.equal(await db.dataVersion!(), v0)
    release()
    await tx
    const v1 = await db.dataVersion!()
    assert.notEqual(v1, v0)
    // another connection (as another process would) writing the same file
    const other = await openNodeSqliteFile(file)
    await other.run('INSERT INTO t VALUES (2)')
    assert.notEqual(await db.dataVersion!(), v1)
    await other.close()
    await db.close()
  })

  test('the read connection follows schema changes made by the writer', async () => {
    const db = await openNodeSqliteFile(join(tempDir(), 'data.db'))
    await db.exec('CREATE TABLE t (a); INSERT INTO t VALUES (1)')
    assert.deepEqual(await db.all('SELECT * FROM t'), [{ a: 1 }])
    await db.exec('ALTER TABLE t ADD COLUMN b DEFAULT 2')
    assert.deepEqual(await db.all('SELECT * FROM t'), [{ a: 1, b: 2 }])
    await db.exec("DROP TABLE t; CREATE TABLE t (c); INSERT INTO t VALUES ('new')")
    assert.deepEqual(await db.all('SELECT * FROM t'), [{ c: 'new' }])
    await db.exec('DROP TABLE t')
    await assert.rejects(db.all('SELECT * FROM t'), /no such table: t/)
    await db.close()
  })

  test('statements that write go to the writer even when they start like a read', async () => {
    const db = await openNodeSqliteFile(join(tempDir(), 'data.db'))
    await db.exec('CREATE TABLE t (x)')
    const cases: Array<[string, number]> = [
      ['WITH v AS (SELECT 1 AS x) INSERT INTO t SELECT x FROM v', 1],
      ['INSERT INTO t VALUES (2) RETURNING x', 1],
      ['VALUES (1)', 0],
    ]
    for (const [sql, changes] of cases) {
      assert.equal((await db.run(sql)).changes, changes, sql)
    }
    assert.deepEqual(await db.all('SELECT x FROM t ORDER BY x'), [{ x: 1 }, { x: 2 }])
    await db.close()
  })

  test('a database written by the driver passes the sqlite3 CLI integrity check', async () => {
    const file = join(tempDir(), 'data.db')
    const db = await openNodeSqliteFile(file)
    await db.exec(`
      CREATE TABLE r (id TEXT PRIMARY KEY, n INTEGER, f REAL, j JSON, b BLOB);
      CREATE INDEX r_n ON r (n);
    `)
    await db.transaction(async (tx) => {
      for (let i = 0; i < 5000; i++) {
        await tx.run('INSERT INTO r VALUES (?, ?, ?, ?, ?)', [
          `id${i}`,
          i * 1_000_003,
          i / 7,
          JSON.stringify({ i, s: 'é'.repeat(i % 50) }),
          Uint8Array.from({ length: i % 300 }, (_, k) => k),
        ])
      }
    })
    await db.run('DELETE FROM r WHERE n % 3 = 0')
    await db.run("UPDATE r SET j = json_set(j, '$.u', 1) WHERE n % 5 = 0")
    await db.close()
    assert.equal(sqlite3Cli(file, 'PRAGMA integrity_check'), 'ok')
    assert.equal(sqlite3Cli(file, 'SELECT count(*) FROM r'), '3333')
    assert.equal(sqlite3Cli(file, "SELECT json_extract(j, '$.s') FROM r WHERE id = 'id4'"), 'éééé')
    assert.equal(sqlite3Cli(file, 'PRAGMA journal_mode'), 'wal')
  })

  test("opens a copy of PocketBase's fixture and reads _collections", async () => {
    const dir = tempDir()
    for (const name of ['data.db', 'auxiliary.db']) {
      copyFileSync(join(FIXTURE, name), join(dir, name))
      chmodSync(join(dir, name), 0o644)
    }
    const opener = createNodeSqliteOpener(dir)
    const data = await opener.open('data')
    const names = (
      await data.all<{ name: string }>('SELECT name FROM _collections ORDER BY name')
    ).map((r) => r.name)
    for (const name of ['_superusers', '_mfas', '_otps', '_externalAuths', '_authOrigins']) {
      assert.ok(names.includes(name), `${name} in ${names.join(',')}`)
    }
    const users = await data.get<{ fields: string }>(
      "SELECT fields FROM _collections WHERE name = '_superusers'",
    )
    assert.ok(Array.isArray(JSON.parse(users!.fields)))
    assert.deepEqual(await data.get('PRAGMA integrity_check'), { integrity_check: 'ok' })
    const aux = await opener.open('auxiliary')
    assert.deepEqual(
      await aux.get("SELECT count(*) > 0 AS yes FROM sqlite_master WHERE name = '_logs'"),
      { yes: 1 },
    )
    await aux.close()
    await data.close()
  })

  test('a corrupt data.db fails to open with SQLITE_NOTADB', async () => {
    const dir = tempDir()
    const garbage = Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 2654435761) >>> 24)
    writeFileSync(join(dir, 'data.db'), garbage)
    const opener = createNodeSqliteOpener(dir)
    await assert.rejects(opener.open('data'), (err: unknown) => {
      assert.ok(err instanceof SqliteError)
      assert.equal(err.code, 'SQLITE_NOTADB')
      assert.equal(err.message, 'file is not a database')
      return true
    })
    // the process keeps working
    const aux = await opener.open('auxiliary')
    assert.deepEqual(await aux.get('SELECT 1 AS ok'), { ok: 1 })
    await aux.close()
  })

  test('a path that cannot be opened fails with SQLITE_CANTOPEN', async () => {
    await assert.rejects(
      openNodeSqliteFile(join(tempDir(), 'missing', 'dir', 'data.db')),
      (err: unknown) => {
        return err instanceof SqliteError && err.code === 'SQLITE_CANTOPEN'
      },
    )
  })

  test('memory databases for other workspaces', async () => {
    const dbs: SqliteDatabase[] = [await openMemorySqlite(), await openMemorySqlite()]
    await dbs[0]!.exec('CREATE TABLE t (x)')
    assert.deepEqual(await dbs[1]!.all("SELECT name FROM sqlite_master WHERE name = 't'"), [])
    assert.deepEqual(dbs[0]!.info, {
      engine: 'wa-sqlite/memory',
      sqliteVersion: dbs[0]!.info.sqliteVersion,
      persistent: false,
      wal: false,
      concurrentReads: false,
    })
    assert.deepEqual(await dbs[0]!.get('PRAGMA foreign_keys'), { foreign_keys: 1 })
    await Promise.all(dbs.map((db) => db.close()))
  })
})
