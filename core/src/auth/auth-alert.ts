/**
 * @module New-login alerts (PocketBase `authAlert`): each login's origin (md5 of IP + user agent) is
 * remembered in `_authOrigins`, at most 5 per record; a login from an unknown origin mails the owner,
 * except for the very first login.
 */
import type { RequestEvent } from '../http/request-event.js'
import { requestIP } from '../http/real-ip.js'
import { sendRecordAuthAlert } from '../mails/record-mails.js'
import type { RecordModel } from '../records/record-model.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import { formatDateTime } from '../tools/datetime.js'
import { findAllAuthOriginsByRecord, newAuthOrigin } from './auth-origins.js'
import { md5Hex } from './md5.js'

/** How many origins a record keeps. */
export const MAX_AUTH_ORIGINS = 5

/** How long the alert mail may take before the login answers anyway (PocketBase: 15 s). */
export const AUTH_ALERT_MAIL_TIMEOUT_MS = 15_000

/** Records the login origin and mails an alert for a new one; throws on failures (callers log them). */
export async function sendAuthAlert(e: RequestEvent, record: RecordModel): Promise<void> {
  const app = e.app
  const ip = await requestIP(e)
  let userAgent = e.request.headers.get('user-agent') ?? ''
  if (userAgent.length > 200) {
    userAgent = userAgent.slice(0, 200) + '...'
  }
  const fingerprint = md5Hex(ip + userAgent)
  const info = `${formatDateTime(app.now())} - ${ip} ${userAgent}`

  const origins = await findAllAuthOriginsByRecord(app, record)
  const isFirstLogin = origins.length === 0
  let current = origins.find((o) => o.getString('fingerprint') === fingerprint)
  const isNewOrigin = current === undefined
  current ??= newAuthOrigin(app, record, fingerprint)

  if (!isFirstLogin && isNewOrigin && record.getString('email') !== '') {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('auth alert mail send wait timeout reached')), AUTH_ALERT_MAIL_TIMEOUT_MS)
    })
    try {
      await Promise.race([sendRecordAuthAlert(app, record, info), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  // keep at most MAX_AUTH_ORIGINS (drop the oldest ones, outside a transaction as PocketBase does)
  if (isNewOrigin && origins.length >= MAX_AUTH_ORIGINS) {
    for (let i = origins.length - 1; i >= MAX_AUTH_ORIGINS - 1; i--) {
      await deleteRecord(app, origins[i]!).catch((err: unknown) =>
        app.logger.warn('Failed to delete old AuthOrigin record', { error: String(err), authOriginId: origins[i]!.id }),
      )
    }
  }
  await saveRecord(app, current)
}
