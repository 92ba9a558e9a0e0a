/**
 * @module The request data rules see as `@request.*` (PocketBase `core.RequestInfo`), how to build it,
 * and how a single `@request.*` path becomes a bound value.
 */
import type { SqlValue } from '../db/sqlite-port.js'
import { FilterForbiddenError } from '../filter/filter-error.js'
import { toString } from '../tools/cast.js'
import { JsonRaw } from '../tools/json-raw.js'

/** `@request.context` values PocketBase uses. */
export type RequestInfoContext =
  | 'default'
  | 'expand'
  | 'realtime'
  | 'protectedFile'
  | 'batch'
  | 'oauth2'
  | 'otp'
  | 'password'
  | (string & {})

/**
 * What `@request.*` resolves against. Missing keys resolve to NULL (never an error).
 */
export interface RequestInfo {
  /**
   * The authenticated record as JSON with **every** field (hidden ones too, `email` regardless of
   * `emailVisibility`) plus `collectionId`/`collectionName`; `null` for guests. `@request.auth.id`,
   * `collectionId`, `collectionName`, `email`, `emailVisibility`, `verified` are read from here; other
   * fields are joined from the auth collection's table by `id`.
   */
  readonly auth: Readonly<Record<string, unknown>> | null
  /**
   * The submitted data (after modifier resolution such as `total+`, hidden fields removed for
   * non-superusers), JSON values; `JsonRaw` values are read as their JSON text.
   */
  readonly body: Readonly<Record<string, unknown>>
  /** First value of each query parameter. */
  readonly query: Readonly<Record<string, string>>
  /** First value of each header, keys snake-cased (`X-Token` → `x_token`, see {@link headersToRequestInfo}). */
  readonly headers: Readonly<Record<string, string>>
  /** The HTTP method, as received (`GET`, `POST`, …). */
  readonly method: string
  readonly context: RequestInfoContext
}

/** Like PocketBase's `inflector.Snakecase`, used for `@request.headers.*` keys. */
export function snakecase(name: string): string {
  return name
    .split(/[\W_]+/)
    .filter((w) => w !== '')
    .map((w) => w.replace(/(?<=[^A-Z])([A-Z])/g, '_$1'))
    .join('_')
    .toLowerCase()
}

/** Header map for {@link RequestInfo.headers}: snake-cased names (`X-Token` → `x_token`). */
export function headersToRequestInfo(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    // note: Go keeps the first of repeated header lines; Fetch has already joined them with ", " and a
    // single value may itself contain ", " (Accept), so the joined value is kept whole
    out[snakecase(name)] = value
  })
  return out
}

/** Query map for {@link RequestInfo.query}: first value per parameter. */
export function queryToRequestInfo(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {}
  params.forEach((value, key) => {
    if (!Object.hasOwn(out, key)) {
      out[key] = value
    }
  })
  return out
}

const SUPERUSER_ONLY_FIELDS = ['@collection.', '@request.'] as const

/**
 * PocketBase's `checkForSuperuserOnlyRuleFields`: a non-superuser's client `filter` or `sort` may not
 * mention `@collection.` or `@request.` anywhere (a plain substring check, quoted text included).
 * Call it for guests and non-superusers only, before compiling.
 *
 * @throws FilterForbiddenError (status 403) with PocketBase's message, e.g. `Only superusers can filter by @request.`
 */
export function assertNoSuperuserOnlyFields(query: {
  filter?: string | null
  sort?: string | null
}): void {
  for (const value of [query.filter, query.sort]) {
    if (!value) {
      continue
    }
    for (const field of SUPERUSER_ONLY_FIELDS) {
      if (value.includes(field)) {
        throw new FilterForbiddenError(`Only superusers can filter by ${field}`)
      }
    }
  }
}

/** Result of walking a `@request.*` path: whether the key exists, and its value. */
export interface ExtractedValue {
  readonly found: boolean
  readonly value: unknown
}

const NOT_FOUND: ExtractedValue = Object.freeze({ found: false, value: undefined })

/** Walks nested objects/arrays (PocketBase `extractNestedVal`); JSON text of `JsonRaw` is parsed. */
export function extractNestedValue(data: unknown, keys: readonly string[]): ExtractedValue {
  let current = data
  for (const key of keys) {
    if (current instanceof JsonRaw) {
      if (!current.isValid()) {
        return NOT_FOUND
      }
      current = current.value()
    }
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(key) || Number(key) >= current.length) {
        return NOT_FOUND
      }
      current = current[Number(key)]
    } else if (
      current !== null &&
      typeof current === 'object' &&
      !(current instanceof Uint8Array)
    ) {
      if (!Object.hasOwn(current, key)) {
        return NOT_FOUND
      }
      current = (current as Record<string, unknown>)[key]
    } else {
      return NOT_FOUND
    }
  }
  return { found: true, value: current }
}

const GO_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * Turns an extracted request value into a bindable one: booleans → 1/0, objects/arrays → JSON text,
 * `JsonRaw` → its text; numeric strings → numbers when `asNumber` (the path names a number field).
 */
export function toBindable(value: unknown, asNumber: boolean): SqlValue {
  if (value === null || value === undefined) {
    return null
  }
  switch (typeof value) {
    case 'string':
      return asNumber && GO_FLOAT.test(value) && Number.isFinite(Number(value))
        ? Number(value)
        : value
    case 'number':
    case 'bigint':
      return value
    case 'boolean':
      return value ? 1 : 0
  }
  if (value instanceof JsonRaw) {
    return value.text
  }
  if (value instanceof Uint8Array) {
    return toString(value)
  }
  if (value instanceof Date) {
    return value.toISOString()
  }
  return JSON.stringify(value) ?? null
}

/** PocketBase `toSlice`: null → [], arrays as-is, anything else → a one-item list. */
export function toSlice(value: unknown): unknown[] {
  if (value === null || value === undefined) {
    return []
  }
  if (value instanceof JsonRaw) {
    const parsed = value.value()
    return Array.isArray(parsed) ? parsed : [value.text]
  }
  return Array.isArray(value) ? [...value] : [value]
}

/** `obj[key]` for own keys only (a field named `constructor` must not read `Object.prototype`). */
export function ownValue(obj: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined
}
