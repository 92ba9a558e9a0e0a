/**
 * @module `FieldsList` of JS migrations (PocketBase `core.FieldsList` as its JS VM shows it): an array
 * of field objects with `add`, `addAt`, `removeById`, `getByName`, … following `FieldsList.add`'s rules
 * (a field without an id gets `type + crc32(name)` and replaces a same-named field, keeping its id; a
 * field with an id replaces the field with that id).
 */
import { decodeField } from '../collections/collection-decode.js'
import type { FieldModel } from '../collections/collection-model.js'
import { crc32Checksum } from '../tools/crc32.js'

/** Turns a plain field object (or a field from another list) into a decoded field with its type's defaults. */
export function toField(data: unknown): FieldModel {
  return decodeField(JSON.parse(JSON.stringify(data ?? null)) as unknown)
}

/** A collection's fields. */
export class FieldsList extends Array<FieldModel> {
  // note: Array methods such as map/filter create instances through the species constructor
  static override get [Symbol.species](): ArrayConstructor {
    return Array
  }

  /** A list of the given fields (plain objects are decoded), added one by one. */
  static create(...fields: unknown[]): FieldsList {
    const list = new FieldsList()
    list.add(...fields)
    return list
  }

  /** Adds or replaces fields (see the module doc); replaced fields keep their position. */
  add(...fields: unknown[]): void {
    for (const f of fields) {
      this.#add(-1, toField(f))
    }
  }

  /** Like `add`, but inserts or moves the fields to position `pos` (the end when beyond it; `add` when negative). */
  addAt(pos: number, ...fields: unknown[]): void {
    const total = this.length
    fields.forEach((f, i) => {
      this.#add(pos < 0 ? -1 : pos > total ? total + i : pos + i, toField(f))
    })
  }

  /** Adds the fields of a JSON text (one field object or an array of them). */
  addMarshaledJSON(raw: string): void {
    const parsed = JSON.parse(raw) as unknown
    this.add(...(Array.isArray(parsed) ? parsed : [parsed]))
  }

  /** `addMarshaledJSON` at a position. */
  addMarshaledJSONAt(pos: number, raw: string): void {
    const parsed = JSON.parse(raw) as unknown
    this.addAt(pos, ...(Array.isArray(parsed) ? parsed : [parsed]))
  }

  #add(pos: number, field: FieldModel): void {
    let replaceInPlace = false
    if (pos < 0) {
      replaceInPlace = true
      pos = this.length
    } else if (pos > this.length) {
      pos = this.length
    }
    let replaceByName = false
    if (!field.id) {
      replaceByName = true
      const base = field.type + crc32Checksum(field.name)
      let id = base
      for (let i = 2; i < 1000 && this.some((f) => f.id === id); i++) {
        id = base + i
      }
      field.id = id
    }
    for (let i = 0; i < this.length; i++) {
      const existing = this[i]!
      const same = replaceByName
        ? field.name !== '' && existing.name === field.name
        : existing.id === field.id
      if (!same) {
        continue
      }
      if (replaceByName) {
        field.id = existing.id
      }
      if (replaceInPlace) {
        this[i] = field
        return
      }
      this.splice(i, 1)
      pos = Math.min(pos, this.length)
      break
    }
    this.splice(pos, 0, field)
  }

  /** Removes the field with `id`. */
  removeById(id: string): void {
    const i = this.findIndex((f) => f.id === id)
    if (i >= 0) this.splice(i, 1)
  }

  /** Removes the field named `name`. */
  removeByName(name: string): void {
    const i = this.findIndex((f) => f.name === name)
    if (i >= 0) this.splice(i, 1)
  }

  /** The field with `id`, or null. */
  getById(id: string): FieldModel | null {
    return this.find((f) => f.id === id) ?? null
  }

  /** The field named `name`, or null. */
  getByName(name: string): FieldModel | null {
    return this.find((f) => f.name === name) ?? null
  }

  /** The field names, in order. */
  fieldNames(): string[] {
    return this.map((f) => f.name)
  }

  /** Fields by name. */
  asMap(): Record<string, FieldModel> {
    return Object.fromEntries(this.map((f) => [f.name, f]))
  }

  /** Plain copies of the fields. */
  toJSON(): FieldModel[] {
    return this.map((f) => ({ ...f }))
  }
}
