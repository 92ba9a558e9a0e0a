/**
 * @module A real Isobase Node server on a temporary `pb_data` for SDK tests: open, seed, serve on
 * 127.0.0.1:0, clean up.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  findRecordsWhere,
  getSettings,
  RecordModel,
  saveRecord,
  saveSettings,
  type App,
  type Settings,
} from '@isobase/core'
import { openNodeApp, type NodeApp } from '../node-app.js'
import { startServer, type RunningServer } from '../server.js'

/** A served app. */
export interface Harness {
  node: NodeApp
  app: App
  server: RunningServer
  url: string
  close(): Promise<void>
}

/** Opens a fresh `pb_data` in a temp dir and serves it. */
export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-auth-sdk-'))
  const node = await openNodeApp({ dir: join(dir, 'pb_data') })
  let server: RunningServer
  try {
    server = await startServer(node.app, '127.0.0.1', 0)
  } catch (err) {
    await node.close()
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  return {
    node,
    app: node.app,
    server,
    url: server.url,
    async close() {
      await server.close(100)
      await node.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Creates an auth record directly (bcrypt cost of the collection applies). */
export async function seedAuthRecord(app: App, collection: string, data: Record<string, unknown>): Promise<RecordModel> {
  const c = app.findCachedCollection(collection)
  if (!c) throw new Error('missing collection ' + collection)
  const record = new RecordModel(c)
  record.load(data)
  await saveRecord(app, record)
  return record
}

/** Merges settings groups (one level deep) and saves them. */
export async function updateSettings(app: App, patch: Record<string, Record<string, unknown> | unknown[]>): Promise<void> {
  const current = await getSettings(app)
  const next = { ...current } as Settings
  for (const [k, v] of Object.entries(patch)) {
    next[k] = Array.isArray(v) ? v : { ...(current[k] as object), ...v }
  }
  await saveSettings(app, next)
}

/** Merges `patch` into an auth collection's options (stored JSON) and reloads the collections. */
export async function updateAuthOptions(app: App, collection: string, patch: Record<string, unknown>): Promise<void> {
  const row = await app.db().get<{ options: string }>('SELECT options FROM _collections WHERE name = ?', [collection])
  const options = { ...(JSON.parse(row?.options ?? '{}') as Record<string, unknown>), ...patch }
  await app.db().run('UPDATE _collections SET options = ? WHERE name = ?', [JSON.stringify(options), collection])
  await app.reloadCachedCollections()
}

/** Rows of a system collection for an auth record (e.g. `_externalAuths`). */
export function refRows(app: App, collection: string, recordId: string): Promise<RecordModel[]> {
  return findRecordsWhere(app, collection, 'recordRef = ?', [recordId])
}
