/**
 * @module Finding which file field of a record holds a file name, and the record that owns the file of
 * a view record (PocketBase `Record.FindFileFieldByFile`, `FindRecordByViewFile`).
 */
import type { App } from '../app.js'
import type { FieldModel } from '../collections/collection-model.js'
import { quoteIdent } from '../db/sql-ident.js'
import { isMultiple } from '../fields/multi-value.js'
import { findRecordsWhere } from '../records/record-query.js'
import type { RecordModel } from '../records/record-model.js'

/** The first file field of `record` whose value contains `filename`. */
export function findFileFieldByFile(record: RecordModel, filename: string): FieldModel | undefined {
  if (filename === '') {
    return undefined
  }
  return record.collection.fields.find(
    (f) => f.type === 'file' && record.getStringSlice(f.name).includes(filename),
  )
}

/**
 * The stored record that owns `filename` of a view record. View files live in the directory of the
 * record they were selected from; file names carry a random suffix, so the owner is the one record of
 * a non-view collection whose file field holds that name.
 *
 * note: PocketBase walks the view query to the source field; searching the file fields by name finds the
 * same record without re-parsing the query.
 */
export async function findRecordByViewFile(app: App, filename: string): Promise<RecordModel | undefined> {
  for (const collection of app.findAllCollections('base', 'auth')) {
    for (const field of collection.fields) {
      if (field.type !== 'file') {
        continue
      }
      const col = quoteIdent(field.name)
      const where = isMultiple(field)
        ? `EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${col}) THEN ${col} ELSE json_array(${col}) END) AS je WHERE je.value = ?)`
        : `${col} = ?`
      const found = await findRecordsWhere(app, collection, where, [filename], 1)
      if (found[0]) {
        return found[0]
      }
    }
  }
  return undefined
}
