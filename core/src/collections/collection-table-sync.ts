/**
 * @module Keeping a collection's records table in step with its fields (PocketBase
 * `core/collection_record_table_sync.go`): create, rename (with index names), add/drop/rename columns
 * (through temporary names, so swapped names never collide), single ↔ multiple value conversions, and
 * the indexes. Runs in one transaction; when SQLite can't `ALTER` the table (e.g. a hand-made index on
 * a dropped column) the table is rebuilt with its data instead.
 */
import type { App } from '../app.js'
import { buildIndex, isValidIndex, parseIndex } from '../db/index-parser.js'
import { quoteIdent } from '../db/sql-ident.js'
import { fieldKind } from '../fields/field-registry.js'
import { validationError } from '../fields/validators.js'
import { ValidationErrors, type ErrorData } from '../http/api-error.js'
import { randomString } from '../tools/random.js'
import { shapeField } from './collection-decode.js'
import type { CollectionModel, FieldModel } from './collection-model.js'
import { tableColumns } from './record-table.js'
import { errorText } from './go-error-text.js'
import { hasTable } from './view-collection.js'

const q = quoteIdent

function isMultiple(field: FieldModel | undefined): boolean {
  if (!field) return false
  const kind = fieldKind(field.type)
  return kind.isMultiple ? kind.isMultiple(field) : false
}

function fieldsSignature(fields: readonly FieldModel[]): string {
  return JSON.stringify(fields.map(shapeField))
}

/**
 * Applies the difference between `old` (the saved collection, or `undefined` for a new one) and `next`
 * to the records table. Views have no table (see `saveView`).
 *
 * @throws ValidationErrors (`indexes`) when an index can't be created; SQLite errors otherwise.
 */
export async function syncRecordTableSchema(
  app: App,
  next: CollectionModel,
  old: CollectionModel | undefined,
): Promise<void> {
  if (next.type === 'view') {
    return
  }
  await app.runInTransaction(async (txApp) => {
    if (!old || !(await hasTable(txApp, old.name))) {
      await txApp.db().run(`CREATE TABLE ${q(next.name)} (${tableColumns(next).join(', ')})`)
      await createCollectionIndexes(txApp, next)
      return
    }
    try {
      // note: a savepoint, so a failed ALTER leaves the table as it was for the rebuild below
      await txApp.runInTransaction((sp) => alterRecordTable(sp, next, old))
    } catch (err) {
      if (err instanceof ValidationErrors || !(await rebuildRecordTable(txApp, next, old))) {
        throw err
      }
    }
  })
  // note: PocketBase runs it after every sync, as SQLite recommends after schema changes
  await app
    .db()
    .exec('PRAGMA optimize')
    .catch(() => {})
}

/** The in-place path: `ALTER TABLE` statements only. */
async function alterRecordTable(
  app: App,
  next: CollectionModel,
  old: CollectionModel,
): Promise<void> {
  const db = app.db()
  const needRename = old.name.toLowerCase() !== next.name.toLowerCase()
  const needIndexes =
    needRename ||
    fieldsSignature(old.fields) !== fieldsSignature(next.fields) ||
    JSON.stringify(old.indexes) !== JSON.stringify(next.indexes)

  if (needIndexes) {
    await dropCollectionIndexes(app, old)
  }
  if (needRename) {
    await db.run(`ALTER TABLE ${q(old.name)} RENAME TO ${q(next.name)}`)
  }
  for (const oldField of old.fields) {
    if (!next.fields.some((f) => f.id === oldField.id)) {
      await wrap(`failed to drop column ${oldField.name}`, () =>
        db.run(`ALTER TABLE ${q(next.name)} DROP COLUMN ${q(oldField.name)}`),
      )
    }
  }
  // new and renamed columns go through a temporary name first (so `a, b → b, a` never collides)
  const toRename: [string, string][] = []
  for (const field of next.fields) {
    const oldField = old.fields.find((f) => f.id === field.id)
    if (!oldField) {
      const temp = field.name + randomString(5)
      toRename.push([temp, field.name])
      await wrap(`failed to add column ${field.name}`, () =>
        db.run(
          `ALTER TABLE ${q(next.name)} ADD COLUMN ${q(temp)} ${fieldKind(field.type).columnType(field)}`,
        ),
      )
    } else if (oldField.name !== field.name) {
      const temp = field.name + randomString(5)
      toRename.push([temp, field.name])
      await wrap(`failed to rename column ${oldField.name}`, () =>
        db.run(`ALTER TABLE ${q(next.name)} RENAME COLUMN ${q(oldField.name)} TO ${q(temp)}`),
      )
    }
  }
  for (const [temp, name] of toRename) {
    await db.run(`ALTER TABLE ${q(next.name)} RENAME COLUMN ${q(temp)} TO ${q(name)}`)
  }
  await normalizeSingleVsMultipleFieldChanges(app, next, old)
  if (needIndexes) {
    await createCollectionIndexes(app, next)
  }
}

/** Runs `fn`, prefixing a failure with `context` (PocketBase's `fmt.Errorf("… - %w")`). */
async function wrap<T>(context: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw new Error(`${context} - ${errorText(err)}`, { cause: err })
  }
}

/** SQL that converts a column value between the single (text) and multiple (JSON array) forms. */
function conversionSql(column: string, toMultiple: boolean): string {
  const c = q(column)
  return toMultiple
    ? `CASE WHEN COALESCE(${c}, '') = '' THEN '[]' ELSE (CASE WHEN json_valid(${c}) AND json_type(${c}) == 'array' THEN ${c} ELSE json_array(${c}) END) END`
    : // note: multiple → single keeps the last value (file objects are left in storage, as PocketBase)
      `CASE WHEN COALESCE(${c}, '[]') = '[]' THEN '' ELSE (CASE WHEN json_valid(${c}) AND json_type(${c}) == 'array' THEN COALESCE(json_extract(${c}, '$[#-1]'), '') ELSE ${c} END) END`
}

/** Re-creates the columns whose single/multiple kind changed, converting their values. */
async function normalizeSingleVsMultipleFieldChanges(
  app: App,
  next: CollectionModel,
  old: CollectionModel,
): Promise<void> {
  const db = app.db()
  for (const field of next.fields) {
    const wasMultiple = isMultiple(old.fields.find((f) => f.id === field.id))
    const isNowMultiple = isMultiple(field)
    if (wasMultiple === isNowMultiple) {
      continue
    }
    // views are dropped meanwhile so they don't block the column swap, then restored as they were
    const views = await db.all<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type = 'view'",
    )
    for (const view of views) {
      await db.run(`DROP VIEW IF EXISTS ${q(String(view.name))}`)
    }
    const temp = '_' + field.name + randomString(5)
    await db.run(`ALTER TABLE ${q(next.name)} RENAME COLUMN ${q(field.name)} TO ${q(temp)}`)
    await db.run(
      `ALTER TABLE ${q(next.name)} ADD COLUMN ${q(field.name)} ${fieldKind(field.type).columnType(field)}`,
    )
    await db.run(
      `UPDATE ${q(next.name)} SET ${q(field.name)} = (${conversionSql(temp, isNowMultiple)})`,
    )
    await db.run(`ALTER TABLE ${q(next.name)} DROP COLUMN ${q(temp)}`)
    for (const view of views) {
      await db.run(String(view.sql))
    }
  }
}

/**
 * The fallback path: a new table with the new columns, filled from the old one (renamed columns
 * mapped by field id, single/multiple values converted), then swapped in. Returns false when that
 * fails too (e.g. a view still needs a dropped column), leaving the savepoint rolled back.
 */
async function rebuildRecordTable(
  app: App,
  next: CollectionModel,
  old: CollectionModel,
): Promise<boolean> {
  try {
    await app.runInTransaction(async (txApp) => {
      const db = txApp.db()
      await dropCollectionIndexes(txApp, old)
      const temp = `_rebuild_${next.name}_${randomString(6)}`
      await db.run(`CREATE TABLE ${q(temp)} (${tableColumns(next).join(', ')})`)
      const columns: string[] = []
      const values: string[] = []
      for (const field of next.fields) {
        const oldField = old.fields.find((f) => f.id === field.id)
        if (!oldField) continue
        columns.push(q(field.name))
        values.push(
          isMultiple(oldField) === isMultiple(field)
            ? q(oldField.name)
            : conversionSql(oldField.name, isMultiple(field)),
        )
      }
      if (columns.length > 0) {
        await db.run(
          `INSERT INTO ${q(temp)} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${q(old.name)}`,
        )
      }
      await db.run(`DROP TABLE ${q(old.name)}`)
      await db.run(`ALTER TABLE ${q(temp)} RENAME TO ${q(next.name)}`)
      await createCollectionIndexes(txApp, next)
    })
    return true
  } catch (err) {
    if (err instanceof ValidationErrors) {
      throw err
    }
    return false
  }
}

/** Drops the indexes a collection declares. */
export async function dropCollectionIndexes(app: App, c: CollectionModel): Promise<void> {
  if (c.type === 'view') {
    return
  }
  for (const raw of c.indexes) {
    const parsed = parseIndex(raw)
    // note: validity isn't checked, the table name may be missing (as PocketBase)
    if (parsed.indexName === '') {
      throw new Error(`failed to drop index - missing index name: ${raw}`)
    }
    await app.db().run(`DROP INDEX IF EXISTS ${q(parsed.indexName)}`)
  }
}

/**
 * Creates a collection's indexes, always on its own table. Failures become `indexes.<i>` validation
 * errors (an index can only be checked by creating it).
 */
export async function createCollectionIndexes(app: App, c: CollectionModel): Promise<void> {
  if (c.type === 'view') {
    return
  }
  const errors: ErrorData = {}
  for (const [i, raw] of c.indexes.entries()) {
    const parsed = parseIndex(raw)
    parsed.tableName = c.name
    if (!isValidIndex(parsed)) {
      errors[String(i)] = validationError(
        'validation_invalid_index_expression',
        'Invalid CREATE INDEX expression.',
      )
      continue
    }
    try {
      // note: one statement only (run refuses a second one smuggled into a WHERE clause)
      await app.db().run(buildIndex(parsed))
    } catch (err) {
      errors[String(i)] = validationError(
        'validation_invalid_index_expression',
        `Failed to create index ${parsed.indexName} - ${errorText(err)}.`,
      )
    }
  }
  if (Object.keys(errors).length > 0) {
    throw new ValidationErrors({ indexes: errors })
  }
}
