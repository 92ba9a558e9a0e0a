/**
 * @module The data of a record event for one kind of subscriber (PocketBase's `realtimeBroadcastRecord`
 * serialisation): a clean copy of the record, hidden fields for superusers, the `onRecordEnrich` hooks,
 * `expand` with the related records' view rules, the email when the subscriber owns or manages the
 * record, then `fields`.
 */
import type { App } from '../app.js'
import { sortKeysDeep } from '../http/request-event.js'
import { expandFetchFor, triggerEnrichHooks } from '../records/record-enrich.js'
import { expandRecords } from '../records/record-expand.js'
import type { RequestInfo } from '../records/record-field-resolver-request.js'
import type { RecordModel } from '../records/record-model.js'
import { parsePickFields, pick } from '../tools/picker.js'
import { goMarshal } from './sse-frame.js'

/** How one subscriber sees the record. */
export interface RecordView {
  readonly info: RequestInfo
  readonly superuser: boolean
  /** Show the email regardless of `emailVisibility` (owner, superuser or manager). */
  readonly showEmail: boolean
}

/** `{"record":{…},"action":"…"}` as PocketBase's `json.Marshal` writes it (record first). */
export async function recordMessageData(
  app: App,
  action: string,
  record: RecordModel,
  view: RecordView,
): Promise<string> {
  const clean = record.fresh()
  if (view.superuser) {
    clean.unhide(...record.collection.fields.map((f) => f.name))
  }
  await triggerEnrichHooks(app, [clean], view.info)
  const rawExpand = view.info.query.expand ?? ''
  if (rawExpand !== '') {
    const failed = await expandRecords(
      app,
      [clean],
      rawExpand.split(','),
      expandFetchFor(app, view.info),
    )
    for (const [path, err] of failed) {
      app.logger.debug('[broadcastRecord] expand errors', {
        id: clean.id,
        path,
        error: String(err),
      })
    }
  }
  if (view.showEmail) {
    clean.ignoreEmailVisibility(true)
  }
  let exported: unknown = clean.publicExport()
  const rawFields = view.info.query.fields ?? ''
  if (rawFields !== '') {
    try {
      const fields = parsePickFields(rawFields)
      // note: PocketBase picks from the record's JSON re-decoded into maps (sorted keys)
      exported = sortKeysDeep(pick(JSON.parse(JSON.stringify(exported)) as unknown, fields))
    } catch (err) {
      app.logger.debug('[broadcastRecord] pick fields error', {
        id: clean.id,
        fields: rawFields,
        error: String(err),
      })
    }
  }
  return goMarshal({ record: exported, action })
}
