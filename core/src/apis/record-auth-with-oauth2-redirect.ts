/**
 * @module `GET|POST /api/oauth2-redirect` (PocketBase `apis/record_auth_with_oauth2_redirect.go`): the
 * provider's redirect target in the SDK's all-in-one OAuth2 flow. It forwards `{state, code, error}`
 * to the realtime client whose id is `state` (same IP, subscribed to `@oauth2`).
 */
import {
  findOAuth2Client,
  OAUTH2_SUBSCRIPTION_TOPIC,
} from '../auth/oauth2/oauth2-redirect-clients.js'
import { requestIP } from '../http/real-ip.js'
import type { RequestEvent } from '../http/request-event.js'
import { appStore } from '../tools/app-store.js'
import { toString } from '../tools/cast.js'

/** App store prefix of the Apple user name forwarded to `auth-with-oauth2` (Apple only sends it here). */
export const APPLE_NAME_KEY_PREFIX = '@redirect_name_'

/** Where the browser lands after the redirect (the dashboard's success/failure pages). */
export const OAUTH2_REDIRECT_SUCCESS_PATH = '../_/#/auth/oauth2-redirect-success'
export const OAUTH2_REDIRECT_FAILURE_PATH = '../_/#/auth/oauth2-redirect-failure'

function redirect(e: RequestEvent, location: string): Response {
  // note: 307 keeps GET a GET; a form_post (POST) redirect becomes a GET with 303
  const status = e.request.method === 'GET' ? 307 : 303
  e.response = new Response(null, { status, headers: { location } })
  return e.response
}

const failure = (e: RequestEvent) => redirect(e, OAUTH2_REDIRECT_FAILURE_PATH)
const success = (e: RequestEvent) => redirect(e, OAUTH2_REDIRECT_SUCCESS_PATH)

function storeAppleName(e: RequestEvent, code: string, serialized: string): void {
  const key = APPLE_NAME_KEY_PREFIX + code
  if (key.length > 1000) {
    return
  }
  const parsed = JSON.parse(serialized) as { name?: { firstName?: unknown; lastName?: unknown } }
  let fullName = `${toString(parsed?.name?.firstName)} ${toString(parsed?.name?.lastName)}`
  if (fullName.length > 150) {
    fullName = fullName.slice(0, 150)
  }
  fullName = fullName.trim()
  if (fullName !== '') {
    appStore(e.app).set(key, fullName, 60_000)
  }
}

/** Handler of `GET|POST /api/oauth2-redirect`. */
export async function oauth2SubscriptionRedirect(e: RequestEvent): Promise<Response> {
  let data: { state: string; code: string; error: string; user: string }
  if (e.request.method === 'POST') {
    try {
      const body = (await e.body()).data
      data = { state: toString(body.state), code: toString(body.code), error: toString(body.error), user: toString(body.user) }
    } catch (err) {
      e.app.logger.debug('Failed to read OAuth2 redirect data', { error: String(err) })
      return failure(e)
    }
  } else {
    const q = e.url.searchParams
    data = { state: q.get('state') ?? '', code: q.get('code') ?? '', error: q.get('error') ?? '', user: '' }
  }
  if (data.state === '') {
    e.app.logger.debug('Missing OAuth2 state parameter')
    return failure(e)
  }
  const client = findOAuth2Client(e.app, data.state)
  if (!client || client.isDiscarded() || !client.hasSubscription(OAUTH2_SUBSCRIPTION_TOPIC)) {
    e.app.logger.debug('Missing or invalid OAuth2 subscription client', { clientId: data.state })
    return failure(e)
  }
  try {
    // an XSRF guard: the browser that finishes the login must be the one that started it
    const clientIP = client.ip() ?? ''
    if (clientIP !== '' && clientIP !== (await requestIP(e))) {
      e.app.logger.debug('The client IP that completed the authentication is different from the one that initialized the OAuth2 realtime connection')
      return failure(e)
    }
    if (data.user !== '' && data.error === '' && data.code !== '') {
      try {
        storeAppleName(e, data.code, data.user)
      } catch (err) {
        e.app.logger.debug('Failed to parse and load Apple Redirect name data', { error: String(err) })
      }
    }
    const message: Record<string, string> = { state: data.state, code: data.code }
    if (data.error !== '') {
      message.error = data.error
    }
    client.send(OAUTH2_SUBSCRIPTION_TOPIC, JSON.stringify(message))
  } finally {
    client.unsubscribe(OAUTH2_SUBSCRIPTION_TOPIC)
  }
  if (data.error !== '' || data.code === '') {
    e.app.logger.debug('Failed OAuth2 redirect due to an error or missing code parameter', { error: data.error, clientId: data.state })
    return failure(e)
  }
  return success(e)
}
