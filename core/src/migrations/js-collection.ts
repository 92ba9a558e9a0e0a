/**
 * @module `Collection` of JS migrations: a collection as PocketBase's JS VM shows it — its JSON keys as
 * properties (`name`, `listRule`, `viewQuery`, `passwordAuth`, …), `fields` as a {@link FieldsList},
 * plus helpers (`isAuth()`, `addIndex()`, …). `new Collection({type, name, …})` scaffolds a new one as
 * PocketBase's `new Collection(data)` does.
 */
import { decodeCollection, scaffoldType } from '../collections/collection-decode.js'
import { newCollection } from '../collections/collection-defaults.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { parseIndex } from '../db/index-parser.js'
import { FieldsList } from './js-fields-list.js'

const isNewMark = Symbol('isNew')

/** Replaces the own properties of `target` with the model's (fields as a FieldsList). */
function assign(target: JsCollection, model: CollectionModel): void {
  for (const key of Object.keys(target)) {
    delete target[key]
  }
  for (const [key, value] of Object.entries(model)) {
    target[key] = key === 'fields' ? FieldsList.create(...(value as unknown[])) : value
  }
}

/** A collection in a JS migration. */
export class JsCollection {
  [key: string]: unknown
  declare id: string
  declare name: string
  declare type: CollectionModel['type']
  declare fields: FieldsList
  declare indexes: string[]

  /** Scaffolds a new collection from PocketBase collection JSON (`type` defaults to `base`). */
  constructor(data?: Record<string, unknown>) {
    const raw = data ?? {}
    const model = decodeCollection(
      newCollection(
        scaffoldType(raw.type),
        typeof raw.name === 'string' ? raw.name : '',
        typeof raw.id === 'string' ? raw.id : '',
      ),
      JSON.parse(JSON.stringify(raw)) as unknown,
    )
    assign(this, model)
    Object.defineProperty(this, isNewMark, { value: true, writable: true })
  }

  /** Wraps a stored collection (a copy; edits reach the database through `app.save`). */
  static fromModel(model: CollectionModel): JsCollection {
    const c = Object.create(JsCollection.prototype) as JsCollection
    assign(c, structuredClone(model))
    Object.defineProperty(c, isNewMark, { value: false, writable: true })
    return c
  }

  /** Replaces this collection's data with `body` decoded onto it (PocketBase `unmarshal(body, collection)`). */
  unmarshal(body: unknown): void {
    assign(
      this,
      decodeCollection(this.toModel(), JSON.parse(JSON.stringify(body ?? null)) as unknown),
    )
  }

  /** Takes over the state of a saved model (ids, timestamps, normalised fields). */
  sync(model: CollectionModel): void {
    assign(this, structuredClone(model))
    ;(this as unknown as Record<symbol, boolean>)[isNewMark] = false
  }

  /** Whether the collection has not been saved yet. */
  isNew(): boolean {
    return (this as unknown as Record<symbol, boolean>)[isNewMark] === true
  }

  /** A plain model copy, as core saves it. */
  toModel(): CollectionModel {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(this)) {
      out[key] = key === 'fields' ? (value as FieldsList).toJSON() : structuredClone(value)
    }
    return out as CollectionModel
  }

  toJSON(): Record<string, unknown> {
    return this.toModel()
  }

  isBase(): boolean {
    return this.type === 'base'
  }

  isAuth(): boolean {
    return this.type === 'auth'
  }

  isView(): boolean {
    return this.type === 'view'
  }

  /** The records table name (the collection name). */
  tableName(): string {
    return this.name
  }

  /** The storage path of the collection's files (its id). */
  baseFilesPath(): string {
    return this.id
  }

  /** Adds or replaces the index `name` (PocketBase `AddIndex(name, unique, columnsExpr, optWhereExpr)`). */
  addIndex(name: string, unique: boolean, columnsExpr: string, optWhereExpr = ''): void {
    this.removeIndex(name)
    const sql = `CREATE ${unique ? 'UNIQUE ' : ''}INDEX \`${name}\` ON \`${this.name}\` (${columnsExpr})${optWhereExpr ? ` WHERE ${optWhereExpr}` : ''}`
    this.indexes = [...this.indexes, sql]
  }

  /** Removes the (first) index named `name` (case-insensitive). */
  removeIndex(name: string): void {
    const i = this.indexes.findIndex(
      (idx) => parseIndex(idx).indexName.toLowerCase() === name.toLowerCase(),
    )
    if (i >= 0) {
      this.indexes = this.indexes.filter((_, j) => j !== i)
    }
  }

  /** The index `name`'s SQL, or `''`. */
  getIndex(name: string): string {
    return (
      this.indexes.find((idx) => parseIndex(idx).indexName.toLowerCase() === name.toLowerCase()) ??
      ''
    )
  }
}
