/**
 * The browser backups' database copies (`waSqliteImages`), checked on Node over the Node file VFS
 * (the same wa-sqlite calls the Service Worker and Worker make over IndexedDB and OPFS): a snapshot
 * is a complete database, a restore replaces every object and row atomically, and a bad image leaves
 * the old data as it was.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { SqliteDatabase } from '@isobase/core'
import { createNodeSqliteOpener, loadNodeSqlite, NODE_FS_VFS_NAME } from '@isobase/node'
import { waSqliteImages, type SqliteImages } from '@isobase/browser/backups'

describe('waSqliteImages (Node file VFS)', () => {
  let dir: string
  let images: SqliteImages
  const opener = () => createNodeSqliteOpener(dir)
  const withDb = async <T>(name: 'data' | 'auxiliary', fn: (db: SqliteDatabase) => Promise<T>): Promise<T> => {
    const db = await opener().open(name)
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }
  const dump = (db: SqliteDatabase) =>
    Promise.all([
      db.all(`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name`),
      db.all(`SELECT * FROM posts ORDER BY id`),
      db.all(`SELECT * FROM sqlite_sequence`),
      db.get(`PRAGMA user_version`),
    ])

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isobase-images-'))
    const { module } = await loadNodeSqlite()
    images = waSqliteImages({ module, vfs: NODE_FS_VFS_NAME, filename: (n) => join(dir, `${n}.db`), mode: 'sync' })
    await withDb('data', (db) =>
      db.exec(`
        CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, score REAL, data BLOB);
        CREATE INDEX posts_title ON posts (title);
        CREATE VIEW titles AS SELECT title FROM posts;
        CREATE TABLE log (msg TEXT);
        CREATE TRIGGER posts_log AFTER INSERT ON posts BEGIN INSERT INTO log VALUES (new.title); END;
        INSERT INTO posts (title, score, data) VALUES ('a', 1.0, x'00ff'), ('b', 2.5, NULL), ('é<>', NULL, x'');
        PRAGMA user_version = 7;`),
    )
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('a snapshot restores to the same schema, rows, sequence and user_version', async () => {
    const before = await withDb('data', dump)
    const snapshot = await images.snapshot('data')
    assert.equal(new TextDecoder().decode(snapshot.subarray(0, 15)), 'SQLite format 3')
    await withDb('data', (db) =>
      db.exec(`DROP VIEW titles; CREATE TABLE extra (x); INSERT INTO posts (title) VALUES ('later'); PRAGMA user_version = 9;`),
    )
    await images.restore('data', snapshot)
    assert.deepEqual(await withDb('data', dump), before)
    // the trigger came back too
    await withDb('data', (db) => db.run(`INSERT INTO posts (title) VALUES ('c')`))
    assert.deepEqual(await withDb('data', (db) => db.all(`SELECT msg FROM log ORDER BY rowid`)), [
      { msg: 'a' },
      { msg: 'b' },
      { msg: 'é<>' },
      { msg: 'c' },
    ])
  })

  it('restores a WAL-mode file (as PocketBase and isobase serve write them)', async () => {
    const file = join(dir, 'auxiliary.db')
    await withDb('auxiliary', (db) => db.exec(`CREATE TABLE t (v); INSERT INTO t VALUES (1), (2);`))
    const wal = new Uint8Array(readFileSync(file))
    assert.deepEqual([wal[18], wal[19]], [2, 2])
    await withDb('auxiliary', (db) => db.exec(`DELETE FROM t`))
    await images.restore('auxiliary', wal)
    assert.deepEqual(await withDb('auxiliary', (db) => db.all(`SELECT v FROM t`)), [{ v: 1 }, { v: 2 }])
  })

  const bad: { name: string; bytes: () => Promise<Uint8Array> }[] = [
    { name: 'not a database', bytes: async () => new TextEncoder().encode('hello, this is not SQLite'.repeat(20)) },
    {
      name: 'a damaged database',
      bytes: async () => {
        const image = await images.snapshot('data')
        image.fill(0x5a, 4096, image.length) // every page after the first
        return image
      },
    },
  ]
  for (const c of bad) {
    it(`rejects ${c.name} and keeps the old data`, async () => {
      const before = await withDb('data', dump)
      await assert.rejects(images.restore('data', await c.bytes()))
      assert.deepEqual(await withDb('data', dump), before)
    })
  }
})
