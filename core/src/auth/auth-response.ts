/**
 * @module The answer to a successful authentication (PocketBase `apis/record_helpers.go`
 * `RecordAuthResponse`): superuser IP whitelist, the collection's `authRule`, the MFA step, the
 * enriched record, the new-login alert and `{meta?, record, token}`.
 */
import { forbidden, ApiError } from '../http/api-error.js'
import { authExport, type RequestEvent } from '../http/request-event.js'
import { isIPInList, requestIP } from '../http/real-ip.js'
import { enrichRecords } from '../records/record-enrich.js'
import { RecordAuthRequestEvent } from '../records/record-events.js'
import type { RecordModel } from '../records/record-model.js'
import { getSettings } from '../settings/settings-store.js'
import { sendAuthAlert } from './auth-alert.js'
import { isSuperuser } from './auth-record.js'
import { canAccessRecord } from './auth-rules.js'
import { checkMFA } from './mfa-check.js'
import { newAuthToken } from './record-tokens.js'

/**
 * Answers with a new auth token for `record`. `authMethod` (`password`, `otp`, `oauth2`) drives MFA and
 * the login alert; pass `''` to skip both (refresh, impersonate).
 */
export async function recordAuthResponse(
  e: RequestEvent,
  record: RecordModel,
  authMethod: string,
  meta?: Record<string, unknown>,
): Promise<Response> {
  const token = await newAuthToken(e.app, record)
  return recordAuthResponseWithToken(e, record, token, authMethod, meta)
}

/** Like {@link recordAuthResponse} with an already issued token. */
export async function recordAuthResponseWithToken(
  e: RequestEvent,
  record: RecordModel,
  token: string,
  authMethod: string,
  meta?: Record<string, unknown>,
): Promise<Response> {
  const app = e.app
  const settings = await getSettings(app)
  if (isSuperuser(record) && settings.superuserIPs.length > 0 && !isIPInList(settings.superuserIPs, await requestIP(e))) {
    throw forbidden(undefined, new Error('superuser IP is not whitelisted'))
  }

  const info = await e.requestInfo()
  let allowed = false
  let cause: unknown
  try {
    allowed = await canAccessRecord(app, record, info, record.collection.authRule as string | null | undefined)
  } catch (err) {
    cause = err
  }
  if (!allowed) {
    if (cause instanceof ApiError) {
      throw cause
    }
    throw forbidden("The request doesn't satisfy the collection requirements to authenticate.", cause)
  }

  // note: as PocketBase, the hook wraps the MFA step, the enrichment, the login alert and the response
  const event = new RecordAuthRequestEvent(e, record, token, authMethod, meta)
  await app.recordHooks.authRequest.trigger(event, async (ev) => {
    if (ev.request.response) {
      return
    }
    const mfaId = await checkMFA(ev.request, ev.record, ev.authMethod)
    if (mfaId !== '') {
      // note: PocketBase answers the MFA step with a bare `{"mfaId": …}`, not its error envelope
      ev.request.json(401, { mfaId })
      return
    }

    await enrichRecords(ev.app, [ev.record], { ...info, auth: authExport(ev.record) })
    ev.record.ignoreEmailVisibility(true)

    const alert = (ev.record.collection.authAlert ?? {}) as { enabled?: boolean }
    if (ev.authMethod !== '' && alert.enabled) {
      await sendAuthAlert(ev.request, ev.record).catch((err: unknown) =>
        ev.app.logger.warn('[recordAuthResponse] Failed to send login alert', { error: String(err) }),
      )
    }

    const body: Record<string, unknown> = {}
    if (ev.meta !== undefined) {
      body.meta = ev.meta
    }
    body.record = ev.record
    body.token = ev.token
    ev.request.json(200, body)
  })
  return e.response!
}
