/**
 * @module Saving, deleting and truncating collections through their hook chains (PocketBase's
 * `app.Save(collection)` / `app.Delete(collection)` / `TruncateCollection` with the collection system
 * hooks of `core/collection_model.go`).
 *
 * A save runs: `create`/`update` hooks (normalisation first, at priority -99) → `validate` hooks (the
 * validator at priority 99) → `createExecute`/`updateExecute` hooks (at priority 99, one transaction:
 * view (re)creation, the `_collections` row, the records table sync) → after-commit success hooks.
 * Nothing is written when validation fails; a failure after the first write rolls everything back.
 */
import type { App } from '../app.js'
import { buildIndex, parseIndex } from '../db/index-parser.js'
import { quoteIdent } from '../db/sql-ident.js'
import type { SqlRow } from '../db/sqlite-port.js'
import { insertCollectionRow } from '../db/system-schema.js'
import { deleteRecord } from '../records/record-save.js'
import { findRecordsWhere } from '../records/record-query.js'
import { toString } from '../tools/cast.js'
import { crc32Checksum } from '../tools/crc32.js'
import { formatDateTime } from '../tools/datetime.js'
import { getSettings, saveSettings } from '../settings/settings-store.js'
import { randomString } from '../tools/random.js'
import { ensureOptionKeys, normalizeFieldsList, shapeField } from './collection-decode.js'
import { defaultCollectionId, ensureSystemFields } from './collection-defaults.js'
import { CollectionErrorEvent, CollectionEvent } from './collection-events.js'
import type { CollectionHooks } from './collection-hooks.js'
import { modelProxyTriggers } from '../hooks/model-hooks.js'
import { collectionFromRow, collectionOptions } from './collection-json.js'
import type { CollectionModel } from './collection-model.js'
import { syncRecordTableSchema } from './collection-table-sync.js'
import { validateCollection } from './collection-validate.js'
import { createViewFields, deleteView, normalizeViewQueryId, saveView } from './view-collection.js'

/** Id of the system handlers bound on every collection hook (PocketBase's `__pbCollectionSystemHook__`). */
export const COLLECTION_SYSTEM_HOOK_ID = '__pbCollectionSystemHook__'

/** Options of {@link saveCollection}. */
export interface SaveCollectionOptions {
  /** Run the validators (default true); imports save first and validate afterwards. */
  readonly validate?: boolean
  /** The id the collection is stored under when the model's `id` was changed (an update trying to change it). */
  readonly originalId?: string
  /**
   * Whether this is a create (`true`) or an update (`false`). Default: an update when a collection with
   * `originalId ?? collection.id` exists. Pass `true` for a model built from a scaffold, so a taken
   * default id gets a suffix instead of overwriting that collection.
   */
  readonly isNew?: boolean
}

/** Options of {@link deleteCollection}. */
export interface DeleteCollectionOptions {
  /** Refuse to delete a collection that others reference or views depend on (default true). */
  readonly integrityChecks?: boolean
}

/** Reads a collection row by id (uncached, through the current transaction if any). */
export async function findCollectionRowById(
  app: App,
  id: string,
): Promise<CollectionModel | undefined> {
  if (id === '') {
    return undefined
  }
  const row = await app.db().get<SqlRow>('SELECT * FROM `_collections` WHERE id = ? LIMIT 1', [id])
  return row ? collectionFromRow(row) : undefined
}

/** Reads a collection row by id or name (case-insensitive), uncached. */
export async function findCollectionRowByNameOrId(
  app: App,
  idOrName: string,
): Promise<CollectionModel | undefined> {
  const row = await app
    .db()
    .get<SqlRow>('SELECT * FROM `_collections` WHERE id = ? OR LOWER(name) = LOWER(?) LIMIT 1', [
      idOrName,
      idOrName,
    ])
  return row ? collectionFromRow(row) : undefined
}

/**
 * Creates or updates a collection (update when a collection with `options.originalId ?? collection.id`
 * exists). `collection` is normalised in place (ids, system fields, timestamps, index table names).
 *
 * @throws ValidationErrors when the collection is invalid (nothing written), or the error that made a
 * write fail (everything rolled back).
 */
export async function saveCollection(
  app: App,
  collection: CollectionModel,
  options: SaveCollectionOptions = {},
): Promise<void> {
  const original = options.isNew
    ? undefined
    : await findCollectionRowById(app, options.originalId ?? collection.id)
  if (options.isNew === false && !original) {
    throw new Error(
      `missing collection ${JSON.stringify(options.originalId ?? collection.id)} to update`,
    )
  }
  const hooks = app.collectionHooks
  const models = app.modelHooks
  const isNew = original === undefined
  const type = isNew ? 'create' : 'update'
  const event = new CollectionEvent(app, collection, type, original)
  try {
    await runCollectionHooks(isNew ? models.create : models.update, isNew ? hooks.create : hooks.update, event, async (e) => {
      if (options.validate ?? true) {
        await runValidateHooks(e.app, e.collection, e.original)
      }
      const execute = isNew ? hooks.createExecute : hooks.updateExecute
      await runCollectionHooks(isNew ? models.createExecute : models.updateExecute, execute, e, (ex) =>
        writeCollectionRow(ex.app, ex.collection, ex.original),
      )
    })
  } catch (err) {
    await runCollectionErrorHooks(
      isNew ? models.afterCreateError : models.afterUpdateError,
      isNew ? hooks.afterCreateError : hooks.afterUpdateError,
      new CollectionErrorEvent(app, collection, type, err, original),
    )
    throw err
  }
  await app.afterCommit(async (finalApp) => {
    await runCollectionHooks(
      isNew ? models.afterCreateSuccess : models.afterUpdateSuccess,
      isNew ? hooks.afterCreateSuccess : hooks.afterUpdateSuccess,
      new CollectionEvent(finalApp, collection, type, original),
    )
  })
}

/** Runs the `validate` hooks (the system validator is one of them, at priority 99). */
export async function runValidateHooks(
  app: App,
  collection: CollectionModel,
  original: CollectionModel | undefined,
): Promise<void> {
  await runCollectionHooks(
    app.modelHooks.validate,
    app.collectionHooks.validate,
    new CollectionEvent(app, collection, 'validate', original),
  )
}

/** The default action of the execute hooks: the `_collections` row itself. */
async function writeCollectionRow(
  app: App,
  c: CollectionModel,
  original: CollectionModel | undefined,
): Promise<void> {
  if (!original) {
    if (c.id === '') {
      throw new Error('empty primary key is not allowed')
    }
    await insertCollectionRow(app.db(), c)
    return
  }
  await app
    .db()
    .run(
      'UPDATE `_collections` SET id = ?, system = ?, type = ?, name = ?, fields = ?, indexes = ?, listRule = ?, viewRule = ?, createRule = ?, updateRule = ?, deleteRule = ?, options = ?, created = ?, updated = ? WHERE id = ?',
      [
        c.id,
        c.system ? 1 : 0,
        c.type,
        c.name,
        JSON.stringify(c.fields),
        JSON.stringify(c.indexes),
        c.listRule,
        c.viewRule,
        c.createRule,
        c.updateRule,
        c.deleteRule,
        JSON.stringify(collectionOptions(c)),
        c.created,
        c.updated,
        original.id,
      ],
    )
}

/**
 * Deletes a collection with its table or view. System collections can't be deleted; with integrity
 * checks, neither can collections referenced by relations of other collections or needed by views.
 */
export async function deleteCollection(
  app: App,
  collection: CollectionModel,
  options: DeleteCollectionOptions = {},
): Promise<void> {
  const hooks = app.collectionHooks
  const models = app.modelHooks
  const event = new CollectionEvent(app, collection, 'delete', collection)
  event.integrityChecks = options.integrityChecks ?? true
  try {
    await runCollectionHooks(models.delete, hooks.delete, event, async (e) => {
      await runCollectionHooks(models.deleteExecute, hooks.deleteExecute, e, async (ex) => {
        await ex.app.db().run('DELETE FROM `_collections` WHERE id = ?', [ex.collection.id])
      })
    })
  } catch (err) {
    await runCollectionErrorHooks(
      models.afterDeleteError,
      hooks.afterDeleteError,
      new CollectionErrorEvent(app, collection, 'delete', err, collection),
    )
    throw err
  }
  await app.afterCommit(async (finalApp) => {
    await runCollectionHooks(
      models.afterDeleteSuccess,
      hooks.afterDeleteSuccess,
      new CollectionEvent(finalApp, collection, 'delete', collection),
    )
  })
}

/**
 * Deletes every record of a collection through the record delete pipeline (cascades, files, hooks),
 * all or nothing.
 */
export async function truncateCollection(app: App, collection: CollectionModel): Promise<void> {
  if (collection.type === 'view') {
    throw new Error("view collections cannot be truncated since they don't store their own records")
  }
  await app.runInTransaction(async (txApp) => {
    for (;;) {
      const batch = await findRecordsWhere(txApp, collection, '1=1', [], 500)
      if (batch.length === 0) {
        return
      }
      for (const record of batch) {
        await deleteRecord(txApp, record)
      }
    }
  })
}

/**
 * The collections whose relation fields point at `collection`, with those fields, read from the
 * database (PocketBase `FindCollectionReferences`); `excludeIds` leaves some collections out.
 */
export async function findCollectionReferences(
  app: App,
  collection: CollectionModel,
  ...excludeIds: string[]
): Promise<Map<CollectionModel, CollectionModel['fields']>> {
  const rows = await app.db().all<SqlRow>('SELECT * FROM `_collections`')
  const refs = new Map<CollectionModel, CollectionModel['fields']>()
  for (const c of rows.map(collectionFromRow)) {
    if (excludeIds.includes(c.id)) continue
    const fields = c.fields.filter((f) => f.type === 'relation' && f.collectionId === collection.id)
    if (fields.length > 0) refs.set(c, fields)
  }
  return refs
}

/**
 * Re-saves every view collection (except `excludeIds`) whose inferred fields changed, e.g. after a
 * source collection lost or renamed a field. Returns the failures joined in one error, if any.
 */
export async function resaveViewsWithChangedFields(
  app: App,
  ...excludeIds: string[]
): Promise<void> {
  const rows = await app
    .db()
    .all<SqlRow>("SELECT * FROM `_collections` WHERE type = 'view' ORDER BY created ASC")
  const views = rows.map(collectionFromRow).filter((v) => !excludeIds.includes(v.id))
  if (views.length === 0) {
    return
  }
  await app.runInTransaction(async (txApp) => {
    const failures: string[] = []
    for (const view of views) {
      try {
        const fresh = await createViewFields(txApp, toString(view.viewQuery))
        const strip = (fields: CollectionModel['fields']) =>
          JSON.stringify(fields.map((f) => ({ ...shapeField(f), id: '' }))).toLowerCase()
        if (strip(fresh) === strip(view.fields)) {
          continue
        }
        await saveCollection(txApp, view)
      } catch (err) {
        failures.push(`[${view.name}] ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    if (failures.length > 0) {
      throw new Error(failures.join('\n'))
    }
  })
}

// ---------------------------------------------------------------------------------- system hooks

/**
 * PocketBase's `onCollectionSave`: defaults and normalisations applied before anything else sees the
 * collection (type, id, timestamps, field ids, system fields, index table names).
 */
export async function normalizeCollection(
  app: App,
  c: CollectionModel,
  isNew: boolean,
): Promise<void> {
  if (!c.type) {
    c.type = 'base'
  }
  const now = formatDateTime(app.now())
  if (isNew) {
    if (c.id === '') {
      c.id = defaultCollectionId(c.type, c.name)
    }
    c.created = now
  }
  c.updated = now
  c.indexes = Array.isArray(c.indexes) ? c.indexes : []
  c.fields = normalizeFieldsList(c.fields)
  ensureSystemFields(c)
  c.fields = normalizeFieldsList(c.fields).map(shapeField)
  ensureOptionKeys(c)
  if (c.type === 'auth') {
    unsetMissingOAuth2MappedFields(c)
  }
  if (isNew) {
    await updateGeneratedIdIfExists(app, c)
  }
  c.indexes = c.indexes.map((raw) => {
    const parsed = parseIndex(raw)
    if (parsed.tableName === c.name) {
      return raw
    }
    parsed.tableName = c.name
    // note: an invalid index stays as written, for the validator to report
    return buildIndex(parsed) || raw
  })
}

function unsetMissingOAuth2MappedFields(c: CollectionModel): void {
  const oauth2 = c.oauth2 as { mappedFields?: Record<string, string> } | undefined
  const mapped = oauth2?.mappedFields
  if (!mapped) return
  for (const key of ['id', 'name', 'username', 'avatarURL']) {
    if (mapped[key] && !c.fields.some((f) => f.name === mapped[key])) {
      mapped[key] = ''
    }
  }
}

/**
 * A new collection whose id is the default `pbc_<crc32>` gets a numeric suffix while that id is taken
 * (and its index names follow), as PocketBase does for autogenerated ids.
 */
async function updateGeneratedIdIfExists(app: App, c: CollectionModel): Promise<void> {
  const checksum = 'pbc_' + crc32Checksum(c.type + c.name)
  if (c.id === '' || c.id !== checksum) {
    return
  }
  let id = checksum
  for (let i = 2; i < 1000; i++) {
    if (!(await app.db().get('SELECT 1 AS x FROM `_collections` WHERE id = ? LIMIT 1', [id]))) {
      break
    }
    id = checksum + i
  }
  if (id === c.id) {
    return
  }
  c.indexes = c.indexes.map((raw) => {
    const parsed = parseIndex(raw)
    const renamed = parsed.indexName.replaceAll(c.id, id)
    if (renamed === parsed.indexName) return raw
    parsed.indexName = renamed
    return buildIndex(parsed)
  })
  c.id = id
}

/**
 * PocketBase's `onCollectionSaveExecute`: in one transaction, (re)create the view or sync the records
 * table around the row write (`e.next()`), then refresh the cache and dependent views.
 */
async function executeSave(e: CollectionEvent): Promise<void> {
  const c = e.collection
  const old = e.original
  if (old && c.type === 'auth' && toString(old.authRule) !== toString(c.authRule)) {
    // a changed auth rule logs everyone out (new token secret)
    const token = (c.authToken ?? {}) as Record<string, unknown>
    c.authToken = { ...token, secret: randomString(50) }
  }
  const outer = e.app
  try {
    await outer.runInTransaction(async (txApp) => {
      e.app = txApp
      if (c.type === 'view') {
        const query = toString(c.viewQuery)
        const fields = await createViewFields(txApp, query)
        if (old) {
          await deleteView(txApp, old.name)
        }
        await saveView(txApp, c.name, await normalizeViewQueryId(txApp, query))
        c.fields = fields
      }
      await e.next()
      if (c.type !== 'view') {
        await syncRecordTableSchema(txApp, c, old)
      }
    })
  } finally {
    e.app = outer
    await outer
      .reloadCachedCollections()
      .catch((err: unknown) =>
        outer.logger.warn('failed to reload collections', { error: String(err) }),
      )
  }
  try {
    await resaveViewsWithChangedFields(outer, c.id)
  } catch (err) {
    // note: only logged, so a broken view query can still be fixed from the dashboard (as PocketBase)
    outer.logger.warn(
      `dependent view collection(s) may need to be updated after ${c.name} collection change`,
      {
        error: String(err),
      },
    )
  }
}

/** PocketBase's `onCollectionDeleteExecute`. */
async function executeDelete(e: CollectionEvent): Promise<void> {
  const c = e.collection
  if (c.system) {
    throw new Error(`[${c.name}] system collections cannot be deleted`)
  }
  const checks = e.integrityChecks
  const outer = e.app
  try {
    if (checks) {
      const refs = await findCollectionReferences(outer, c, c.id)
      if (refs.size > 0) {
        const names = [...refs.keys()].map((r) => r.name).join(', ')
        throw new Error(
          `[${c.name}] failed to delete due to existing relation references: ${names}`,
        )
      }
    }
    await outer.runInTransaction(async (txApp) => {
      e.app = txApp
      if (c.type === 'view') {
        await deleteView(txApp, c.name)
      } else {
        await txApp.db().run(`DROP TABLE IF EXISTS ${quoteIdent(c.name)}`)
      }
      if (checks) {
        try {
          await resaveViewsWithChangedFields(txApp, c.id)
        } catch (err) {
          throw new Error(
            `[${c.name}] failed to delete due to existing view dependency: ${(err as Error).message}`,
            { cause: err },
          )
        }
      }
      await e.next()
    })
  } finally {
    e.app = outer
    await outer.reloadCachedCollections().catch(() => {})
  }
}

/**
 * PocketBase's settings hook on collection updates: the collection must be known, and a rename carries
 * over to the rate limit rules labelled `<oldName>:<tag>`.
 */
async function renameRateLimitRules(e: CollectionEvent): Promise<void> {
  const old = e.app.findCachedCollection(e.collection.id)
  if (!old) {
    throw new Error('failed to retrieve old cached collection: sql: no rows in result set')
  }
  await e.next()
  if (old.name === e.collection.name) {
    return
  }
  const settings = await getSettings(e.app)
  let changed = false
  const rules = settings.rateLimits.rules.map((rule) => {
    if (!rule.label.startsWith(old.name + ':')) return rule
    changed = true
    return { ...rule, label: e.collection.name + ':' + rule.label.slice(old.name.length + 1) }
  })
  if (changed) {
    await saveSettings(e.app, { ...settings, rateLimits: { ...settings.rateLimits, rules } })
  }
}

/** Binds the system handlers PocketBase registers for collections (`registerCollectionHooks`). */
export function bindCollectionSystemHooks(hooks: CollectionHooks): void {
  hooks.update.bind({ id: '__pbSettingsSystemHook__', priority: -999, func: renameRateLimitRules })
  const id = COLLECTION_SYSTEM_HOOK_ID
  const normalize = async (e: CollectionEvent) => {
    await normalizeCollection(e.app, e.collection, e.isNew())
    await e.next()
  }
  hooks.create.bind({ id, priority: -99, func: normalize })
  hooks.update.bind({ id, priority: -99, func: normalize })
  hooks.validate.bind({
    id,
    priority: 99,
    func: async (e) => {
      // note: the saved state is re-read, the event's may be stale (PocketBase reads it here too)
      const original = e.original ? await findCollectionRowById(e.app, e.original.id) : undefined
      await validateCollection(e.app, e.collection, original)
      await e.next()
    },
  })
  hooks.createExecute.bind({ id, priority: 99, func: executeSave })
  hooks.updateExecute.bind({ id, priority: 99, func: executeSave })
  hooks.deleteExecute.bind({ id, priority: 99, func: executeDelete })
  const reloadOnError = async (e: CollectionErrorEvent) => {
    await e.app.reloadCachedCollections().catch(() => {})
    await e.next()
  }
  hooks.afterCreateError.bind({ id, priority: -99, func: reloadOnError })
  hooks.afterUpdateError.bind({ id, priority: -99, func: reloadOnError })
  hooks.afterDeleteError.bind({ id, priority: -99, func: reloadOnError })
}

// note: collection saves run the model hooks with the collection hooks as their proxy, as in PocketBase
const { run: runCollectionHooks, runError: runCollectionErrorHooks } = modelProxyTriggers<
  CollectionEvent,
  CollectionErrorEvent
>({
  get: (e) => e.collection,
  set: (e, model) => {
    e.collection = model as CollectionModel
  },
})
