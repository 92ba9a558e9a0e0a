import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openMemoryDatabase } from '../db/wa-sqlite/memory.test-util.js'
import type { SqliteDatabase } from '../db/sqlite-port.js'
import { createSimpleFieldResolver } from '../filter/simple-field-resolver.js'
import { parseSearchParams, runSearch, type SearchQuery } from './search-provider.js'

/** A database whose COUNT statements are counted. */
async function countingDb(rows: number): Promise<{ db: SqliteDatabase; counts: () => number }> {
  const db = await openMemoryDatabase()
  await db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, at TEXT)')
  for (let i = 0; i < rows; i++) {
    await db.run('INSERT INTO t VALUES (?, ?, ?)', [`r${i}`, i, '2020-01-01 00:00:00.000Z'])
  }
  let counts = 0
  const get = db.get.bind(db)
  db.get = ((sql: string, params?: never) => {
    if (/COUNT\(/.test(sql)) counts++
    return get(sql, params)
  }) as SqliteDatabase['get']
  return { db, counts: () => counts }
}

const search = (db: SqliteDatabase, url: string, extra: Partial<SearchQuery> = {}) =>
  runSearch(
    {
      db,
      table: 't',
      resolver: createSimpleFieldResolver({ table: 't', allowedFields: ['id', 'n', 'at'] }),
      ...extra,
    },
    parseSearchParams(new URLSearchParams(url)),
  )

test('a total is reused while the data version stays, and counted again after any write', async () => {
  const { db, counts } = await countingDb(5)
  const cacheable = { cacheableCount: () => true }
  assert.equal((await search(db, 'perPage=2&filter=n>1', cacheable)).totalItems, 3)
  assert.equal((await search(db, 'perPage=2&filter=n>1&page=2', cacheable)).totalItems, 3)
  assert.equal(counts(), 1, 'same count SQL and params: reused')
  assert.equal((await search(db, 'perPage=2&filter=n>3', cacheable)).totalItems, 1)
  assert.equal(counts(), 2, 'other params: counted')
  await db.run("INSERT INTO t VALUES ('x', 9, '')")
  assert.equal((await search(db, 'perPage=2&filter=n>1', cacheable)).totalItems, 4)
  await db.transaction((tx) => tx.run("DELETE FROM t WHERE id = 'x'"))
  assert.equal((await search(db, 'perPage=2&filter=n>1', cacheable)).totalItems, 3)
  assert.equal(counts(), 4)
  await db.close()
})

test('totals are not reused unless the caller allows it, nor for SQL that reads the clock', async () => {
  const cases: Array<{ name: string; url: string; extra: Partial<SearchQuery> }> = [
    { name: 'no cacheableCount', url: 'filter=n>1', extra: {} },
    { name: 'cacheableCount says no', url: 'filter=n>1', extra: { cacheableCount: () => false } },
    { name: 'strftime in the filter', url: "filter=at<strftime('%Y')", extra: { cacheableCount: () => true } },
  ]
  for (const c of cases) {
    const { db, counts } = await countingDb(3)
    await search(db, c.url, c.extra)
    await search(db, c.url, c.extra)
    assert.equal(counts(), 2, c.name)
    await db.close()
  }
})

test('inside a transaction the count always runs', async () => {
  const { db } = await countingDb(2)
  await db.transaction(async (tx) => {
    assert.equal((await search(tx as SqliteDatabase, '', { cacheableCount: () => true })).totalItems, 2)
    await tx.run("INSERT INTO t VALUES ('y', 1, '')")
    assert.equal((await search(tx as SqliteDatabase, '', { cacheableCount: () => true })).totalItems, 3)
  })
  await db.close()
})
