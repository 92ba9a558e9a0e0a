/**
 * @module Importing a collections configuration in one transaction (PocketBase
 * `core/collection_import.go`): existing collections (matched by id, else name) get the imported data
 * merged on top, new ones are created, and with `deleteMissing` every non-system collection and field
 * absent from the import is deleted with its data.
 */
import type { App } from '../app.js'
import { rawErrorMessages, validationError } from '../fields/validators.js'
import { ValidationErrors } from '../http/api-error.js'
import { toString } from '../tools/cast.js'
import { addField, decodeCollection } from './collection-decode.js'
import { newCollection } from './collection-defaults.js'
import type { CollectionModel } from './collection-model.js'
import { deleteCollection, findCollectionRowByNameOrId, saveCollection } from './collection-save.js'
import { collectCollectionErrors } from './collection-validate.js'
import { goDecode, goString, goStruct } from './go-json-decode.js'
import { collectionFromRow } from './collection-json.js'
import type { SqlRow } from '../db/sqlite-port.js'

/** The minimal keys PocketBase reads first to pick a scaffold for a new collection. */
const MINIMAL = goStruct([
  ['type', goString],
  ['name', goString],
  ['id', goString],
])

/**
 * Imports collections (see the module doc). Nothing is kept when anything fails.
 *
 * @throws Error `no collections to import` for an empty list; ValidationErrors with a
 * `collections` → `validation_collections_import_failure` error when an imported collection is
 * invalid; decode errors for malformed entries; other errors from the writes.
 */
export async function importCollections(
  app: App,
  toImport: Record<string, unknown>[],
  deleteMissing: boolean,
): Promise<void> {
  if (toImport.length === 0) {
    // note: an empty import would otherwise delete every collection
    throw new Error('no collections to import')
  }

  const imported: CollectionModel[] = []
  const isNew = new Set<CollectionModel>()
  for (const raw of toImport) {
    const data = { ...raw }
    const identifier = toString(data.id) || toString(data.name)
    const existing =
      identifier === '' ? undefined : await findCollectionRowByNameOrId(app, identifier)
    let model: CollectionModel
    if (existing) {
      if ((data.fields === undefined || data.fields === null) && deleteMissing) {
        data.fields = []
      }
      model = decodeCollection(structuredClone(existing), data)
      for (const f of existing.fields) {
        if (!f.system && deleteMissing) continue
        if (model.fields.some((x) => x.id === f.id)) continue
        // a same-named field of the same type takes over the existing id, so its column is kept
        const found = model.fields.find((x) => x.name === f.name)
        if (found && found.type === f.type) {
          found.id = f.id
        }
        addField(model.fields, structuredClone(f))
      }
    } else {
      const minimal = goDecode(MINIMAL, undefined, data) as {
        type: string
        name: string
        id: string
      }
      model = decodeCollection(
        newCollection(scaffold(minimal.type), minimal.name, minimal.id),
        data,
      )
      isNew.add(model)
    }
    imported.push(model)
  }

  // views last (their queries may read the others), then by creation and update time
  const sorted = imported
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const va = a.c.type === 'view' ? 1 : -1
      const vb = b.c.type === 'view' ? 1 : -1
      return va - vb || cmp(a.c.created, b.c.created) || cmp(a.c.updated, b.c.updated) || a.i - b.i
    })
    .map((x) => x.c)

  await app.runInTransaction(async (txApp) => {
    const existingRows = await txApp
      .db()
      .all<SqlRow>('SELECT * FROM `_collections` ORDER BY updated ASC')
    const existing = new Map(existingRows.map(collectionFromRow).map((c) => [c.id, c]))
    const importedIds = new Set(sorted.map((c) => c.id))

    if (deleteMissing) {
      for (const old of existing.values()) {
        if (importedIds.has(old.id) || old.system) continue
        await deleteCollection(txApp, old, { integrityChecks: false })
      }
    }

    for (const c of sorted) {
      try {
        await saveCollection(txApp, c, { validate: false, isNew: isNew.has(c) })
      } catch (err) {
        throw new Error(
          `failed to save collection ${JSON.stringify(c.name)}: ${(err as Error).message}`,
          { cause: err },
        )
      }
    }

    for (const c of sorted) {
      const original = existing.get(c.id) ?? c
      const errors = await collectCollectionErrors(txApp, c, original)
      if (Object.keys(errors).length > 0) {
        throw new ValidationErrors({
          collections: validationError(
            'validation_collections_import_failure',
            `Data validations failed for collection ${JSON.stringify(c.name)} (${c.id}):\n${JSON.stringify(rawErrorMessages(errors), null, 2)}`,
          ),
        })
      }
    }
  })
}

function scaffold(type: string): CollectionModel['type'] {
  return type === 'auth' || type === 'view' ? type : 'base'
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
