/**
 * @module A record of a collection: its values, what it was when loaded, and how it serialises
 * (PocketBase's `core.Record`).
 */
import type { CollectionModel, FieldModel } from '../collections/collection-model.js'
import type { SqlValue } from '../db/sqlite-port.js'
import { fieldKind } from '../fields/field-registry.js'
import { toBool, toFloat, toString, toUniqueStringSlice } from '../tools/cast.js'

/** Set by `fromRow` around its constructor call: the constructor then skips the empty values. */
let skipDefaults = false

/** Keys every record JSON has besides its fields. */
export const COLLECTION_ID_KEY = 'collectionId'
export const COLLECTION_NAME_KEY = 'collectionName'
export const EXPAND_KEY = 'expand'

/** Prefix of internal per-record state that is never exported (PocketBase's `@pbInternal`). */
export const INTERNAL_KEY_PREFIX = '@pbInternal'

/**
 * A record. Values are kept normalised by each field's `prepareValue`; `original()` is the record as
 * last loaded or saved, which `update` rules, `:changed` and autodates compare against.
 */
export class RecordModel {
  readonly collection: CollectionModel
  #data = new Map<string, unknown>()
  #original = new Map<string, unknown>()
  #isNew = true
  #lastSavedPK = ''
  #expand: Record<string, unknown> | undefined
  #visibility = new Map<string, boolean>()
  #ignoreEmailVisibility = false
  #exportCustomData = false

  constructor(collection: CollectionModel) {
    this.collection = collection
    if (skipDefaults) {
      // fromRow sets every field right after
      skipDefaults = false
      return
    }
    for (const field of collection.fields) {
      if (field.name !== 'id') {
        this.#original.set(field.name, fieldKind(field.type).prepareValue(field, null, this))
      }
    }
    this.#original.set('id', '')
  }

  /** Builds a record from a database row (column name → SQL value). */
  static fromRow(collection: CollectionModel, row: Record<string, SqlValue>): RecordModel {
    // note: skips the constructor's empty values, which the loop below replaces for every field
    skipDefaults = true
    const record = new RecordModel(collection)
    skipDefaults = false
    for (const field of collection.fields) {
      const raw = row[field.name]
      record.#original.set(field.name, fieldKind(field.type).prepareValue(field, raw ?? null, record))
    }
    record.#isNew = false
    record.#lastSavedPK = toString(record.#original.get('id'))
    return record
  }

  /** The record id. */
  get id(): string {
    return toString(this.getRaw('id'))
  }

  set id(value: string) {
    this.setRaw('id', value)
  }

  /** Whether the record has never been saved. */
  isNew(): boolean {
    return this.#isNew
  }

  /** Marks the record as (not) stored, e.g. after a successful insert. */
  markAsNew(isNew = true): this {
    this.#isNew = isNew
    return this
  }

  /** The primary key the record had when last loaded or saved (`""` for new records). */
  lastSavedPK(): string {
    return this.#lastSavedPK
  }

  /** Tags for tagged hooks: the collection's name and id. */
  tags(): string[] {
    return [this.collection.name, this.collection.id]
  }

  /** The field definition named `name`, if any. */
  field(name: string): FieldModel | undefined {
    return this.collection.fields.find((f) => f.name === name)
  }

  /** Sets a value without any normalisation. */
  setRaw(key: string, value: unknown): void {
    this.#data.set(key, value)
  }

  /** The stored value for `key`, without getters. */
  getRaw(key: string): unknown {
    return this.#data.has(key) ? this.#data.get(key) : this.#original.get(key)
  }

  /** Whether `key` has a value (changed or original). */
  has(key: string): boolean {
    return this.#data.has(key) || this.#original.has(key)
  }

  /**
   * Sets a value through the collection field's setter for that key (`name`, `name+`, `+name`, `name-`),
   * normalising it; unknown keys are stored as custom data. Returns the matched field, if any.
   */
  setIfFieldExists(key: string, value: unknown): FieldModel | undefined {
    for (const field of this.collection.fields) {
      const kind = fieldKind(field.type)
      const setter = kind.findSetter?.(field, key)
      if (setter) {
        setter(this, value)
        return field
      }
      if (key === field.name) {
        this.setRaw(key, kind.prepareValue(field, value, this))
        return field
      }
    }
    return undefined
  }

  /** Sets a value, normalised by its field when the key names one (or a modifier of one). */
  set(key: string, value: unknown): this {
    if (key === EXPAND_KEY) {
      this.setExpand(value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined)
      return this
    }
    if (!this.setIfFieldExists(key, value)) {
      this.setRaw(key, value)
    }
    return this
  }

  /** Reads a value (through field getters for special keys). */
  get(key: string): unknown {
    if (key === EXPAND_KEY) {
      return this.expand()
    }
    for (const field of this.collection.fields) {
      const getter = fieldKind(field.type).findGetter?.(field, key)
      if (getter) {
        return getter(this)
      }
    }
    return this.getRaw(key)
  }

  /** Sets every key of `data`. */
  load(data: Record<string, unknown>): this {
    for (const [k, v] of Object.entries(data)) {
      this.set(k, v)
    }
    return this
  }

  getString(key: string): string {
    return toString(this.get(key))
  }
  getBool(key: string): boolean {
    return toBool(this.get(key))
  }
  getFloat(key: string): number {
    return toFloat(this.get(key))
  }
  getStringSlice(key: string): string[] {
    return toUniqueStringSlice(this.get(key))
  }

  /**
   * `get(field.name)` without scanning every field for a getter: a key that is a field's name (an
   * identifier) can only be claimed by that field's own getter (the others match `name:modifier` keys).
   */
  #fieldValue(field: FieldModel): unknown {
    const getter = fieldKind(field.type).findGetter?.(field, field.name)
    return getter ? getter(this) : this.getRaw(field.name)
  }

  /** The values of the collection's fields, by name. */
  fieldsData(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const field of this.collection.fields) {
      out[field.name] = this.#fieldValue(field)
    }
    return out
  }

  /** Values set on the record that are not collection fields (never those with the internal prefix). */
  customData(): Record<string, unknown> {
    const names = new Set(this.collection.fields.map((f) => f.name))
    const out: Record<string, unknown> = {}
    for (const [k, v] of this.#data) {
      if (!names.has(k) && !k.startsWith(INTERNAL_KEY_PREFIX)) {
        out[k] = v
      }
    }
    return out
  }

  /** The record as it was last loaded or saved. */
  original(): RecordModel {
    const copy = new RecordModel(this.collection)
    copy.#original = new Map(this.#original)
    copy.#isNew = this.#isNew
    copy.#lastSavedPK = this.#lastSavedPK
    return copy
  }

  /** A copy with the current field values as its original state (no expand, no custom data). */
  fresh(): RecordModel {
    const copy = new RecordModel(this.collection)
    for (const field of this.collection.fields) {
      copy.#original.set(field.name, this.getRaw(field.name))
    }
    copy.#isNew = this.#isNew
    copy.#lastSavedPK = this.#lastSavedPK
    return copy
  }

  /** A full copy: values, original state, expand and export flags. */
  clone(): RecordModel {
    const copy = this.original()
    copy.#data = new Map(this.#data)
    copy.#expand = this.#expand ? { ...this.#expand } : undefined
    copy.#visibility = new Map(this.#visibility)
    copy.#ignoreEmailVisibility = this.#ignoreEmailVisibility
    copy.#exportCustomData = this.#exportCustomData
    return copy
  }

  /** Makes the current values the original state (after a save). */
  postSave(): void {
    for (const field of this.collection.fields) {
      this.#original.set(field.name, this.getRaw(field.name))
      this.#data.delete(field.name)
    }
    this.#isNew = false
    this.#lastSavedPK = this.id
  }

  /** Expanded relations (`expand` in the JSON). */
  expand(): Record<string, unknown> {
    return this.#expand ? { ...this.#expand } : {}
  }

  /** Sets the expand data; even an empty object is exported (`"expand":{}`), as PocketBase does. */
  setExpand(expand: Record<string, unknown> | undefined): void {
    this.#expand = { ...(expand ?? {}) }
  }

  /** Whether expand data is set (possibly empty). */
  hasExpand(): boolean {
    return this.#expand !== undefined
  }

  /** Removes the expand data (no `expand` key in the JSON). */
  clearExpand(): void {
    this.#expand = undefined
  }

  mergeExpand(expand: Record<string, unknown>): void {
    this.#expand = { ...(this.#expand ?? {}), ...expand }
  }

  /** Hides fields from `publicExport`. */
  hide(...names: string[]): this {
    for (const n of names) {
      this.#visibility.set(n, false)
    }
    return this
  }

  /** Forces fields into `publicExport`, even hidden ones. */
  unhide(...names: string[]): this {
    for (const n of names) {
      this.#visibility.set(n, true)
    }
    return this
  }

  /** Exports `email` of an auth record regardless of `emailVisibility` (owner, superuser, manage rule). */
  ignoreEmailVisibility(state = true): this {
    this.#ignoreEmailVisibility = state
    return this
  }

  /** Exports custom (non-field) data too. */
  withCustomData(state = true): this {
    this.#exportCustomData = state
    return this
  }

  /**
   * The JSON-safe view of the record: visible fields, `collectionId`, `collectionName` and `expand`;
   * auth records never show `password`/`tokenKey`, and `email` only when visible.
   */
  publicExport(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const field of this.collection.fields) {
      const visible = this.#visibility.get(field.name) ?? !field.hidden
      if (visible) {
        out[field.name] = this.#fieldValue(field)
      }
    }
    if (this.#exportCustomData) {
      for (const [k, v] of Object.entries(this.customData())) {
        if (this.#visibility.get(k) ?? true) {
          out[k] = v
        }
      }
    }
    if (this.collection.type === 'auth') {
      delete out.password
      delete out.tokenKey
      if (!this.#ignoreEmailVisibility && !this.getBool('emailVisibility')) {
        delete out.email
      }
    }
    if (this.#visibility.get(COLLECTION_ID_KEY) ?? true) {
      out[COLLECTION_ID_KEY] = this.collection.id
    }
    if (this.#visibility.get(COLLECTION_NAME_KEY) ?? true) {
      out[COLLECTION_NAME_KEY] = this.collection.name
    }
    if ((this.#visibility.get(EXPAND_KEY) ?? true) && this.#expand) {
      out[EXPAND_KEY] = sortedKeys(this.#expand)
    }
    // note: PocketBase exports records as Go maps, which encode with sorted keys
    return sortedKeys(out)
  }

  toJSON(): Record<string, unknown> {
    return this.publicExport()
  }

  /** The column → SQL value map written on insert/update. */
  dbExport(): Record<string, SqlValue> {
    const out: Record<string, SqlValue> = {}
    for (const field of this.collection.fields) {
      const kind = fieldKind(field.type)
      out[field.name] = kind.driverValue ? kind.driverValue(field, this) : toSqlValue(this.getRaw(field.name))
    }
    return out
  }

  /**
   * Resolves modifier keys (`n+`, `+n`, `n-`) of `data` against this record's current values, returning
   * a copy where each modified field holds its final value. Shorter keys apply first, as PocketBase.
   */
  replaceModifiers(data: Record<string, unknown>): Record<string, unknown> {
    const result = { ...data }
    const scratch = this.fresh()
    const keys = Object.keys(data).sort((a, b) => a.length - b.length)
    for (const key of keys) {
      const field = scratch.setIfFieldExists(key, data[key])
      if (field) {
        delete result[key]
        result[field.name] = scratch.get(field.name)
      }
    }
    return result
  }
}

/** The default in-memory → SQL conversion: booleans as 0/1, arrays/objects as JSON text. */
export function toSqlValue(value: unknown): SqlValue {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
      return value
    case 'boolean':
      return value ? 1 : 0
    case 'undefined':
      return null
    default:
      if (value === null || value instanceof Uint8Array) {
        return value
      }
      return JSON.stringify(value)
  }
}

function sortedKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(obj).sort()) {
    out[k] = obj[k]
  }
  return out
}
