/**
 * @module Automigrate (PocketBase `plugins/migratecmd/automigrate.go`): every collection created,
 * updated or deleted through the collections API is written as a JS migration file and recorded as
 * applied in `_migrations`, so the same change replays elsewhere with `migrate up`. OAuth2 providers
 * (secrets) are left out. Imports are not recorded, as in PocketBase.
 */
import type { App } from '../app.js'
import type { CollectionRequestEvent } from '../collections/collection-events.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { findCollectionRowById } from '../collections/collection-save.js'
import { MIGRATIONS_TABLE } from './migrations-runner.js'
import { jsDiffTemplate } from './migration-templates.js'

/** Where generated migration files go (Node: the `pb_migrations` directory). */
export interface MigrationFilesWriter {
  /** Writes (creates) the file `name` with `content`. */
  write(name: string, content: string): Promise<void>
}

/** Handler id of the automigrate hooks. */
export const AUTOMIGRATE_HOOK_ID = '__isobaseAutomigrate__'

function withoutProviders(c: CollectionModel | undefined): CollectionModel | undefined {
  if (!c) return undefined
  const copy = structuredClone(c)
  const oauth2 = copy.oauth2 as Record<string, unknown> | undefined
  if (oauth2 && typeof oauth2 === 'object') {
    delete oauth2.providers
  }
  return copy
}

/** PocketBase's `normalizeCollectionName`: a `…test` name gets `_` so the file isn't a `_test.js`. */
function fileAction(name: string): string {
  return name.toLowerCase().endsWith('test') ? name + '_' : name
}

/** Writes the migration of one collection change (the state before and after it). */
export async function writeCollectionMigration(
  app: App,
  writer: MigrationFilesWriter,
  next: CollectionModel | undefined,
  prev: CollectionModel | undefined,
): Promise<string | undefined> {
  const template = jsDiffTemplate(withoutProviders(next), withoutProviders(prev))
  if (template === undefined) {
    return undefined // no changes
  }
  const action = !next
    ? `deleted_${fileAction(prev!.name)}`
    : !prev
      ? `created_${fileAction(next.name)}`
      : `updated_${fileAction(prev.name)}`
  const now = app.now().getTime()
  const base = `${Math.floor(now / 1000)}_${action}`
  return app.runInTransaction(async (txApp) => {
    // note: PocketBase would fail on a second identical change within the same second; a suffix keeps both
    let name = `${base}.js`
    for (
      let i = 2;
      await txApp.db().get(`SELECT 1 AS x FROM \`${MIGRATIONS_TABLE}\` WHERE file = ?`, [name]);
      i++
    ) {
      name = `${base}_${i}.js`
    }
    // note: microseconds, so changes within the same second keep their order
    await txApp
      .db()
      .run(`INSERT INTO \`${MIGRATIONS_TABLE}\` (file, applied) VALUES (?, ?)`, [name, now * 1000])
    await writer.write(name, template)
    return name
  })
}

/** Binds automigrate to the collections API create/update/delete requests of `app`. */
export function bindAutomigrate(app: App, writer: MigrationFilesWriter): void {
  const handler = (kind: 'create' | 'update' | 'delete') => async (e: CollectionRequestEvent) => {
    const prev = kind === 'create' ? undefined : await findCollectionRowById(e.app, e.collection.id)
    await e.next()
    const next = kind === 'delete' ? undefined : await findCollectionRowById(e.app, e.collection.id)
    if (!next && !prev) {
      return
    }
    await writeCollectionMigration(e.app, writer, next, prev)
  }
  const hooks = app.collectionHooks
  hooks.createRequest.bind({ id: AUTOMIGRATE_HOOK_ID, func: handler('create') })
  hooks.updateRequest.bind({ id: AUTOMIGRATE_HOOK_ID, func: handler('update') })
  hooks.deleteRequest.bind({ id: AUTOMIGRATE_HOOK_ID, func: handler('delete') })
}
