/**
 * @module View collections (PocketBase `core/view.go`): SQL views created from a `viewQuery`, their
 * fields inferred from the query (relations for selected ids, copies of the source fields, numbers for
 * counts and casts, JSON for anything unknown), and the dry run the dashboard uses.
 */
import type { App } from '../app.js'
import { quoteIdent } from '../db/sql-ident.js'
import type { SqlRow } from '../db/sqlite-port.js'
import { tokenize, trimChars } from '../db/sql-tokenizer.js'
import { fieldKind } from '../fields/field-registry.js'
import { isFieldError } from '../http/api-error.js'
import { RecordModel } from '../records/record-model.js'
import { randomString } from '../tools/random.js'
import { collectionFromRow } from './collection-json.js'
import type { CollectionModel, FieldModel } from './collection-model.js'
import { addField, decodeField, shapeField } from './collection-decode.js'
import { errorText } from './go-error-text.js'
import { newCollection } from './collection-defaults.js'
import { parseViewQuery } from './view-query-parser.js'

const GO_SPACE = ' \t\n\v\f\r\u0085\u00a0'
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A failed view operation; its message is what PocketBase shows after "Raw error:". */
export class ViewError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ViewError'
  }
}

/** One row of `PRAGMA table_info`. */
export interface TableInfoRow {
  cid: number
  name: string
  type: string
  notnull: number
  dflt_value: string | null
  pk: number
}

/** `PRAGMA table_info` of a table or view; an error when it has no columns (missing or broken). */
export async function tableInfo(app: App, name: string): Promise<TableInfoRow[]> {
  const rows = await app.db().all<TableInfoRow>('SELECT * FROM PRAGMA_TABLE_INFO(?)', [name])
  if (rows.length === 0) {
    throw new ViewError(`empty table info probably due to invalid or missing table ${name}`)
  }
  return rows
}

/** Whether a table or view with that name exists (case-insensitive, like PocketBase's `HasTable`). */
export async function hasTable(app: App, name: string): Promise<boolean> {
  const row = await app
    .db()
    .get(
      "SELECT 1 AS x FROM sqlite_schema WHERE type IN ('table', 'view') AND LOWER(name) = LOWER(?) LIMIT 1",
      [name],
    )
  return row !== undefined
}

/** Drops a view if it exists. */
export async function deleteView(app: App, name: string): Promise<void> {
  await app.db().run(`DROP VIEW IF EXISTS ${quoteIdent(name)}`)
}

/**
 * Trims the query and its trailing `;` and refuses several statements (a helpful message, not a
 * security measure: views are only ever created by superusers).
 */
export function normalizeViewSelectQuery(query: string): string {
  const trimmed = trimChars(trimChars(query, GO_SPACE), ';')
  let parts: string[]
  try {
    parts = tokenize(trimmed, { separators: [';'] })
  } catch (err) {
    throw new ViewError((err as Error).message, { cause: err })
  }
  if (parts.length > 1) {
    throw new ViewError('multiple statements are not supported')
  }
  return trimmed
}

/**
 * Creates (or replaces) the SQL view `name` over `query`, checking that it yields columns (SQLite
 * accepts views over missing tables until they are read).
 */
export async function saveView(app: App, name: string, query: string): Promise<void> {
  await app.runInTransaction(async (txApp) => {
    await deleteView(txApp, name)
    const normalized = normalizeViewSelectQuery(query)
    // note: the query is wrapped in a second SELECT (and run as one statement) so it can only be a SELECT
    await txApp.db().run(`CREATE VIEW ${quoteIdent(name)} AS SELECT * FROM (${normalized})`)
    await tableInfo(txApp, name)
  })
}

/** The columns a query yields, read from a throw-away view. */
export async function queryTableInfo(app: App, query: string): Promise<TableInfoRow[]> {
  const temp = '_temp_' + randomString(6, LOWER_ALPHANUMERIC)
  return app.runInTransaction(async (txApp) => {
    await saveView(txApp, temp, query)
    const info = await tableInfo(txApp, temp)
    await deleteView(txApp, temp)
    return info
  })
}

/** A Go zero-valued field of `type` with some settings (PocketBase's `&XField{...}` literals). */
function makeField(type: FieldModel['type'], props: Record<string, unknown>): FieldModel {
  const field = decodeField({ type, ...props })
  field.id = ''
  return field
}

function defaultViewIdField(): FieldModel {
  return makeField('text', {
    name: 'id',
    system: true,
    required: true,
    primaryKey: true,
    pattern: '^[a-z0-9]+$',
  })
}

function defaultViewField(name: string): FieldModel {
  // note: maxSize is unused for views; PocketBase sets it to 1
  return name === 'id' ? defaultViewIdField() : makeField('json', { name, maxSize: 1 })
}

/** A field inferred from a query column, with the collection (and field) it came from. */
interface QueryField {
  field: FieldModel
  collection?: CollectionModel
  original?: FieldModel
}

const CAST_REGEX = /^cast\s*\(.*\s+as\s+(\w+)\s*\)$/is

async function findCollectionsByNames(app: App, names: string[]): Promise<CollectionModel[]> {
  if (names.length === 0) {
    return []
  }
  const rows = await app
    .db()
    .all<SqlRow>(
      `SELECT * FROM \`_collections\` WHERE name IN (${names.map(() => '?').join(',')})`,
      names,
    )
  return rows.map(collectionFromRow)
}

/** Infers a field for each selected column (PocketBase `parseQueryToFields`). */
async function parseQueryToFields(app: App, query: string): Promise<Map<string, QueryField>> {
  const parsed = parseViewQuery(query)
  const tables = parsed.tables.filter((t) => !t.alias.includes('('))
  const found = await findCollectionsByNames(
    app,
    tables.map((t) => t.original),
  )
  const byAlias = new Map<string, CollectionModel>()
  for (const t of tables) {
    const c = found.find((x) => x.name === t.original)
    if (c) byAlias.set(t.alias, c)
  }
  const mainAlias = parsed.tables[0]?.alias ?? ''

  const result = new Map<string, QueryField>()
  for (const col of parsed.columns) {
    if (col.alias === '*') {
      throw new ViewError(
        'wildcard columns (*) are not supported - manually type the collection field names you want the view query to have',
      )
    }
    const lower = col.original.toLowerCase()
    if (col.alias === 'id') {
      result.set(col.alias, { field: defaultViewIdField() })
      continue
    }
    if (lower.startsWith('count(')) {
      result.set(col.alias, { field: makeField('number', { name: col.alias, onlyInt: true }) })
      continue
    }
    if (lower.startsWith('total(')) {
      result.set(col.alias, { field: makeField('number', { name: col.alias }) })
      continue
    }
    const cast = CAST_REGEX.exec(lower)?.[1]
    if (cast !== undefined) {
      const castField =
        cast === 'real' || cast === 'decimal' || cast === 'numeric'
          ? makeField('number', { name: col.alias })
          : cast === 'int' || cast === 'integer'
            ? makeField('number', { name: col.alias, onlyInt: true })
            : cast === 'text'
              ? makeField('text', { name: col.alias })
              : cast === 'boolean' || cast === 'bool'
                ? makeField('bool', { name: col.alias })
                : undefined
      if (castField) {
        result.set(col.alias, { field: castField })
        continue
      }
    }

    const parts = col.original.split('.')
    const fieldName = parts.length === 2 ? parts[1]! : parts[0]!
    const collection = parts.length === 2 ? byAlias.get(parts[0]!) : byAlias.get(mainAlias)
    if (!collection) {
      result.set(col.alias, { field: defaultViewField(col.alias) })
      continue
    }
    const source = collection.fields.find((f) => f.name.toLowerCase() === fieldName.toLowerCase())
    if (!source) {
      result.set(col.alias, { field: defaultViewField(col.alias), collection })
      continue
    }
    if (fieldName.toLowerCase() === 'id') {
      // a selected id becomes a relation to its collection
      result.set(col.alias, {
        field: makeField('relation', {
          name: col.alias,
          maxSelect: 1,
          collectionId: collection.id,
        }),
        collection,
      })
      continue
    }
    // note: a fresh random id, so a field aliased several times is not a duplicate
    const clone = shapeField({
      ...structuredClone(source),
      id: '_clone_' + randomString(4),
      name: col.alias,
    })
    result.set(col.alias, { field: clone, collection, original: source })
  }
  return result
}

/**
 * The fields of a view over `query`, in the view's column order. Every view must select an `id`.
 *
 * @throws ViewError, SqliteError, ViewQueryParseError, TokenizeError for a bad query.
 */
export async function createViewFields(app: App, query: string): Promise<FieldModel[]> {
  const suggested = await parseQueryToFields(app, query)
  return app.runInTransaction(async (txApp) => {
    const info = await queryTableInfo(txApp, query)
    const fields: FieldModel[] = []
    let hasId = false
    for (const row of info) {
      const name = String(row.name)
      if (name === 'id') {
        hasId = true
      }
      addField(fields, structuredClone(suggested.get(name)?.field ?? defaultViewField(name)))
    }
    if (!hasId) {
      throw new ViewError(
        "missing required id column (you can use `(ROW_NUMBER() OVER()) as id` if you don't have one)",
      )
    }
    return fields
  })
}

/**
 * Wraps the query so its `id` column is TEXT when SQLite would type it otherwise (record ids are
 * strings), keeping the column order.
 */
export async function normalizeViewQueryId(app: App, query: string): Promise<string> {
  const trimmed = trimChars(trimChars(query, GO_SPACE), ';')
  const info = await queryTableInfo(app, trimmed)
  if (
    info.some(
      (r) => String(r.name).toLowerCase() === 'id' && String(r.type).toLowerCase() === 'text',
    )
  ) {
    return trimmed
  }
  const parsed = parseViewQuery(trimmed)
  const columns = parsed.columns.map((c) =>
    c.alias === 'id'
      ? `CAST(${quoteIdent(c.alias)} as TEXT) ${quoteIdent(c.alias)}`
      : quoteIdent(c.alias),
  )
  return `SELECT ${columns.join(',')} FROM (${trimmed})`
}

/** What the dry run returns: the inferred fields and up to `sampleSize` records. */
export interface DryRunViewResult {
  fields: FieldModel[]
  sample: RecordModel[]
}

/**
 * Runs a view query without saving anything: infers its fields, validates them and reads a sample,
 * refusing empty or duplicated ids in the sample.
 *
 * @throws ViewError (and SQLite/parse errors) describing what is wrong with the query.
 */
export async function dryRunView(
  app: App,
  query: string,
  sampleSize: number,
): Promise<DryRunViewResult> {
  const normalized = normalizeViewSelectQuery(query)
  const fields = await createViewFields(app, normalized)
  const temp = newCollection('view', 'temp_view_' + randomString(5))
  temp.fields = fields
  for (const [i, field] of fields.entries()) {
    const errors = await fieldKind(field.type).validateSettings(field, {
      app,
      collection: temp,
      oldCollection: undefined,
    })
    const keys = Object.keys(errors)
    if (keys.length > 0) {
      const detail = keys
        .map((k) => {
          const e = errors[k]!
          return `${k}: ${isFieldError(e) ? e.message : 'invalid'}`
        })
        .join('; ')
      throw new ViewError(`invalid field ${JSON.stringify(field.name)} (${i}): ${detail}`)
    }
  }
  const wrapped = await normalizeViewQueryId(app, normalized)
  const table = quoteIdent(temp.name)
  // note: the limit is an integer written inline, as PocketBase's query builder prints it in errors
  const sql = `SELECT ${table}.* FROM (SELECT * FROM (${wrapped})) ${table} LIMIT ${Math.trunc(sampleSize)}`
  let rows: SqlRow[]
  try {
    rows = await app.db().all<SqlRow>(sql)
  } catch (err) {
    throw new ViewError(
      `failed to retrieve query records: ${errorText(err)}; failed query: ${sql}`,
      { cause: err },
    )
  }
  const sample = rows.map((row) => RecordModel.fromRow(temp, row))
  const ids = new Set<string>()
  for (const r of sample) {
    if (r.id === '') {
      throw new ViewError('the query could return records with empty or invalid ids')
    }
    if (ids.has(r.id)) {
      throw new ViewError('the query could return records with non-unique ids')
    }
    ids.add(r.id)
  }
  return { fields, sample }
}
