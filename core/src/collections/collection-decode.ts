/**
 * @module Request bodies and import data decoded onto collections, with the rules of PocketBase's
 * `Collection.UnmarshalJSON` and `FieldsList.UnmarshalJSON`: the body is merged onto the model, a
 * `fields` key replaces the whole list (each field decoded fresh from its type's zero value), fields
 * without an id get `type + crc32(name)`.
 */
import { hasFieldKind } from '../fields/field-registry.js'
import { crc32Checksum } from '../tools/crc32.js'
import type { CollectionModel, CollectionType, FieldModel, FieldType } from './collection-model.js'
import {
  AUTH_OPTIONS_SCHEMA,
  BASE_COLLECTION_SCHEMA,
  FIELD_SCHEMAS,
  VIEW_OPTIONS_SCHEMA,
  optionSchema,
} from './collection-schema.js'
import {
  findStructField,
  goDecode,
  goString,
  goStruct,
  GoJsonTypeError,
  type GoType,
} from './go-json-decode.js'

/** A field entry whose `type` is missing or unknown (PocketBase: "missing or unknown field type"). */
export class UnknownFieldTypeError extends Error {
  constructor(data: unknown) {
    super(`missing or unknown field type in ${JSON.stringify(data)}`)
    this.name = 'UnknownFieldTypeError'
  }
}

/** Whether an error is a body-format failure (wrong JSON type, unknown field type). */
export function isDecodeError(err: unknown): boolean {
  return err instanceof GoJsonTypeError || err instanceof UnknownFieldTypeError
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A field in PocketBase's stored/wire form: exactly its struct's keys plus `type`, keys sorted (Go map). */
export function shapeField(field: FieldModel | Record<string, unknown>): FieldModel {
  const type = String(field.type) as FieldType
  const schema = FIELD_SCHEMAS[type]
  const shaped = (schema ? goDecode(schema, undefined, stripType(field)) : { ...field }) as Record<
    string,
    unknown
  >
  shaped.type = type
  return sortKeys(shaped) as FieldModel
}

function stripType(field: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, ...rest } = field
  return rest
}

/** A copy with keys in alphabetical order (how Go serialises a map). */
export function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(obj).sort()) {
    out[key] = obj[key]
  }
  return out
}

/**
 * Decodes one field object: its `type` first, then the rest onto that type's zero value.
 *
 * @throws UnknownFieldTypeError, GoJsonTypeError
 */
export function decodeField(json: unknown, path = 'fields'): FieldModel {
  if (!isObject(json)) {
    throw new UnknownFieldTypeError(json)
  }
  const typeHolder = goDecode(goStruct([['type', goString]]), undefined, json, path) as {
    type: string
  }
  if (!hasFieldKind(typeHolder.type) || !(typeHolder.type in FIELD_SCHEMAS)) {
    throw new UnknownFieldTypeError(json)
  }
  const type = typeHolder.type as FieldType
  const decoded = goDecode(FIELD_SCHEMAS[type], undefined, json, path) as Record<string, unknown>
  decoded.type = type
  return sortKeys(decoded) as FieldModel
}

/**
 * Adds a field the way `FieldsList.Add` does: a field without an id gets `type + crc32(name)` (with a
 * numeric suffix while taken) and replaces a same-named field in place (taking over its id); a field
 * with an id replaces the field with that id; anything else is appended.
 */
export function addField(list: FieldModel[], field: FieldModel): void {
  let replaceByName = false
  if (!field.id) {
    replaceByName = true
    const base = field.type + crc32Checksum(field.name)
    let id = base
    for (let i = 2; i < 1000 && list.some((f) => f.id === id); i++) {
      id = base + i
    }
    field.id = id
  }
  for (let i = 0; i < list.length; i++) {
    const existing = list[i]!
    if (replaceByName) {
      if (field.name !== '' && existing.name === field.name) {
        field.id = existing.id
        list[i] = field
        return
      }
    } else if (existing.id === field.id) {
      list[i] = field
      return
    }
  }
  list.push(field)
}

/** A fields list rebuilt with {@link addField} (PocketBase's `NewFieldsList(fields...)`). */
export function normalizeFieldsList(fields: readonly FieldModel[]): FieldModel[] {
  const list: FieldModel[] = []
  for (const f of fields) {
    addField(list, f)
  }
  return list
}

/**
 * Decodes a `fields` JSON value into a new list (`null` = empty list).
 *
 * @throws UnknownFieldTypeError, GoJsonTypeError
 */
export function decodeFieldsList(json: unknown): FieldModel[] {
  if (json === null) {
    return []
  }
  if (!Array.isArray(json)) {
    throw new GoJsonTypeError('fields', '[]core.Field', json)
  }
  const list: FieldModel[] = []
  json.forEach((item, i) => addField(list, decodeField(item, `fields[${i}]`)))
  return list
}

const FIELDS_KEY: readonly [string, GoType] = ['fields', goString]
const ALL_KEYS: readonly (readonly [string, GoType])[] = [
  ...BASE_COLLECTION_SCHEMA,
  FIELDS_KEY,
  ...AUTH_OPTIONS_SCHEMA,
  ...VIEW_OPTIONS_SCHEMA,
]

/**
 * Decodes `body` onto a copy of `current` (PocketBase's `json.Unmarshal(body, collection)` over an
 * existing or scaffolded collection). The result carries exactly the option keys of its (possibly new)
 * type. `current` is not modified.
 *
 * @throws GoJsonTypeError, UnknownFieldTypeError for a body PocketBase can't load.
 */
export function decodeCollection(current: CollectionModel, body: unknown): CollectionModel {
  const next = structuredClone(current) as Record<string, unknown>
  if (body === null || body === undefined) {
    return ensureOptionKeys(next as CollectionModel)
  }
  if (!isObject(body)) {
    throw new GoJsonTypeError('', 'core.Collection', body)
  }
  // options of other types are decoded too (so a wrongly typed value fails as in Go), then dropped
  const scratch: Record<string, unknown> = {}
  for (const [rawKey, value] of Object.entries(body)) {
    const entry = findStructField(ALL_KEYS, rawKey)
    if (!entry) {
      continue
    }
    const [key, type] = entry
    if (key === 'fields') {
      next.fields = decodeFieldsList(value)
      continue
    }
    const target = key in next || BASE_COLLECTION_SCHEMA.includes(entry) ? next : scratch
    target[key] = goDecode(type, target[key], value, key)
  }
  const model = next as CollectionModel
  if (!Array.isArray(model.indexes)) {
    model.indexes = []
  }
  for (const key of Object.keys(scratch)) {
    if (optionSchema(model.type).some(([k]) => k === key)) {
      next[key] = scratch[key]
    }
  }
  return ensureOptionKeys(model)
}

/**
 * Gives a collection every option key of its type (zero values for missing ones) and drops option keys
 * of other types, the shape PocketBase's typed model always has.
 */
export function ensureOptionKeys(c: CollectionModel): CollectionModel {
  const own = optionSchema(c.type)
  for (const [key, type] of [...AUTH_OPTIONS_SCHEMA, ...VIEW_OPTIONS_SCHEMA]) {
    if (!own.some(([k]) => k === key)) {
      delete c[key]
    } else {
      c[key] = goDecode(type, undefined, c[key] === undefined ? null : c[key], key)
    }
  }
  return c
}

const GO_BOOLS: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
  '': false,
}
const RULE_KEYS = ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule'] as const

/** A form value as Go's form binder sees it: the (first) raw string. */
function formText(v: unknown): string {
  const first = Array.isArray(v) ? v[0] : v
  return first === undefined || first === null ? '' : String(first)
}

/** Decodes one form value onto a scalar/string-slice Go type (PocketBase `setRegularReflectedValue`). */
function formScalar(type: GoType, v: unknown, key: string): unknown {
  const kind = type.kind === 'ptr' ? type.elem.kind : type.kind
  const text = formText(v)
  switch (kind) {
    case 'string':
      return text
    case 'bool': {
      const b = GO_BOOLS[text]
      if (b === undefined) throw new GoJsonTypeError(key, 'bool', text)
      return b
    }
    case 'int': {
      const n = text === '' ? 0 : Number(text)
      if (!/^[+-]?(\d+|0x[0-9a-f]+|0o?[0-7]+|0b[01]+)?$/i.test(text) || !Number.isSafeInteger(n)) {
        throw new GoJsonTypeError(key, 'int', text)
      }
      return n
    }
    case 'slice':
      return (Array.isArray(v) ? v : [v]).map((x) => formText(x))
    default:
      throw new GoJsonTypeError(key, kind, text)
  }
}

/**
 * Decodes a multipart/urlencoded body onto a copy of `current`, with the rules of PocketBase's form
 * binder (`router.UnmarshalRequestData` into `core.Collection`): keys match the form tags exactly, options
 * nest one level with dots (`authToken.duration`), `fields` can't be set from a form, and — a PocketBase
 * quirk kept for compatibility — any form data turns every unset rule (`null`) into `""`.
 *
 * @throws GoJsonTypeError for a value that doesn't parse as its Go type.
 */
export function decodeCollectionForm(
  current: CollectionModel,
  data: Record<string, unknown>,
): CollectionModel {
  const next = structuredClone(current) as Record<string, unknown>
  if (Object.keys(data).length === 0) {
    return ensureOptionKeys(next as CollectionModel)
  }
  for (const key of [...RULE_KEYS, 'authRule', 'manageRule']) {
    if (
      next[key] === null ||
      (next[key] === undefined && optionSchema(current.type).some(([k]) => k === key))
    ) {
      next[key] = ''
    }
  }
  const top = new Map<string, GoType>([...BASE_COLLECTION_SCHEMA, ...optionSchema(current.type)])
  for (const [key, value] of Object.entries(data)) {
    if (key === 'fields') {
      throw new GoJsonTypeError('fields', '[]core.Field', value)
    }
    // note: `system` sits after the struct-typed `created`/`updated` in Go's struct, and the binder's
    // prefix handling leaves it unreachable from forms (as are those two)
    if (key === 'system' || key === 'created' || key === 'updated') {
      continue
    }
    const type = top.get(key)
    if (type && type.kind !== 'struct') {
      next[key] = formScalar(type, value, key)
      continue
    }
    const dot = key.indexOf('.')
    if (dot > 0) {
      const parent = top.get(key.slice(0, dot))
      if (parent?.kind === 'struct') {
        const child = parent.fields.find(([k]) => k === key.slice(dot + 1))
        if (
          child &&
          child[1].kind !== 'struct' &&
          !(child[1].kind === 'slice' && child[1].elem.kind === 'struct')
        ) {
          const obj = { ...((next[key.slice(0, dot)] as Record<string, unknown>) ?? {}) }
          obj[child[0]] = formScalar(child[1], value, key)
          next[key.slice(0, dot)] = obj
        }
      }
    }
  }
  return ensureOptionKeys(next as CollectionModel)
}

/** The collection type a scaffold is made for (`NewCollection`: anything unknown is `base`). */
export function scaffoldType(type: unknown): CollectionType {
  return type === 'auth' || type === 'view' ? type : 'base'
}
