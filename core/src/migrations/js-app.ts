/**
 * @module The `app` a JS migration receives: PocketBase's app methods by their JS names, over the
 * migration transaction.
 *
 * Lookups in the collections cache are synchronous, as in PocketBase (`findCollectionByNameOrId`). Calls
 * that touch the database return promises (`await app.save(collection)`), but they also run in call
 * order on their own, so PocketBase-style code that doesn't await them works:
 *
 * ```js
 * migrate((app) => {
 *   const record = new Record(app.findCollectionByNameOrId('_superusers'))
 *   record.set('email', 'admin@example.com')
 *   record.set('password', '1234567890')
 *   app.save(record) // runs before the migration is recorded; a failure fails the migration
 * })
 * ```
 * A failure of a call nobody awaited fails the migration. A value read by such a call (a found
 * record) is only available through its promise.
 */
import type { App } from '../app.js'
import { importCollections } from '../collections/collection-import.js'
import type { CollectionModel } from '../collections/collection-model.js'
import {
  deleteCollection,
  saveCollection,
  truncateCollection,
} from '../collections/collection-save.js'
import { compileFilter } from '../filter/filter-compiler.js'
import { buildSelect } from '../filter/select-builder.js'
import { compileSort } from '../filter/sort-compiler.js'
import { quoteIdent } from '../db/sql-ident.js'
import type { SqlRow, SqlValue } from '../db/sqlite-port.js'
import { ruleResolver } from '../records/record-rules.js'
import {
  findAuthRecordByEmail,
  findFirstRecordByData,
  findRecordById,
  findRecordsByIds,
} from '../records/record-query.js'
import { RecordModel } from '../records/record-model.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import { getSettings, saveSettings, type Settings } from '../settings/settings-store.js'
import { JsCollection } from './js-collection.js'
import { JsRecord } from './js-record.js'

/** Go's `sql.ErrNoRows` text, which PocketBase's finders fail with. */
const NO_ROWS = 'sql: no rows in result set'

interface Tracked {
  error: unknown
  handled: boolean
}

/** A promise-like result that marks its failure as handled once someone listens to it. */
interface PendingCall<T> extends PromiseLike<T> {
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R>
  finally(onFinally?: (() => void) | null): Promise<T>
}

/** `dbx` query of `app.db().newQuery(sql)`: `{:name}` placeholders bound with `bind({...})`. */
export class JsQuery {
  readonly #facade: JsMigrationApp
  readonly #sql: string
  #params: Record<string, unknown> = {}

  constructor(facade: JsMigrationApp, sql: string) {
    this.#facade = facade
    this.#sql = sql
  }

  /** Binds `{:name}` placeholders. */
  bind(params: Record<string, unknown>): this {
    this.#params = { ...this.#params, ...params }
    return this
  }

  #statement(): { sql: string; params: Record<string, SqlValue> } {
    const params: Record<string, SqlValue> = {}
    const sql = this.#sql.replace(/\{:(\w+)\}/g, (_, name: string) => {
      if (!(name in this.#params)) {
        throw new Error(`missing bind parameter ${JSON.stringify(name)}`)
      }
      const v = this.#params[name]
      params[name] =
        v === undefined || v === null
          ? null
          : typeof v === 'boolean'
            ? v
              ? 1
              : 0
            : typeof v === 'object' && !(v instanceof Uint8Array)
              ? JSON.stringify(v)
              : (v as SqlValue)
      return ':' + name
    })
    return { sql, params }
  }

  /** Runs a statement; resolves `{ rowsAffected }`. */
  execute(): PendingCall<{ rowsAffected: number }> {
    return this.#facade.enqueue(async (app) => {
      const { sql, params } = this.#statement()
      const res = await app.db().run(sql, params)
      return { rowsAffected: res.changes }
    })
  }

  /** All rows. */
  all(): PendingCall<SqlRow[]> {
    return this.#facade.enqueue(async (app) => {
      const { sql, params } = this.#statement()
      return app.db().all(sql, params)
    })
  }

  /** The first row (rejects with `sql: no rows in result set` when none). */
  one(): PendingCall<SqlRow> {
    return this.#facade.enqueue(async (app) => {
      const { sql, params } = this.#statement()
      const row = await app.db().get(sql, params)
      if (!row) throw new Error(NO_ROWS)
      return row
    })
  }
}

/** The settings object of `app.settings()`, saved with `app.save(settings)`. */
export class JsSettings {
  [group: string]: unknown
  constructor(settings: Settings) {
    Object.assign(this, structuredClone(settings))
  }
}

/** The migration's `app`. */
export class JsMigrationApp {
  readonly #app: App
  #queue: Promise<unknown> = Promise.resolve()
  readonly #calls: Tracked[] = []
  /** Collections saved or deleted in this migration, not all of them written yet (sync lookups see them). */
  readonly #pending = new Map<string, JsCollection | null>()
  #settings: JsSettings | undefined

  private constructor(app: App) {
    this.#app = app
  }

  /** A facade over `txApp` (the settings are read up front so `settings()` can be synchronous). */
  static async create(txApp: App): Promise<JsMigrationApp> {
    const facade = new JsMigrationApp(txApp)
    facade.#settings = new JsSettings(await getSettings(txApp))
    return facade
  }

  /** Queues `fn` after the earlier calls; see the module doc. */
  enqueue<T>(fn: (app: App) => Promise<T>): PendingCall<T> {
    const tracked: Tracked = { error: undefined, handled: false }
    this.#calls.push(tracked)
    const result = this.#queue.then(() => fn(this.#app))
    this.#queue = result.then(
      () => {},
      (err: unknown) => {
        tracked.error = err ?? new Error('failed')
      },
    )
    const mark = () => {
      tracked.handled = true
    }
    return {
      then(onFulfilled, onRejected) {
        mark()
        return result.then(onFulfilled, onRejected)
      },
      catch(onRejected) {
        mark()
        return result.catch(onRejected)
      },
      finally(onFinally) {
        mark()
        return result.finally(onFinally)
      },
    }
  }

  /** Waits for every queued call; rethrows the first failure nobody listened to. */
  async settle(): Promise<void> {
    for (;;) {
      const queue = this.#queue
      await queue
      if (queue === this.#queue) break
    }
    const failed = this.#calls.find((c) => c.error !== undefined && !c.handled)
    if (failed) {
      throw failed.error
    }
  }

  // ------------------------------------------------------------ collections

  #lookup(nameOrId: string): JsCollection | null | undefined {
    const lower = nameOrId.toLowerCase()
    for (const [key, c] of this.#pending) {
      if (key === nameOrId || (c && (c.id === nameOrId || c.name.toLowerCase() === lower))) {
        return c
      }
    }
    return undefined
  }

  /** The collection with this id or name (case-insensitive); throws when missing. */
  findCollectionByNameOrId(nameOrId: string): JsCollection {
    const pending = this.#lookup(nameOrId)
    if (pending === null) {
      throw new Error(NO_ROWS)
    }
    if (pending) {
      return JsCollection.fromModel(pending.toModel())
    }
    const cached = this.#app.findCachedCollection(nameOrId)
    if (!cached) {
      throw new Error(NO_ROWS)
    }
    return JsCollection.fromModel(cached)
  }

  /** Same as {@link findCollectionByNameOrId} (PocketBase's cached variant). */
  findCachedCollectionByNameOrId(nameOrId: string): JsCollection {
    return this.findCollectionByNameOrId(nameOrId)
  }

  /** Every collection of the given types (all when none given). */
  findAllCollections(...types: CollectionModel['type'][]): JsCollection[] {
    return this.#app.findAllCollections(...types).map((c) => JsCollection.fromModel(c))
  }

  /** Imports collections (PocketBase `app.importCollections(data, deleteMissing)`). */
  importCollections(data: unknown[], deleteMissing = false): PendingCall<void> {
    const list = JSON.parse(JSON.stringify(data ?? [])) as Record<string, unknown>[]
    return this.enqueue(async (app) => {
      await importCollections(app, list, deleteMissing)
      await app.reloadCachedCollections()
    })
  }

  /** Deletes every record of a collection. */
  truncateCollection(collection: JsCollection): PendingCall<void> {
    const model = collection.toModel()
    return this.enqueue((app) => truncateCollection(app, model))
  }

  // ------------------------------------------------------------ save / delete

  /** Saves a `Collection`, a `Record` or the `settings()` object. */
  save(model: unknown): PendingCall<void> {
    return this.#save(model, true)
  }

  /** Saves without running the validators. */
  saveNoValidate(model: unknown): PendingCall<void> {
    return this.#save(model, false)
  }

  #save(model: unknown, validate: boolean): PendingCall<void> {
    if (model instanceof JsCollection) {
      const data = model.toModel()
      const isNew = model.isNew()
      this.#pending.set(data.id || data.name, model)
      return this.enqueue(async (app) => {
        await saveCollection(app, data, { validate, isNew })
        model.sync(data)
        await app.reloadCachedCollections()
      })
    }
    if (model instanceof RecordModel) {
      return this.enqueue((app) => saveRecord(app, model, { validate }))
    }
    if (model instanceof JsSettings) {
      const data = structuredClone({ ...model }) as Settings
      return this.enqueue((app) => saveSettings(app, data))
    }
    return this.enqueue(() =>
      Promise.reject(
        new Error('app.save: unsupported model (expected a Collection, a Record or the settings)'),
      ),
    )
  }

  /** Deletes a `Collection` or a `Record`. */
  delete(model: unknown): PendingCall<void> {
    if (model instanceof JsCollection) {
      const data = model.toModel()
      this.#pending.set(data.id, null)
      return this.enqueue(async (app) => {
        const current = app.findCachedCollection(data.id)
        if (!current) throw new Error(NO_ROWS)
        await deleteCollection(app, current)
        await app.reloadCachedCollections()
      })
    }
    if (model instanceof RecordModel) {
      return this.enqueue((app) => deleteRecord(app, model))
    }
    return this.enqueue(() =>
      Promise.reject(
        new Error('app.delete: unsupported model (expected a Collection or a Record)'),
      ),
    )
  }

  // ------------------------------------------------------------ records

  #collection(app: App, c: JsCollection | string): CollectionModel {
    const key = typeof c === 'string' ? c : c.id
    const found = app.findCachedCollection(key)
    if (!found) throw new Error(NO_ROWS)
    return found
  }

  /** The record with `id` (rejects when missing). */
  findRecordById(collection: JsCollection | string, id: string): PendingCall<JsRecord> {
    return this.enqueue(async (app) => {
      const r = await findRecordById(app, this.#collection(app, collection), id)
      if (!r) throw new Error(NO_ROWS)
      return JsRecord.wrap(r)
    })
  }

  /** The records with these ids (missing ones left out). */
  findRecordsByIds(collection: JsCollection | string, ids: string[]): PendingCall<JsRecord[]> {
    return this.enqueue(async (app) =>
      (await findRecordsByIds(app, this.#collection(app, collection), ids)).map((r) =>
        JsRecord.wrap(r),
      ),
    )
  }

  /** The first record whose `key` equals `value` (rejects when none). */
  findFirstRecordByData(
    collection: JsCollection | string,
    key: string,
    value: string | number,
  ): PendingCall<JsRecord> {
    return this.enqueue(async (app) => {
      const r = await findFirstRecordByData(app, this.#collection(app, collection), key, value)
      if (!r) throw new Error(NO_ROWS)
      return JsRecord.wrap(r)
    })
  }

  /** The auth record with this email (rejects when none). */
  findAuthRecordByEmail(collection: JsCollection | string, email: string): PendingCall<JsRecord> {
    return this.enqueue(async (app) => {
      const r = await findAuthRecordByEmail(app, this.#collection(app, collection), email)
      if (!r) throw new Error(NO_ROWS)
      return JsRecord.wrap(r)
    })
  }

  /**
   * Records matching a filter (PocketBase `findRecordsByFilter(collection, filter, sort, limit, offset,
   * params)`; `{:name}` placeholders come from `params`).
   */
  findRecordsByFilter(
    collection: JsCollection | string,
    filter: string,
    sort = '',
    limit = 0,
    offset = 0,
    params?: Record<string, unknown>,
  ): PendingCall<JsRecord[]> {
    return this.enqueue(async (app) => {
      const c = this.#collection(app, collection)
      const resolver = ruleResolver(app, c, null)
      const where = filter
        ? compileFilter(filter, resolver, params ? { placeholders: params } : {})
        : undefined
      const orderBy = sort ? compileSort(sort, resolver) : []
      const q = buildSelect({
        from: c.name,
        where: [where],
        orderBy,
        ...(limit > 0 ? { limit } : {}),
        ...(offset > 0 ? { offset } : {}),
        resolver,
      })
      const rows = await app.db().all<SqlRow>(q.sql, q.params)
      return rows.map((row) => JsRecord.wrap(RecordModel.fromRow(c, row)))
    })
  }

  /** The first record matching a filter (rejects when none). */
  findFirstRecordByFilter(
    collection: JsCollection | string,
    filter: string,
    params?: Record<string, unknown>,
  ): PendingCall<JsRecord> {
    return this.enqueue(async (app) => {
      const [r] = await this.#findNow(app, collection, filter, params)
      if (!r) throw new Error(NO_ROWS)
      return r
    })
  }

  async #findNow(
    app: App,
    collection: JsCollection | string,
    filter: string,
    params?: Record<string, unknown>,
  ): Promise<JsRecord[]> {
    const c = this.#collection(app, collection)
    const resolver = ruleResolver(app, c, null)
    const where = compileFilter(filter, resolver, params ? { placeholders: params } : {})
    const q = buildSelect({ from: c.name, where: [where], limit: 1, resolver })
    const rows = await app.db().all<SqlRow>(q.sql, q.params)
    return rows.map((row) => JsRecord.wrap(RecordModel.fromRow(c, row)))
  }

  /** How many records match a filter (every record without one). */
  countRecords(
    collection: JsCollection | string,
    filter = '',
    params?: Record<string, unknown>,
  ): PendingCall<number> {
    return this.enqueue(async (app) => {
      const c = this.#collection(app, collection)
      const resolver = ruleResolver(app, c, null)
      const where = filter
        ? compileFilter(filter, resolver, params ? { placeholders: params } : {})
        : undefined
      const q = buildSelect({
        from: c.name,
        columns: `COUNT(DISTINCT ${quoteIdent(c.name)}.id) AS n`,
        where: [where],
        resolver,
        distinct: false,
      })
      return Number((await app.db().get<{ n: number }>(q.sql, q.params))?.n ?? 0)
    })
  }

  // ------------------------------------------------------------ misc

  /** Raw SQL (`app.db().newQuery('…').bind({…}).execute()`). */
  db(): { newQuery(sql: string): JsQuery } {
    return { newQuery: (sql: string) => new JsQuery(this, sql) }
  }

  /** The settings (a copy; `app.save(settings)` writes them). */
  settings(): JsSettings {
    return this.#settings!
  }

  /** Runs `fn` with this app (the migration already runs in a transaction). */
  runInTransaction(fn: (app: JsMigrationApp) => unknown): unknown {
    return fn(this)
  }

  /** The app logger. */
  logger(): App['logger'] {
    return this.#app.logger
  }

  /** Always false here (PocketBase's `--dev` flag). */
  isDev(): boolean {
    return false
  }
}
