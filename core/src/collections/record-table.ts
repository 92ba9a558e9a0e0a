/**
 * @module The SQL table behind a collection: created, rebuilt and indexed as PocketBase does.
 */
import { quoteIdent } from '../db/sql-ident.js'
import type { SqlExecutor } from '../db/sqlite-port.js'
import { fieldKind } from '../fields/field-registry.js'
import type { CollectionModel } from './collection-model.js'

/** Column definitions of a collection's table, sorted by column name (as PocketBase's dbx writes them). */
export function tableColumns(c: CollectionModel): string[] {
  return [...c.fields]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${quoteIdent(f.name)} ${fieldKind(f.type).columnType(f)}`)
}

/** Creates the table of a base/auth collection and its indexes. */
export async function createRecordTable(db: SqlExecutor, c: CollectionModel): Promise<void> {
  await db.exec(`CREATE TABLE ${quoteIdent(c.name)} (${tableColumns(c).join(', ')})`)
  await createIndexes(db, c)
}

/** Creates every index of the collection (each statement as written in `indexes`). */
export async function createIndexes(db: SqlExecutor, c: CollectionModel): Promise<void> {
  for (const idx of c.indexes) {
    await db.exec(idx)
  }
}
