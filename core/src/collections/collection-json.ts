/**
 * @module Collections between their storage form (`_collections` columns) and their JSON form.
 */
import type { SqlRow } from '../db/sqlite-port.js'
import { toBool, toString } from '../tools/cast.js'
import { ensureOptionKeys, shapeField } from './collection-decode.js'
import type { CollectionModel, CollectionType, FieldModel } from './collection-model.js'

/** Auth-collection option keys, in PocketBase's JSON order. */
export const AUTH_OPTION_KEYS = [
  'authRule',
  'manageRule',
  'authAlert',
  'oauth2',
  'passwordAuth',
  'mfa',
  'otp',
  'authToken',
  'passwordResetToken',
  'emailChangeToken',
  'verificationToken',
  'fileToken',
  'verificationTemplate',
  'resetPasswordTemplate',
  'confirmEmailChangeTemplate',
] as const

/** The token settings whose `secret` is never sent over the API. */
export const TOKEN_OPTION_KEYS = [
  'authToken',
  'passwordResetToken',
  'emailChangeToken',
  'verificationToken',
  'fileToken',
] as const

/** View-collection option keys. */
export const VIEW_OPTION_KEYS = ['viewQuery'] as const

/** The option keys that belong to a collection type. */
export function optionKeys(type: CollectionType): readonly string[] {
  return type === 'auth' ? AUTH_OPTION_KEYS : type === 'view' ? VIEW_OPTION_KEYS : []
}

const parseJson = (text: unknown, fallback: unknown): unknown => {
  if (typeof text !== 'string' || text === '') {
    return fallback
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    return fallback
  }
}

/** Builds a collection from a `_collections` row (options flattened into the model). */
export function collectionFromRow(row: SqlRow): CollectionModel {
  const type = toString(row.type) as CollectionType
  const options = parseJson(row.options, {}) as Record<string, unknown>
  const rule = (v: unknown) => (v === null || v === undefined ? null : toString(v))
  const collection: CollectionModel = {
    id: toString(row.id),
    listRule: rule(row.listRule),
    viewRule: rule(row.viewRule),
    createRule: rule(row.createRule),
    updateRule: rule(row.updateRule),
    deleteRule: rule(row.deleteRule),
    name: toString(row.name),
    type,
    fields: (parseJson(row.fields, []) as FieldModel[]) ?? [],
    indexes: ((parseJson(row.indexes, []) as string[] | null) ?? []).map(String),
    created: toString(row.created),
    updated: toString(row.updated),
    system: toBool(row.system),
  }
  for (const key of optionKeys(type)) {
    if (key in options) {
      collection[key] = options[key]
    }
  }
  return toTypedShape(collection)
}

/**
 * Gives a stored collection the shape PocketBase's typed model has (every field option present, keys
 * sorted; every option of its type present), as a PocketBase-written row may omit zero values. A row
 * with values of the wrong type is left as stored rather than failing the whole load.
 */
function toTypedShape(c: CollectionModel): CollectionModel {
  try {
    c.fields = c.fields.map(shapeField)
  } catch {
    // keep as stored
  }
  try {
    ensureOptionKeys(c)
  } catch {
    // keep as stored
  }
  return c
}

/** The `options` JSON column value of a collection. */
export function collectionOptions(c: CollectionModel): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of optionKeys(c.type)) {
    if (c[key] !== undefined) {
      out[key] = c[key]
    }
  }
  return out
}

/**
 * The collection's public JSON in PocketBase's key order, with token secrets and OAuth2 client secrets
 * left out (as PocketBase's `MarshalJSON` hides them).
 */
export function collectionToJSON(c: CollectionModel): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: c.id,
    listRule: c.listRule,
    viewRule: c.viewRule,
    createRule: c.createRule,
    updateRule: c.updateRule,
    deleteRule: c.deleteRule,
    name: c.name,
    type: c.type,
    fields: c.fields,
    indexes: c.indexes,
    created: c.created,
    updated: c.updated,
    system: c.system,
  }
  for (const key of optionKeys(c.type)) {
    out[key] = c[key]
  }
  if (c.type === 'auth') {
    for (const key of TOKEN_OPTION_KEYS) {
      const token = c[key] as Record<string, unknown> | undefined
      if (token && typeof token === 'object') {
        const { secret: _secret, ...rest } = token
        out[key] = rest
      }
    }
    const oauth2 = c.oauth2 as { providers?: Record<string, unknown>[] } | undefined
    if (oauth2 && Array.isArray(oauth2.providers)) {
      out.oauth2 = {
        ...oauth2,
        providers: oauth2.providers.map(({ clientSecret: _s, ...p }) => p),
      }
    }
  }
  return out
}

/** A deep copy (collections are shared; edits go to copies). */
export function cloneCollection(c: CollectionModel): CollectionModel {
  return structuredClone(c)
}
