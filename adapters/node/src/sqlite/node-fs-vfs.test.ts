import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { DEFAULT_PRAGMAS, SqliteError } from '@isobase/core'
import { loadNodeSqlite, openNodeSqliteFile } from './node-sqlite.js'

const dirs: string[] = []
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-vfs-'))
  dirs.push(dir)
  return dir
}

interface SyncCase {
  name: string
  pragmas: string
  readConnection: boolean
  fileSyncsPerCommit: number
  dirSyncsPerCommit: number
}

// note: the same counts SQLite's unix VFS makes; WAL + NORMAL (PocketBase's) syncs only at checkpoints
const SYNC_CASES: SyncCase[] = [
  {
    name: 'WAL, synchronous=NORMAL',
    pragmas: 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;',
    readConnection: true,
    fileSyncsPerCommit: 0,
    dirSyncsPerCommit: 0,
  },
  {
    name: 'WAL, synchronous=FULL',
    pragmas: 'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;',
    readConnection: true,
    fileSyncsPerCommit: 1,
    dirSyncsPerCommit: 0,
  },
  {
    name: 'WAL, exclusive locking, FULL',
    pragmas:
      'PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;',
    readConnection: true, // refused by the exclusive lock: the driver falls back to one connection
    fileSyncsPerCommit: 1,
    dirSyncsPerCommit: 0,
  },
  {
    name: 'rollback journal, FULL',
    pragmas: 'PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;',
    readConnection: true,
    fileSyncsPerCommit: 3,
    dirSyncsPerCommit: 1,
  },
]

describe('node fs VFS', () => {
  test('syncs per autocommit write, by journal mode', async () => {
    const { vfs } = await loadNodeSqlite()
    for (const c of SYNC_CASES) {
      const db = await openNodeSqliteFile(join(tempDir(), 'data.db'), {
        pragmas: DEFAULT_PRAGMAS + c.pragmas,
        readConnection: c.readConnection,
      })
      await db.exec('CREATE TABLE t (x)')
      await db.run('INSERT INTO t VALUES (0)')
      const before = { ...vfs.stats }
      for (let i = 0; i < 5; i++) {
        await db.run('INSERT INTO t VALUES (?)', [i])
      }
      assert.equal((vfs.stats.fileSyncs - before.fileSyncs) / 5, c.fileSyncsPerCommit, c.name)
      assert.equal((vfs.stats.dirSyncs - before.dirSyncs) / 5, c.dirSyncsPerCommit, c.name)
      await db.close()
    }
  })

  test("a new WAL file's directory is synced on its first sync", async () => {
    const { vfs } = await loadNodeSqlite()
    const before = vfs.stats.dirSyncs
    const db = await openNodeSqliteFile(join(tempDir(), 'data.db'), {
      pragmas: DEFAULT_PRAGMAS + 'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;',
    })
    await db.exec('CREATE TABLE t (x)')
    assert.ok(vfs.stats.dirSyncs > before)
    await db.close()
  })

  test('a second connection in the process is locked out, not corrupting', async () => {
    const file = join(tempDir(), 'data.db')
    const a = await openNodeSqliteFile(file)
    const b = await openNodeSqliteFile(file)
    await a.exec('CREATE TABLE t (x)')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const tx = a.transaction(async (t) => {
      await t.run('INSERT INTO t VALUES (1)')
      await gate
    })
    await new Promise((resolve) => setTimeout(resolve, 5))
    await assert.rejects(b.run('INSERT INTO t VALUES (2)'), (err: unknown) => {
      return err instanceof SqliteError && err.code === 'SQLITE_BUSY'
    })
    assert.deepEqual(await b.get('SELECT count(*) AS n FROM t'), { n: 0 })
    release()
    await tx
    await b.run('INSERT INTO t VALUES (2)')
    assert.deepEqual(await a.get('SELECT count(*) AS n FROM t'), { n: 2 })
    await b.close()
    await a.close()
    assert.equal(
      execFileSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(),
      'ok',
    )
  })

  test(
    'a file the process may not write opens read-only',
    { skip: process.getuid?.() === 0 ? 'root ignores file permissions' : false },
    async () => {
      const file = join(tempDir(), 'ro.db')
      execFileSync('sqlite3', [file, 'CREATE TABLE t (x); INSERT INTO t VALUES (42)'])
      chmodSync(file, 0o444)
      const db = await openNodeSqliteFile(file, { pragmas: DEFAULT_PRAGMAS })
      assert.deepEqual(await db.get('SELECT x FROM t'), { x: 42 })
      await assert.rejects(db.run('INSERT INTO t VALUES (1)'), (err: unknown) => {
        return err instanceof SqliteError && err.code === 'SQLITE_READONLY'
      })
      await db.close()
    },
  )

  test('temp files and VACUUM INTO work', async () => {
    const dir = tempDir()
    const db = await openNodeSqliteFile(join(dir, 'data.db'), {
      pragmas:
        DEFAULT_PRAGMAS +
        'PRAGMA journal_mode = WAL; PRAGMA temp_store = FILE; PRAGMA cache_size = 20;',
    })
    await db.exec('CREATE TABLE t (x, y)')
    await db.transaction(async (tx) => {
      for (let i = 0; i < 3000; i++) {
        await tx.run('INSERT INTO t VALUES (?, ?)', [i, 'y'.repeat(200)])
      }
    })
    // an unindexed ORDER BY this large sorts through nameless temp files
    const rows = await db.all<{ x: number }>('SELECT x, y FROM t ORDER BY y || x DESC')
    assert.equal(rows.length, 3000)
    await db.run('VACUUM INTO ?', [join(dir, 'backup.db')])
    await db.close()
    assert.equal(
      execFileSync(
        'sqlite3',
        [join(dir, 'backup.db'), 'PRAGMA integrity_check; SELECT count(*) FROM t'],
        { encoding: 'utf8' },
      ).trim(),
      'ok\n3000',
    )
  })

  for (const mode of ['WAL', 'DELETE'] as const) {
    test(`uncommitted work vanishes after SIGKILL (${mode} journal)`, async () => {
      const dir = tempDir()
      const file = join(dir, 'data.db')
      const pragmas = `${DEFAULT_PRAGMAS} PRAGMA journal_mode = ${mode}; PRAGMA synchronous = FULL; PRAGMA cache_size = 10;`
      const script = `
        import { openNodeSqliteFile } from ${JSON.stringify(new URL('./node-sqlite.js', import.meta.url).href)}
        const db = await openNodeSqliteFile(${JSON.stringify(file)}, { pragmas: ${JSON.stringify(pragmas)} })
        await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, pad TEXT)')
        await db.transaction(async (tx) => {
          for (let i = 0; i < 95; i++) await tx.run('INSERT INTO t (pad) VALUES (?)', ['committed'])
        })
        for (let i = 0; i < 5; i++) await db.run('INSERT INTO t (pad) VALUES (?)', ['committed'])
        await db.transaction(async (tx) => {
          for (let i = 0; i < 5000; i++) await tx.run('INSERT INTO t (pad) VALUES (?)', ['x'.repeat(100)])
          process.stdout.write('spilled\\n')
          await new Promise(() => {})
        })
      `
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      const exited = new Promise((resolve) => child.on('exit', resolve))
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('spilled') && resolve())
        child.on('exit', (code) => reject(new Error(`child exited early (${code})`)))
      })
      child.kill('SIGKILL')
      await exited
      const leftover = mode === 'WAL' ? `${file}-wal` : `${file}-journal`
      assert.ok(existsSync(leftover) && statSync(leftover).size > 0, `${leftover} is left behind`)

      // native SQLite recovers a copy the same way
      const copy = join(dir, 'copy.db')
      copyFileSync(file, copy)
      copyFileSync(leftover, copy + leftover.slice(file.length))
      assert.equal(
        execFileSync('sqlite3', [copy, 'PRAGMA integrity_check; SELECT count(*) FROM t'], {
          encoding: 'utf8',
        }).trim(),
        'ok\n100',
      )

      const db = await openNodeSqliteFile(file, { pragmas })
      assert.deepEqual(await db.get('SELECT count(*) AS n FROM t'), { n: 100 })
      assert.deepEqual(await db.get('PRAGMA integrity_check'), { integrity_check: 'ok' })
      await db.run("INSERT INTO t (pad) VALUES ('after')")
      await db.close()
      assert.equal(
        execFileSync('sqlite3', [file, 'PRAGMA integrity_check; SELECT count(*) FROM t'], {
          encoding: 'utf8',
        }).trim(),
        'ok\n101',
      )
    })
  }
})
