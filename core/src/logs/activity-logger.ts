/**
 * @module Request logs (PocketBase's `activityLogger` middleware): one `_logs` entry per request with
 * its URL, method, status, timing, auth collection and IPs, written after the response is decided.
 */
import { rawErrorMessages } from '../fields/validators.js'
import { ApiError } from '../http/api-error.js'
import { requestIP } from '../http/real-ip.js'
import type { RequestEvent } from '../http/request-event.js'
import { getSettings } from '../settings/settings-store.js'

export const DEFAULT_ACTIVITY_LOGGER_MIDDLEWARE_ID = 'pbActivityLogger'
export const DEFAULT_ACTIVITY_LOGGER_MIDDLEWARE_PRIORITY = -1040

/** Store key that skips logging successful requests (PocketBase's `SkipSuccessActivityLog`). */
export const SKIP_SUCCESS_ACTIVITY_LOG = 'pbSkipSuccessActivityLog'

const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max) + '...' : s)

/** The `onRequest` handler. */
export async function activityLogger(e: RequestEvent): Promise<void> {
  const started = performance.now()
  await e.next()
  try {
    // note: PocketBase logs float64(time.Since(start)) / float64(time.Millisecond): milliseconds
    // with nanosecond resolution, never the binary noise of a difference of two doubles
    await logRequest(e, Math.round((performance.now() - started) * 1e6) / 1e6)
  } catch {
    // logging never fails a request
  }
}

async function logRequest(e: RequestEvent, execTime: number): Promise<void> {
  if (!e.app.isBootstrapped()) {
    return
  }
  const settings = await getSettings(e.app)
  const logs = settings.logs as { maxDays?: number; logAuthId?: boolean; logIP?: boolean }
  if (!(Number(logs.maxDays) > 0)) {
    return
  }
  const status = e.response?.status ?? 0
  const failed = status >= 400
  if (!failed && e.store.has(SKIP_SUCCESS_ACTIVITY_LOG)) {
    return
  }
  const attrs: Record<string, unknown> = { type: 'request', execTime }
  const apiError = e.store.get('pbApiError')
  if (failed && apiError instanceof ApiError) {
    attrs.error = apiError.message
    // note: PocketBase logs the ApiError's raw data: the validation errors its `data` was made from
    // (their raw messages), else the wrapped Go error's text
    attrs.details =
      Object.keys(apiError.data).length > 0
        ? rawErrorMessages(apiError.data)
        : apiError.cause instanceof Error
          ? apiError.cause.message
          : (apiError.cause ?? null)
  }
  const uri = cut(e.url.pathname + e.url.search, 3000)
  const method = cut(e.request.method.toUpperCase(), 50)
  Object.assign(attrs, {
    url: uri,
    method,
    status,
    referer: cut(e.request.headers.get('referer') ?? '', 2000),
    userAgent: cut(e.request.headers.get('user-agent') ?? '', 2000),
    auth: e.auth?.collection.name ?? '',
  })
  if (e.auth && logs.logAuthId) {
    attrs.authId = e.auth.id
  }
  if (logs.logIP) {
    attrs.userIP = await requestIP(e)
    attrs.remoteIP = e.remoteIP()
  }
  let message = `${method} `
  try {
    message += decodeURIComponent(uri)
  } catch {
    message += uri
  }
  if (failed) {
    e.app.logger.error(message, attrs)
  } else {
    e.app.logger.info(message, attrs)
  }
}
