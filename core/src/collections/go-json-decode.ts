/**
 * @module JSON decoded onto typed values with Go's `encoding/json` rules, so a request body lands on a
 * collection exactly as PocketBase's `json.Unmarshal(body, collection)` would put it:
 *
 * - objects decode *onto* the current value (absent keys keep their value; keys match
 *   case-insensitively; unknown keys are ignored);
 * - `null` clears pointers, slices and maps, and leaves every other value untouched;
 * - slices reuse their current elements (a struct element is decoded onto the old one at its index);
 * - a value of the wrong JSON type fails the whole decode ({@link GoJsonTypeError}).
 */
import { normalizeDateTime } from '../tools/datetime.js'

/** A Go type as far as JSON decoding cares. Struct keys are listed in Go's field (= JSON output) order. */
export type GoType =
  | { readonly kind: 'string' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'int' }
  | { readonly kind: 'float' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'any' }
  | { readonly kind: 'map' }
  | { readonly kind: 'ptr'; readonly elem: GoType }
  | { readonly kind: 'slice'; readonly elem: GoType; readonly nilAsEmpty?: boolean }
  | { readonly kind: 'struct'; readonly fields: readonly (readonly [string, GoType])[] }

export const goString: GoType = { kind: 'string' }
export const goBool: GoType = { kind: 'bool' }
export const goInt: GoType = { kind: 'int' }
export const goFloat: GoType = { kind: 'float' }
export const goDateTime: GoType = { kind: 'datetime' }
export const goAny: GoType = { kind: 'any' }
export const goMap: GoType = { kind: 'map' }
export const goPtr = (elem: GoType): GoType => ({ kind: 'ptr', elem })
/** A slice; `nilAsEmpty` for types whose Go marshaller writes `nil` as `[]` (`types.JSONArray`). */
export const goSlice = (elem: GoType, nilAsEmpty = false): GoType => ({
  kind: 'slice',
  elem,
  nilAsEmpty,
})
export const goStruct = (fields: readonly (readonly [string, GoType])[]): GoType => ({
  kind: 'struct',
  fields,
})

/** The JSON value had the wrong type for its Go target (Go's `UnmarshalTypeError`). */
export class GoJsonTypeError extends Error {
  constructor(path: string, expected: string, got: unknown) {
    super(
      `json: cannot unmarshal ${jsonKind(got)} into Go value of type ${expected} (at ${path || '<root>'})`,
    )
    this.name = 'GoJsonTypeError'
  }
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'object') return 'object'
  return typeof v === 'boolean' ? 'bool' : typeof v
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

// note: Go decodes JSON numbers into int/int64 only when they are integral and in range
const MAX_INT64 = 2 ** 63

/** The zero value of a Go type as it marshals to JSON (`""`, `false`, `0`, `null`, `{…}`). */
export function goZero(type: GoType): unknown {
  switch (type.kind) {
    case 'string':
    case 'datetime':
      return ''
    case 'bool':
      return false
    case 'int':
    case 'float':
      return 0
    case 'any':
    case 'map':
    case 'ptr':
      return null
    case 'slice':
      return type.nilAsEmpty ? [] : null
    case 'struct': {
      const out: Record<string, unknown> = {}
      for (const [key, t] of type.fields) {
        out[key] = goZero(t)
      }
      return out
    }
  }
}

/**
 * Decodes `json` onto `current` (a value of `type`) and returns the new value; `current` itself is
 * not modified. Pass `undefined` as `current` to decode onto the zero value.
 *
 * @throws GoJsonTypeError when a JSON value has the wrong type for its target.
 */
export function goDecode(type: GoType, current: unknown, json: unknown, path = ''): unknown {
  const cur = current === undefined ? goZero(type) : current
  switch (type.kind) {
    case 'string':
      if (json === null) return cur
      if (typeof json !== 'string') throw new GoJsonTypeError(path, 'string', json)
      return json
    case 'bool':
      if (json === null) return cur
      if (typeof json !== 'boolean') throw new GoJsonTypeError(path, 'bool', json)
      return json
    case 'int':
      if (json === null) return cur
      if (typeof json !== 'number' || !Number.isInteger(json) || Math.abs(json) >= MAX_INT64) {
        throw new GoJsonTypeError(path, 'int', json)
      }
      return json
    case 'float':
      if (json === null) return cur
      if (typeof json !== 'number') throw new GoJsonTypeError(path, 'float64', json)
      return json
    case 'datetime':
      // note: types.DateTime reads `null` as the zero date and any non-string as an error
      if (json === null) return ''
      if (typeof json !== 'string') throw new GoJsonTypeError(path, 'types.DateTime', json)
      return normalizeDateTime(json)
    case 'any':
      return structuredClone(json)
    case 'map': {
      if (json === null) return null
      if (!isObject(json)) throw new GoJsonTypeError(path, 'map[string]any', json)
      return { ...(isObject(cur) ? cur : {}), ...structuredClone(json) }
    }
    case 'ptr':
      if (json === null) return null
      return goDecode(type.elem, cur === null ? undefined : cur, json, path)
    case 'slice': {
      if (json === null) return type.nilAsEmpty ? [] : null
      if (!Array.isArray(json)) throw new GoJsonTypeError(path, 'slice', json)
      const old = Array.isArray(cur) ? cur : []
      return json.map((item, i) =>
        goDecode(type.elem, i < old.length ? old[i] : undefined, item, `${path}[${i}]`),
      )
    }
    case 'struct': {
      if (json === null) return cur
      if (!isObject(json)) throw new GoJsonTypeError(path, 'struct', json)
      // note: the result has exactly the struct's keys, in Go's field order
      const base = isObject(cur) ? cur : {}
      const out: Record<string, unknown> = {}
      for (const [key, t] of type.fields) {
        out[key] = key in base ? base[key] : goZero(t)
      }
      for (const [rawKey, value] of Object.entries(json)) {
        const entry = findStructField(type.fields, rawKey)
        if (entry) {
          out[entry[0]] = goDecode(
            entry[1],
            out[entry[0]],
            value,
            path ? `${path}.${entry[0]}` : entry[0],
          )
        }
      }
      return out
    }
  }
}

/** Go's key matching: an exact match first, else a case-insensitive one. */
export function findStructField(
  fields: readonly (readonly [string, GoType])[],
  key: string,
): readonly [string, GoType] | undefined {
  const exact = fields.find(([k]) => k === key)
  if (exact) return exact
  const lower = key.toLowerCase()
  return fields.find(([k]) => k.toLowerCase() === lower)
}

/** The value re-shaped to exactly the struct's keys, in order (what Go stores and sends back). */
export function goShape(type: GoType, value: unknown): unknown {
  return goDecode(type, undefined, value)
}
