/**
 * @module Collections import/export: the normalized form of a collection (as PocketBase's dashboard
 * exports it) and the changes an import would make (as `PUT /api/collections/import` applies them:
 * collections and fields matched by id).
 */
import type { CollectionField, CollectionModel } from 'pocketbase'

/**
 * A collection as exported: without timestamps and OAuth2 providers (their secrets never leave).
 * note: the SDK's type, though `created`/`updated` are absent at run time
 */
export type ExportedCollection = CollectionModel

/** Strips what an export leaves out. */
export function exportable(c: CollectionModel): ExportedCollection {
  const { created: _c, updated: _u, ...rest } = c as CollectionModel & Record<string, unknown>
  const copy = structuredClone(rest) as ExportedCollection & { oauth2?: Record<string, unknown> }
  if (copy.oauth2 && typeof copy.oauth2 === 'object') {
    delete copy.oauth2.providers
  }
  return copy
}

/** Auth collections first, then base, then views; by name within each (PocketBase's export order). */
export function exportOrder<T extends { type: string; name: string }>(list: readonly T[]): T[] {
  const rank = (t: string) => (t === 'auth' ? 0 : t === 'base' ? 1 : 2)
  return [...list].sort((a, b) => rank(a.type) - rank(b.type) || a.name.localeCompare(b.name))
}

/** One top-level property that changes. */
export interface PropChange {
  key: string
  before: unknown
  after: unknown
}

/** One field that is added, removed or changed. */
export interface FieldChange {
  kind: 'added' | 'removed' | 'changed'
  name: string
  /** the field's definition before (removed) or after (added) */
  field?: CollectionField
  props: PropChange[]
}

/** What happens to one collection. */
export interface CollectionChange {
  kind: 'added' | 'deleted' | 'changed'
  name: string
  id: string
  props: PropChange[]
  fields: FieldChange[]
}

/** The parsed import text: the collections, or why it cannot be imported. */
export type ParsedImport = { collections: ExportedCollection[]; error?: undefined } | { collections?: undefined; error: string }

/** Parses pasted/loaded JSON: an array of collections, each with an id and a name. */
export function parseImport(text: string): ParsedImport {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return { error: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` }
  }
  if (!Array.isArray(value) || value.length === 0) {
    return { error: 'Invalid collections configuration: expected a non-empty JSON array of collections.' }
  }
  const byId = new Map<string, ExportedCollection>()
  for (const [i, c] of value.entries()) {
    if (!c || typeof c !== 'object' || typeof c.id !== 'string' || !c.id || typeof c.name !== 'string' || !c.name) {
      return { error: `Invalid collections configuration: item ${i} has no id or name.` }
    }
    // note: as PocketBase's dashboard, a repeated id keeps the last definition
    byId.set(c.id, exportable(c as CollectionModel))
  }
  return { collections: [...byId.values()] }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function propChanges(before: Record<string, unknown>, after: Record<string, unknown>, skip: string[]): PropChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip.includes(k))
  return keys.filter((k) => !same(before[k], after[k])).map((key) => ({ key, before: before[key], after: after[key] }))
}

function fieldChanges(before: CollectionField[], after: CollectionField[], deleteMissing: boolean): FieldChange[] {
  const out: FieldChange[] = []
  for (const a of after) {
    const b = before.find((f) => f.id === a.id)
    if (!b) {
      out.push({ kind: 'added', name: a.name, field: a, props: [] })
      continue
    }
    const props = propChanges(b as unknown as Record<string, unknown>, a as unknown as Record<string, unknown>, [])
    if (props.length) {
      out.push({ kind: 'changed', name: a.name, props })
    }
  }
  if (deleteMissing) {
    for (const b of before) {
      if (!after.some((f) => f.id === b.id)) {
        out.push({ kind: 'removed', name: b.name, field: b, props: [] })
      }
    }
  }
  return out
}

/**
 * The changes importing `incoming` over `current` makes. With `deleteMissing`, collections (and
 * fields of the imported collections) missing from the import are deleted.
 */
export function diffCollections(
  current: readonly ExportedCollection[],
  incoming: readonly ExportedCollection[],
  deleteMissing: boolean,
): CollectionChange[] {
  const out: CollectionChange[] = []
  for (const n of incoming) {
    const o = current.find((c) => c.id === n.id)
    if (!o) {
      out.push({ kind: 'added', name: n.name, id: n.id, props: [], fields: [] })
      continue
    }
    const props = propChanges(o as unknown as Record<string, unknown>, n as unknown as Record<string, unknown>, ['fields'])
    const fields = fieldChanges(o.fields ?? [], n.fields ?? [], deleteMissing)
    if (props.length || fields.length) {
      out.push({ kind: 'changed', name: n.name, id: n.id, props, fields })
    }
  }
  if (deleteMissing) {
    for (const o of current) {
      if (!incoming.some((c) => c.id === o.id)) {
        out.push({ kind: 'deleted', name: o.name, id: o.id, props: [], fields: [] })
      }
    }
  }
  return out
}
