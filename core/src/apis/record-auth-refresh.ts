/**
 * @module `POST /api/collections/:collection/auth-refresh` (PocketBase `apis/record_auth_refresh.go`):
 * a new token for the current auth record, or the same token when it is not refreshable.
 */
import { authTokenFromRequest } from '../auth/auth-middleware.js'
import { RecordAuthRefreshRequestEvent } from '../auth/auth-request-events.js'
import { recordAuthResponseWithToken } from '../auth/auth-response.js'
import { parseUnverifiedJwt } from '../auth/jwt.js'
import { newAuthToken } from '../auth/record-tokens.js'
import { notFound } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { toBool } from '../tools/cast.js'

/** Handler of `POST …/auth-refresh` (after `requireSameCollectionContextAuth`). */
export async function recordAuthRefresh(e: RequestEvent): Promise<Response | undefined> {
  const record = e.auth
  if (!record) {
    throw notFound('Missing auth record context.')
  }
  const event = new RecordAuthRefreshRequestEvent(e, record.collection, record)
  await e.app.recordHooks.authRefreshRequest.trigger(event, async (ev) => {
    let token = authTokenFromRequest(ev.request.request)
    let refreshable = false
    try {
      refreshable = toBool(parseUnverifiedJwt(token, ev.app.now()).refreshable)
    } catch {
      refreshable = false
    }
    // impersonation and other static tokens are returned as they are
    if (refreshable) {
      token = await newAuthToken(ev.app, ev.record)
    }
    await recordAuthResponseWithToken(ev.request, ev.record, token, '')
  })
  return e.response
}
