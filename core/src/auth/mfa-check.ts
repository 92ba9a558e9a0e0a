/**
 * @module The MFA step of an authentication (PocketBase `checkMFA`): the first method opens an `_mfas`
 * session and the client must come back with a different method and that session's id.
 */
import { ApiError, badRequest, internalError } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import type { RecordModel } from '../records/record-model.js'
import { recordMatchesRule } from '../records/record-rules.js'
import { deleteRecord } from '../records/record-save.js'
import { createMFA, findMFAById, mfaExpired } from './mfa.js'

interface MfaOptions {
  enabled?: boolean
  duration?: number
  rule?: string
}

/** Whether MFA applies to the record (empty rule: always; otherwise the rule must match). */
async function wantsMFA(e: RequestEvent, record: RecordModel, rule: string): Promise<boolean> {
  if (rule === '') {
    return true
  }
  // note: unlike API rules, a superuser requester doesn't skip the MFA rule (PocketBase runs the query)
  return recordMatchesRule(e.app, record.collection, record.id, rule, await e.requestInfo())
}

/**
 * Runs the MFA check for a successful `authMethod`. Returns the new session id when a second factor is
 * needed, `''` when the authentication may complete; throws 400s for bad sessions.
 */
export async function checkMFA(e: RequestEvent, record: RecordModel, authMethod: string): Promise<string> {
  const mfa = (record.collection.mfa ?? {}) as MfaOptions
  if (!mfa.enabled || authMethod === '') {
    return ''
  }
  let wanted: boolean
  try {
    wanted = await wantsMFA(e, record, typeof mfa.rule === 'string' ? mfa.rule : '')
  } catch (err) {
    throw badRequest('Failed to authenticate.', {}, err)
  }
  if (!wanted) {
    return ''
  }

  let mfaId = e.url.searchParams.get('mfaId') ?? ''
  if (mfaId === '') {
    const body = (await e.body()).data
    const raw = body.mfaId
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      throw badRequest('Failed to read MFA Id')
    }
    mfaId = raw ?? ''
  }

  if (mfaId === '') {
    try {
      return (await createMFA(e.app, record, authMethod)).id
    } catch (err) {
      throw err instanceof ApiError ? err : internalError('Failed to create MFA record', err)
    }
  }

  const session = await findMFAById(e.app, mfaId)
  if (!session || mfaExpired(e.app, session, Number(mfa.duration ?? 0))) {
    if (session) {
      await deleteRecord(e.app, session).catch((err: unknown) =>
        e.app.logger.warn('Failed to delete expired MFA record', { error: String(err), mfaId: session.id }),
      )
    }
    throw badRequest('Invalid or expired MFA session.')
  }
  if (session.getString('recordRef') !== record.id || session.getString('collectionRef') !== record.collection.id) {
    throw badRequest('Invalid MFA session.')
  }
  if (session.getString('method') === authMethod) {
    throw badRequest('A different authentication method is required.')
  }
  await deleteRecord(e.app, session).catch((err: unknown) =>
    e.app.logger.warn('Failed to delete MFA record', { error: String(err), mfaId: session.id }),
  )
  return ''
}
