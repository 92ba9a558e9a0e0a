/**
 * @module Rule checks of the auth flows against one auth record (PocketBase's `CanAccessRecord`, used
 * for `authRule`, and the `mfa.rule` check).
 */
import type { App } from '../app.js'
import { isSuperuserInfo } from '../http/request-event.js'
import type { RequestInfo } from '../records/record-field-resolver-request.js'
import type { RecordModel } from '../records/record-model.js'
import { recordMatchesRule } from '../records/record-rules.js'

/**
 * Whether the request may access `record` under `rule`: superusers always, `null` nobody else, `''`
 * everybody, otherwise the rule must match the record's row. Rule errors throw.
 */
export async function canAccessRecord(
  app: App,
  record: RecordModel,
  info: RequestInfo,
  rule: string | null | undefined,
): Promise<boolean> {
  if (isSuperuserInfo(info)) {
    return true
  }
  if (rule === null || rule === undefined) {
    return false
  }
  if (rule === '') {
    return true
  }
  return recordMatchesRule(app, record.collection, record.id, rule, info)
}
