/**
 * @module OAuth2 links (`_externalAuths`, PocketBase `core/external_auth_*.go`): provider + provider
 * user id → auth record.
 */
import type { App } from '../app.js'
import { EXTERNAL_AUTHS } from '../collections/system-collections.js'
import type { RecordModel } from '../records/record-model.js'
import { findRecordsWhere } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { deleteRefRecords, findRefRecords, newRefRecord } from './auth-ref-records.js'

/** The link of `providerId` at `provider` into `collectionId`, if any. */
export async function findExternalAuth(
  app: App,
  collectionId: string,
  provider: string,
  providerId: string,
): Promise<RecordModel | undefined> {
  const [found] = await findRecordsWhere(
    app,
    EXTERNAL_AUTHS,
    'collectionRef = ? AND provider = ? AND providerId = ?',
    [collectionId, provider, providerId],
    1,
  )
  return found
}

/** Every link of `authRecord`, newest first. */
export function findAllExternalAuthsByRecord(app: App, authRecord: RecordModel): Promise<RecordModel[]> {
  return findRefRecords(app, EXTERNAL_AUTHS, authRecord)
}

/** Deletes every link of `authRecord`. */
export function deleteAllExternalAuthsByRecord(app: App, authRecord: RecordModel): Promise<void> {
  return deleteRefRecords(app, EXTERNAL_AUTHS, authRecord)
}

/** Creates and saves a link of `authRecord` to `providerId` at `provider`. */
export async function createExternalAuth(
  app: App,
  authRecord: RecordModel,
  provider: string,
  providerId: string,
): Promise<RecordModel> {
  const link = newRefRecord(app, EXTERNAL_AUTHS, authRecord)
  link.set('provider', provider)
  link.set('providerId', providerId)
  await saveRecord(app, link)
  return link
}
