/**
 * @module Test helpers for the record resolver: the PocketBase fixture database in wa-sqlite memory,
 * and a list query built the way PocketBase's records list builds it.
 *
 * Node-only (reads the fixture file); excluded from core's main build like every `*.test-util.ts`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { loadAllCollections } from '../collections/collection-query.js'
import type { SqliteDatabase, SqlRow } from '../db/sqlite-port.js'
import { loadSyncModule } from '../db/wa-sqlite/memory.test-util.js'
import { openWaSqliteDatabase } from '../db/wa-sqlite/wa-sqlite-database.js'
import { compileFilter } from '../filter/filter-compiler.js'
import { FILTER_LIMITS } from '../filter/filter-limits.js'
import { buildSelect } from '../filter/select-builder.js'
import { compileSort } from '../filter/sort-compiler.js'
import type { SqlFragment } from '../filter/sql-fragment.js'
import { assertNoSuperuserOnlyFields, type RequestInfo } from './record-field-resolver-request.js'
import { createRecordFieldResolver } from './record-field-resolver.js'

/** Where the PocketBase v0.39.11 fixture lives (same lookup as the conformance workspace). */
export function fixtureDataDb(): string | undefined {
  const dirs = [
    process.env.ISOBASE_CONFORMANCE_DATA,
    resolve(import.meta.dirname, '../../../conformance/data/pocketbase'),
    resolve(import.meta.dirname, '../../../../shared/conformance/pocketbase'),
    '/work/shared/conformance/pocketbase',
  ]
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, 'fixture', 'data.db'))) {
      return join(dir, 'fixture', 'data.db')
    }
  }
  return undefined
}

/** The fixture opened in memory, with its collections. */
export interface Fixture {
  readonly db: SqliteDatabase
  readonly collections: CollectionModel[]
  collection(name: string): CollectionModel
  /** Closes the database and frees its in-memory file. */
  close(): Promise<void>
}

const VFS_NAME = 'isobase-filter-fixture'
let vfs: MemoryVFS | undefined

/**
 * Opens a private in-memory copy of the fixture's `data.db` on the wa-sqlite sync build, or `undefined`
 * when the fixture is not available on this machine.
 */
export async function openFixture(): Promise<Fixture | undefined> {
  const path = fixtureDataDb()
  if (!path) {
    return undefined
  }
  const module = await loadSyncModule()
  if (!vfs) {
    vfs = new MemoryVFS(VFS_NAME, module)
    module.vfs_register(vfs, false)
  }
  const bytes = new Uint8Array(readFileSync(path))
  // the fixture is in WAL mode; bytes 18-19 = 1 switch a WAL-less copy back to a rollback journal
  bytes[18] = 1
  bytes[19] = 1
  const name = `/fixture-${Math.random().toString(36).slice(2)}.db`
  // note: MemoryVFS keeps files in this map; seeding it is how a file is "copied" into memory
  const files = (vfs as unknown as { mapNameToFile: Map<string, unknown> }).mapNameToFile
  files.set(name, {
    pathname: name,
    flags: 0,
    size: bytes.byteLength,
    data: bytes.buffer,
  })
  const db = await openWaSqliteDatabase({
    module,
    vfs: VFS_NAME,
    filename: name,
    engine: 'wa-sqlite/fixture',
    persistent: false,
  })
  const collections = await loadAllCollections(db)
  return {
    db,
    collections,
    async close() {
      await db.close()
      files.delete(name)
    },
    collection(n: string) {
      const c = collections.find((x) => x.name === n)
      if (!c) {
        throw new Error(`no collection ${n}`)
      }
      return c
    },
  }
}

/** Who runs a list query in {@link listIds}. */
export type Actor = 'superuser' | 'guest' | { readonly collection: string; readonly id: string }

/** Loads an auth record as the `auth` of a RequestInfo (every column, booleans as booleans). */
export async function authInfo(
  fx: Fixture,
  collection: string,
  id: string,
): Promise<Record<string, unknown>> {
  const c = fx.collection(collection)
  const row = await fx.db.get<SqlRow>(`SELECT * FROM "${c.name}" WHERE id = ?`, [id])
  if (!row) {
    throw new Error(`no ${collection} record ${id}`)
  }
  const out: Record<string, unknown> = { collectionId: c.id, collectionName: c.name }
  for (const f of c.fields) {
    const v = row[f.name]
    out[f.name] = f.type === 'bool' ? v === 1 : v
  }
  return out
}

/** A RequestInfo as PocketBase builds it for `GET /api/collections/<c>/records?…`. */
export async function requestInfoFor(
  fx: Fixture,
  actor: Actor,
  query: Record<string, string> = {},
): Promise<RequestInfo> {
  let auth: Record<string, unknown> | null = null
  if (actor === 'superuser') {
    auth = await authInfo(fx, '_superusers', 'sywbhecnh46rhm0')
  } else if (actor !== 'guest') {
    auth = await authInfo(fx, actor.collection, actor.id)
  }
  return {
    auth,
    body: {},
    query,
    headers: { content_type: 'application/json' },
    method: 'GET',
    context: 'default',
  }
}

/** Options of {@link listIds}. */
export interface ListOptions {
  readonly collection: string
  readonly as: Actor
  readonly filter?: string
  readonly sort?: string
  /** Overrides the collection's listRule (`null` = superusers only). */
  readonly rule?: string | null
  readonly now?: () => Date
}

/**
 * Runs a records list the way PocketBase's `recordsList` does (rule with hidden fields allowed, then the
 * client filter/sort without them for non-superusers) and returns the matching ids in query order
 * (sorted when no `sort` is given). Throws the compile errors (`FilterError`) as they are.
 */
export async function listIds(fx: Fixture, o: ListOptions): Promise<string[]> {
  const collection = fx.collection(o.collection)
  const superuser = o.as === 'superuser'
  const rule = o.rule === undefined ? collection.listRule : o.rule
  if (rule === null && !superuser) {
    throw new Error('forbidden: Only superusers can perform this action.')
  }
  const requestInfo = await requestInfoFor(fx, o.as, {
    ...(o.filter ? { filter: o.filter } : {}),
    ...(o.sort ? { sort: o.sort } : {}),
  })
  if (!superuser) {
    assertNoSuperuserOnlyFields({ filter: o.filter, sort: o.sort })
  }
  const resolver = createRecordFieldResolver({
    collection,
    collections: fx.collections,
    requestInfo,
    allowHiddenFields: true,
    ...(o.now ? { now: o.now } : {}),
  })
  const where: SqlFragment[] = []
  if (!superuser && rule) {
    where.push(compileFilter(rule, resolver))
  }
  resolver.allowHiddenFields = superuser
  if (o.filter) {
    where.push(compileFilter(o.filter, resolver, { maxLength: FILTER_LIMITS.maxFilterLength }))
  }
  const orderBy = o.sort ? compileSort(o.sort, resolver) : []
  const q = buildSelect({
    from: collection.name,
    columns: `"${collection.name}".id AS id`,
    where,
    orderBy,
    resolver,
  })
  const rows = await fx.db.all<{ id: string }>(q.sql, q.params)
  const ids = rows.map((r) => r.id)
  return o.sort ? ids : ids.sort()
}
