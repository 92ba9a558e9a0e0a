/**
 * @module `expand`: loading related records (direct relations and `collection_via_field` back-relations,
 * up to 6 levels) into `record.expand()` (PocketBase `core/record_query_expand.go`).
 */
import type { App } from '../app.js'
import type { CollectionModel, FieldModel } from '../collections/collection-model.js'
import { hasSingleColumnUniqueIndex } from '../collections/collection-defaults.js'
import { quoteIdent } from '../db/sql-ident.js'
import { isMultiple } from '../fields/multi-value.js'
import type { RecordModel } from './record-model.js'
import { findRecordsByIds } from './record-query.js'

/** Loads related records; may apply access rules (see record-enrich). */
export type ExpandFetch = (collection: CollectionModel, ids: string[]) => Promise<RecordModel[]>

const MAX_NESTED_RELS = 6
const BACK_RELATION = /^(\w+)_via_(\w+)$/
const BACK_RELATION_OLD = /^(\w+)\((\w+)\)$/

/** Cleans expand paths: no spaces or stray dots, and paths covered by a longer one dropped. */
export function normalizeExpands(paths: readonly string[]): string[] {
  const cleaned = paths.map((p) => p.replace(/ /g, '').replace(/^\.+|\.+$/g, '')).filter((p) => p !== '')
  const kept = cleaned.filter((p, i) => !cleaned.some((q, j) => i !== j && q.startsWith(p + '.')))
  return [...new Set(kept)]
}

/** Expands every path on `records` (all of one collection); returns the failures by path. */
export async function expandRecords(
  app: App,
  records: RecordModel[],
  expands: readonly string[],
  fetch?: ExpandFetch,
): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>()
  for (const path of normalizeExpands(expands)) {
    try {
      await expandPath(app, records, path, fetch ?? ((c, ids) => findRecordsByIds(app, c, ids)), 1)
    } catch (err) {
      failed.set(path, err)
    }
  }
  return failed
}

async function expandPath(app: App, records: RecordModel[], path: string, fetch: ExpandFetch, level: number): Promise<void> {
  if (path === '' || level > MAX_NESTED_RELS || records.length === 0) {
    return
  }
  const main = records[0]!.collection
  const dot = path.indexOf('.')
  const head = dot < 0 ? path : path.slice(0, dot)
  const rest = dot < 0 ? '' : path.slice(dot + 1)

  let relField: FieldModel
  let relCollection: CollectionModel
  const via = (head.includes('(') ? BACK_RELATION_OLD : BACK_RELATION).exec(head)
  if (via) {
    const backCollection = app.findCachedCollection(via[1]!)
    if (!backCollection) {
      throw new Error(`couldn't find back-related collection "${via[1]}"`)
    }
    const backField = backCollection.fields.find((f) => f.name === via[2] && f.type === 'relation')
    if (!backField || backField.collectionId !== main.id) {
      throw new Error(`couldn't find back-relation field "${via[2]}" in collection "${backCollection.name}"`)
    }
    const col = quoteIdent(backField.name)
    const where = isMultiple(backField)
      ? `EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${col}) THEN ${col} ELSE json_array(${col}) END) je WHERE je.value = ?)`
      : `${col} = ?`
    for (const record of records) {
      const rows = await app
        .db()
        .all<{ id: string }>(`SELECT id FROM ${quoteIdent(backCollection.name)} WHERE ${where} LIMIT 1000`, [record.id])
      if (rows.length > 0) {
        record.setRaw(head, rows.map((r) => String(r.id)))
      }
    }
    relField = {
      id: '',
      name: head,
      type: 'relation',
      system: false,
      hidden: false,
      presentable: false,
      collectionId: backCollection.id,
      maxSelect: hasSingleColumnUniqueIndex(backCollection.indexes, backField.name) ? 1 : 2147483647,
    }
    relCollection = backCollection
  } else {
    const field = main.fields.find((f) => f.name === head && f.type === 'relation')
    if (!field) {
      throw new Error(`couldn't find relation field "${head}" in collection "${main.name}"`)
    }
    const related = app.findCachedCollection(String(field.collectionId))
    if (!related) {
      throw new Error(`couldn't find related collection "${String(field.collectionId)}"`)
    }
    relField = field
    relCollection = related
  }

  const relIds = [...new Set(records.flatMap((r) => r.getStringSlice(relField.name)))]
  const rels = relIds.length > 0 ? await fetch(relCollection, relIds) : []
  if (rest !== '') {
    await expandPath(app, rels, rest, fetch, level + 1)
  }
  const byId = new Map(rels.map((r) => [r.id, r]))
  for (const record of records) {
    if (!record.hasExpand()) {
      record.setExpand({})
    }
    const valid = record.getStringSlice(relField.name).flatMap((id) => byId.get(id) ?? [])
    if (valid.length === 0) {
      continue
    }
    const expand = record.expand()
    const old = expand[relField.name]
    const olds = old instanceof Array ? (old as RecordModel[]) : old ? [old as RecordModel] : []
    for (const o of olds) {
      for (const rel of valid) {
        if (rel.id === o.id) {
          rel.mergeExpand(o.expand())
        }
      }
    }
    expand[relField.name] = isMultiple(relField) ? valid : valid[0]
    record.setExpand(expand)
  }
}
