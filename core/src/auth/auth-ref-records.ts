/**
 * @module Shared queries of the system collections that point at an auth record through
 * `collectionRef` + `recordRef` (`_otps`, `_mfas`, `_externalAuths`, `_authOrigins`).
 */
import type { App } from '../app.js'
import { RecordModel } from '../records/record-model.js'
import { findRecordsWhere, requireCollection } from '../records/record-query.js'
import { deleteRecord } from '../records/record-save.js'
import { parseDateTime } from '../tools/datetime.js'

/** The rows of `collectionName` that belong to `authRecord`, newest first. */
export function findRefRecords(app: App, collectionName: string, authRecord: RecordModel): Promise<RecordModel[]> {
  return findRecordsWhere(
    app,
    collectionName,
    'collectionRef = ? AND recordRef = ? ORDER BY created DESC',
    [authRecord.collection.id, authRecord.id],
  )
}

/** Deletes every row of `collectionName` that belongs to `authRecord` (through the delete hooks). */
export async function deleteRefRecords(app: App, collectionName: string, authRecord: RecordModel): Promise<void> {
  for (const rec of await findRefRecords(app, collectionName, authRecord)) {
    await deleteRecord(app, rec)
  }
}

/** A new, unsaved row of `collectionName` pointing at `authRecord`. */
export function newRefRecord(app: App, collectionName: string, authRecord: RecordModel): RecordModel {
  const record = new RecordModel(requireCollection(app, collectionName))
  record.set('collectionRef', authRecord.collection.id)
  record.set('recordRef', authRecord.id)
  return record
}

/** Whether a row's `created` date is older than `maxSeconds` (PocketBase's `HasExpired`). */
export function refRecordExpired(app: App, record: RecordModel, maxSeconds: number): boolean {
  const created = parseDateTime(record.getString('created'))
  if (!created) {
    return true
  }
  return app.now().getTime() - created.getTime() > maxSeconds * 1000
}
