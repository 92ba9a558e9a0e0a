/**
 * @module Test helpers for collections: apps over a fresh memory database or over a private in-memory
 * copy of the PocketBase fixture (with the fixture's superuser and user tokens), and JSON requests.
 *
 * Node-only; excluded from core's main build like every `*.test-util.ts`.
 */
import { readFileSync } from 'node:fs'
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js'
import { createApp, type App } from '../app.js'
import type { SqliteDatabase, SqlRow } from '../db/sqlite-port.js'
import { loadSyncModule, openMemoryDatabase } from '../db/wa-sqlite/memory.test-util.js'
import { openWaSqliteDatabase } from '../db/wa-sqlite/wa-sqlite-database.js'
import { fixtureDataDb } from '../records/record-field-resolver.test-util.js'

/** The fixture's superuser token (`sywbhecnh46rhm0`, valid until 2050), as the PocketBase scenarios use it. */
export const FIXTURE_SUPERUSER_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InN5d2JoZWNuaDQ2cmhtMCIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoicGJjXzMxNDI2MzU4MjMiLCJleHAiOjI1MjQ2MDQ0NjEsInJlZnJlc2hhYmxlIjp0cnVlfQ.UXgO3j-0BumcugrFjbd7j0M4MQvbrLggLlcu_YNGjoY'
/** A fixture `users` record token (not a superuser). */
export const FIXTURE_USER_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjRxMXhsY2xtZmxva3UzMyIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoiX3BiX3VzZXJzX2F1dGhfIiwiZXhwIjoyNTI0NjA0NDYxLCJyZWZyZXNoYWJsZSI6dHJ1ZX0.ZT3F0Z3iM-xbGgSG3LEKiEzHrPHr8t8IuHLZGGNuxLo'

/** A bootstrapped app over fresh memory databases (PocketBase's fresh install). */
export async function newMemoryApp(): Promise<App> {
  const app = createApp({ sqlite: { open: () => openMemoryDatabase() } })
  await app.bootstrap()
  return app
}

const VFS_NAME = 'isobase-collections-fixture'
let vfs: MemoryVFS | undefined

async function openFixtureCopy(path: string): Promise<SqliteDatabase> {
  const module = await loadSyncModule()
  if (!vfs) {
    vfs = new MemoryVFS(VFS_NAME, module)
    module.vfs_register(vfs, false)
  }
  const bytes = new Uint8Array(readFileSync(path))
  // the fixture is in WAL mode; bytes 18-19 = 1 switch the in-memory copy to a rollback journal
  bytes[18] = 1
  bytes[19] = 1
  const name = `/fixture-${Math.random().toString(36).slice(2)}.db`
  // note: MemoryVFS keeps files in this map; seeding it is how a file is "copied" into memory
  ;(vfs as unknown as { mapNameToFile: Map<string, unknown> }).mapNameToFile.set(name, {
    pathname: name,
    flags: 0,
    size: bytes.byteLength,
    data: bytes.buffer,
  })
  return openWaSqliteDatabase({
    module,
    vfs: VFS_NAME,
    filename: name,
    engine: 'wa-sqlite/fixture',
    persistent: false,
  })
}

/** A bootstrapped app over a private copy of the PocketBase fixture, or `undefined` when it is absent. */
export async function newFixtureApp(): Promise<App | undefined> {
  const path = fixtureDataDb()
  if (!path) {
    return undefined
  }
  const app = createApp({
    sqlite: { open: (name) => (name === 'data' ? openFixtureCopy(path) : openMemoryDatabase()) },
  })
  await app.bootstrap()
  return app
}

/** The response of {@link call}: status and parsed JSON (null for an empty body). */
export interface CallResult {
  status: number
  json: any
  text: string
}

/** A request with an optional JSON (or raw string) body and token. */
export async function call(
  app: App,
  method: string,
  path: string,
  body?: unknown,
  token = FIXTURE_SUPERUSER_TOKEN,
): Promise<CallResult> {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = token
  const init: RequestInit = { method, headers }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    headers['content-type'] = 'application/json'
  }
  const res = await app.request(path, init)
  const text = await res.text()
  let json: unknown = null
  try {
    json = text === '' ? null : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, json, text }
}

/** Column names of a table, in table order. */
export async function columnsOf(app: App, table: string): Promise<string[]> {
  const rows = await app
    .db()
    .all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table])
  return rows.map((r) => String(r.name))
}

/** The schema rows (tables, indexes, views) and every `_collections` row: a snapshot to compare. */
export async function schemaSnapshot(app: App): Promise<string> {
  const schema = await app
    .db()
    .all<SqlRow>(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
  const rows = await app.db().all<SqlRow>('SELECT * FROM `_collections` ORDER BY id')
  return JSON.stringify({ schema, rows })
}
