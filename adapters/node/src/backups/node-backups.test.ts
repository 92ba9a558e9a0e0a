import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { strToU8, zipSync } from 'fflate'
import { createBackup, readAllBytes, restoreBackup, type App } from '@isobase/core'
import { openNodeSqliteFile } from '../sqlite/node-sqlite.js'
import { listTree, openTempApp, type TempApp } from './backups.test-util.js'
import { TEMP_DIR_NAME } from './node-backups.js'

const enc = (s: string) => new TextEncoder().encode(s)

async function createLoadTables(app: App): Promise<void> {
  await app.db().exec(`
    CREATE TABLE load_items (seq INTEGER PRIMARY KEY, file TEXT NOT NULL);
    CREATE TABLE load_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
    INSERT INTO load_counter (id, n) VALUES (1, 0);
  `)
}

/**
 * One write as record saves do it: the file is stored before the commit; a replaced file is deleted
 * only after the commit.
 */
async function writeOne(t: TempApp): Promise<void> {
  await t.app.runInTransaction(async (tx) => {
    const { next } = (await tx
      .db()
      .get<{ next: number }>('SELECT coalesce(max(seq), 0) + 1 AS next FROM load_items'))!
    const key = `load/${next}.txt`
    await t.files.put(key, enc(String(next)), { contentType: 'text/plain' })
    await tx.db().run('INSERT INTO load_items (seq, file) VALUES (?, ?)', [next, key])
    await tx.db().run('UPDATE load_counter SET n = n + 1 WHERE id = 1')
    if (next % 5 === 0 && next > 3) {
      const old = `load/${next - 3}.txt`
      await tx.db().run("UPDATE load_items SET file = '' WHERE seq = ?", [next - 3])
      await tx.afterCommit(async () => {
        await t.files.delete(old)
      })
    }
  })
}

async function countRows(app: App): Promise<number> {
  return Number((await app.db().get<{ c: number }>('SELECT count(*) AS c FROM load_items'))!.c)
}

test('a backup taken under concurrent write load restores to a committed prefix, with its files', async (ctx) => {
  const t = await openTempApp()
  try {
    await createLoadTables(t.app)
    const perWriter = 150
    let backupTaken = false
    const writer = async () => {
      for (let i = 0; i < perWriter; i++) {
        await writeOne(t)
      }
    }
    const backup = async () => {
      while ((await countRows(t.app)) < 40) {
        await new Promise((r) => setImmediate(r))
      }
      await createBackup(t.app, 'load.zip')
      backupTaken = true
    }
    await Promise.all([writer(), writer(), writer(), backup()])
    assert.ok(backupTaken)
    assert.equal(await countRows(t.app), 3 * perWriter)

    await restoreBackup(t.app, 'load.zip')

    const rows = await t.app
      .db()
      .all<{ seq: number; file: string }>('SELECT seq, file FROM load_items ORDER BY seq')
    const m = rows.length
    ctx.diagnostic(`restored ${m} of ${3 * perWriter} rows`)
    assert.ok(m >= 40, `restored ${m} rows`)
    // a committed prefix: seq 1..m without gaps, and the counter updated in the same transactions agrees
    assert.deepEqual(
      rows.map((r) => Number(r.seq)),
      Array.from({ length: m }, (_, i) => i + 1),
    )
    assert.equal(Number((await t.app.db().get<{ n: number }>('SELECT n FROM load_counter'))!.n), m)
    assert.deepEqual(await t.app.db().all('PRAGMA integrity_check'), [{ integrity_check: 'ok' }])
    // every file a restored row refers to came back with the right content
    for (const row of rows) {
      if (row.file !== '') {
        const bytes = await readAllBytes(t.files, row.file)
        assert.equal(
          bytes && new TextDecoder().decode(bytes),
          String(row.seq),
          `file of row ${row.seq}`,
        )
      }
    }
    // the app keeps working on the restored data, and temp files are gone
    await writeOne(t)
    assert.equal(await countRows(t.app), m + 1)
    assert.deepEqual(readdirSync(join(t.dir, TEMP_DIR_NAME)), [])
  } finally {
    await t.close()
  }
})

test('backup and restore round trip: data, auxiliary logs and storage files come back; backups stay', async () => {
  const t = await openTempApp()
  try {
    await createLoadTables(t.app)
    for (let i = 0; i < 7; i++) await writeOne(t)
    await t.app
      .auxDb()
      .run("INSERT INTO _logs (id, level, message, data) VALUES ('log1', 0, 'before', '{}')")
    await createBackup(t.app, 'first.zip')
    const before = listTree(t.dir, [
      'backups',
      TEMP_DIR_NAME,
      'isobase.lock',
      'data.db-wal',
      'data.db-shm',
      'auxiliary.db-wal',
      'auxiliary.db-shm',
      'data.db',
      'auxiliary.db',
    ])

    for (let i = 0; i < 7; i++) await writeOne(t)
    await t.app
      .auxDb()
      .run("INSERT INTO _logs (id, level, message, data) VALUES ('log2', 0, 'after', '{}')")
    await t.files.put('extra/new.txt', enc('new'), { contentType: 'text/plain' })
    await createBackup(t.app, 'second.zip')

    await restoreBackup(t.app, 'first.zip')
    assert.equal(await countRows(t.app), 7)
    const logs = await t.app.auxDb().all<{ id: string }>('SELECT id FROM _logs ORDER BY id')
    assert.deepEqual(
      logs.map((l) => l.id),
      ['log1'],
    )
    const after = listTree(t.dir, [
      'backups',
      TEMP_DIR_NAME,
      'isobase.lock',
      'data.db-wal',
      'data.db-shm',
      'auxiliary.db-wal',
      'auxiliary.db-shm',
      'data.db',
      'auxiliary.db',
    ])
    assert.deepEqual(after, before)
    assert.deepEqual(
      (await t.backups.storage.list('')).map((f) => f.key),
      ['first.zip', 'second.zip'],
    )

    await restoreBackup(t.app, 'second.zip')
    assert.equal(await countRows(t.app), 14)
    assert.equal(new TextDecoder().decode((await readAllBytes(t.files, 'extra/new.txt'))!), 'new')
  } finally {
    await t.close()
  }
})

/** Bytes of a SQLite file made by `sql`. */
async function sqliteBytes(sql: string): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-sqlite-'))
  try {
    const db = await openNodeSqliteFile(join(dir, 'x.db'), { pragmas: '', readConnection: false })
    await db.exec(sql)
    await db.close()
    return new Uint8Array(readFileSync(join(dir, 'x.db')))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const failedRestores: { name: string; zip: () => Promise<Uint8Array>; error: RegExp }[] = [
  {
    name: 'not a zip',
    zip: async () => enc('this is not a zip archive at all'),
    error: /not a valid zip/,
  },
  {
    name: 'no data.db',
    zip: async () => zipSync({ 'storage/a.txt': strToU8('x') }),
    error: /data\.db file is missing/,
  },
  {
    name: 'data.db is not a database',
    zip: async () => zipSync({ 'data.db': new Uint8Array(8192).fill(7) }),
    error: /data\.db is invalid/,
  },
  {
    name: 'data.db is not a PocketBase database',
    zip: async () => zipSync({ 'data.db': await sqliteBytes('CREATE TABLE x (a)') }),
    error: /no _collections table/,
  },
  {
    name: 'path traversal',
    zip: async () => zipSync({ '../escaped.txt': strToU8('x'), 'data.db': strToU8('x') }),
    error: /invalid file path/,
  },
  {
    // passes the checks, then fails to open as the app's data: the old data must be put back
    name: 'data the app refuses to open',
    zip: async () =>
      zipSync({ 'data.db': await sqliteBytes('CREATE TABLE _collections (id TEXT)') }),
    error: /failed to restore the backup/,
  },
  {
    name: 'corrupted entry',
    zip: async () => {
      const bytes = zipSync({
        'data.db': await sqliteBytes('CREATE TABLE x (a)'),
        'storage/b.txt': strToU8('y'.repeat(5000)),
      })
      bytes[60] = bytes[60]! ^ 0xff
      return bytes
    },
    error: /zip/,
  },
]

test('a failed restore leaves the old data in place and the app serving it', async (t) => {
  const app = await openTempApp()
  try {
    await createLoadTables(app.app)
    for (let i = 0; i < 6; i++) await writeOne(app)
    const skip = [
      'backups',
      TEMP_DIR_NAME,
      'isobase.lock',
      'data.db-wal',
      'data.db-shm',
      'auxiliary.db-wal',
      'auxiliary.db-shm',
    ]
    for (const c of failedRestores) {
      await t.test(c.name, async () => {
        await app.backups.storage.put(`bad-${failedRestores.indexOf(c)}.zip`, await c.zip(), {
          contentType: 'application/zip',
        })
        const tree = listTree(app.dir, skip).filter(
          (f) => !f.startsWith('data.db') && !f.startsWith('auxiliary.db'),
        )
        const rows = await app.app.db().all('SELECT * FROM load_items ORDER BY seq')
        await assert.rejects(
          restoreBackup(app.app, `bad-${failedRestores.indexOf(c)}.zip`),
          c.error,
        )
        assert.deepEqual(await app.app.db().all('SELECT * FROM load_items ORDER BY seq'), rows)
        assert.deepEqual(
          listTree(app.dir, skip).filter(
            (f) => !f.startsWith('data.db') && !f.startsWith('auxiliary.db'),
          ),
          tree,
        )
        assert.ok(!existsSync(join(app.dir, '..', 'escaped.txt')))
        assert.deepEqual(
          existsSync(join(app.dir, TEMP_DIR_NAME)) ? readdirSync(join(app.dir, TEMP_DIR_NAME)) : [],
          [],
        )
        await writeOne(app) // still writable
      })
    }
  } finally {
    await app.close()
  }
})

test('the backup zip holds pb_data minus backups, temp files, the lock and WAL files', async () => {
  const t = await openTempApp()
  try {
    await t.files.put('c/r/a.txt', enc('a'), { contentType: 'text/plain' })
    writeFileSync(join(t.dir, 'isobase.lock'), 'lock')
    writeFileSync(join(t.dir, 'types.d.ts'), '// types')
    await createBackup(t.app, 'x.zip')
    await createBackup(t.app, 'y.zip')
    const { readPbDataZip, blobZipSource } = await import('@isobase/core')
    const zip = readFileSync(join(t.dir, 'backups', 'y.zip'))
    const files = await readPbDataZip(blobZipSource(new Blob([zip])))
    assert.deepEqual(
      files.map((f) => f.path),
      ['auxiliary.db', 'data.db', 'storage/c/r/a.txt', 'storage/c/r/a.txt.attrs', 'types.d.ts'],
    )
  } finally {
    await t.close()
  }
})

test('backup hooks can rename a backup, exclude more entries, and stop a restore', async () => {
  const t = await openTempApp()
  try {
    const { backupHooks, readPbDataZip, blobZipSource } = await import('@isobase/core')
    writeFileSync(join(t.dir, 'private.txt'), 'secret')
    writeFileSync(join(t.dir, 'public.txt'), 'hello')
    backupHooks(t.app).create.bindFunc(async (e) => {
      e.name = 'renamed.zip'
      e.exclude.push('private.txt')
      await e.next()
    })
    assert.equal(await createBackup(t.app, 'asked.zip'), 'renamed.zip')
    const files = await readPbDataZip(
      blobZipSource(new Blob([readFileSync(join(t.dir, 'backups', 'renamed.zip'))])),
    )
    assert.deepEqual(
      files.map((f) => f.path).filter((p) => p.endsWith('.txt')),
      ['public.txt'],
    )

    await createLoadTables(t.app)
    let asked = ''
    backupHooks(t.app).restore.bindFunc((e) => {
      asked = e.name // not calling e.next(): the restore does not happen
    })
    await restoreBackup(t.app, 'renamed.zip')
    assert.equal(asked, 'renamed.zip')
    assert.equal(await countRows(t.app), 0) // the table created after the backup is still there
  } finally {
    await t.close()
  }
})
