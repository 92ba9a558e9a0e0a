/**
 * @module The auth mails of a record (PocketBase `mails/record.go`): verification, password reset,
 * email change, OTP and new-login alert, rendered from the collection's templates.
 */
import type { App } from '../app.js'
import {
  newEmailChangeToken,
  newPasswordResetToken,
  newVerificationToken,
} from '../auth/record-tokens.js'
import type { EmailTemplate } from '../collections/auth-templates.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import type { RecordModel } from '../records/record-model.js'
import { INSTALLER_EMAIL } from '../records/superuser-hooks.js'
import { getSettings } from '../settings/settings-store.js'
import { toString } from '../tools/cast.js'
import { renderMailLayout } from './mail-layout.js'
import { MailerRecordEvent, type MailerRecordHooks } from './mailer-record-hooks.js'
import { sendMail, type MailMessage } from './mailer.js'

/** Field types whose values go into `{RECORD:field}` without HTML escaping (they can't hold markup). */
const NON_ESCAPED_TYPES = new Set(['autodate', 'date', 'bool', 'number'])

/** Escapes text for HTML like Go's `html.EscapeString`. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
}

function templateOf(value: unknown): EmailTemplate {
  const t = (value ?? {}) as Partial<EmailTemplate>
  return { subject: toString(t.subject), body: toString(t.body) }
}

/**
 * Renders a template: `{APP_NAME}`, `{APP_URL}`, `{RECORD:<field>}` for every non-hidden field, and the
 * given extra placeholders; the body is wrapped in the mail layout.
 */
export async function renderRecordTemplate(
  app: App,
  record: RecordModel,
  template: EmailTemplate,
  extra: Record<string, string> = {},
): Promise<{ subject: string; html: string }> {
  const settings = await getSettings(app)
  const values = new Map<string, string>(Object.entries(extra))
  if (!values.has('{APP_NAME}')) values.set('{APP_NAME}', settings.meta.appName)
  if (!values.has('{APP_URL}')) values.set('{APP_URL}', settings.meta.appURL)
  for (const field of record.collection.fields) {
    const key = `{RECORD:${field.name}}`
    if (field.hidden || values.has(key)) {
      continue
    }
    const raw = record.getString(field.name)
    values.set(key, NON_ESCAPED_TYPES.has(field.type) ? raw : escapeHtml(raw))
  }
  // note: one pass over the text, so a value that happens to contain a placeholder stays as it is
  const pattern = new RegExp([...values.keys()].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  const resolve = (text: string) => (values.size === 0 ? text : text.replace(pattern, (m) => values.get(m) ?? m))
  return { subject: resolve(template.subject), html: renderMailLayout(resolve(template.body)) }
}

async function sendRecordMail(
  app: App,
  record: RecordModel,
  template: EmailTemplate,
  to: string,
  extra: Record<string, string>,
  hook: keyof MailerRecordHooks,
  meta: Record<string, unknown>,
): Promise<MailMessage> {
  const settings = await getSettings(app)
  const { subject, html } = await renderRecordTemplate(app, record, template, extra)
  const message: MailMessage = {
    from: { name: settings.meta.senderName, address: settings.meta.senderAddress },
    to: [{ address: to }],
    subject,
    html,
  }
  const event = new MailerRecordEvent(app, message, record, meta)
  await app.mailerHooks[hook].trigger(event, (e) => sendMail(e.app, e.message))
  return event.message
}

/** Sends the email verification mail with a fresh verification token. */
export async function sendRecordVerification(app: App, record: RecordModel): Promise<void> {
  const token = await newVerificationToken(app, record)
  const template = templateOf(record.collection.verificationTemplate)
  await sendRecordMail(app, record, template, record.getString('email'), { '{TOKEN}': token }, 'verificationSend', {
    token,
  })
}

/** Sends the password reset mail with a fresh password reset token. */
export async function sendRecordPasswordReset(app: App, record: RecordModel): Promise<void> {
  if (record.collection.name === SUPERUSERS && record.getString('email') === INSTALLER_EMAIL) {
    throw new Error('cannot reset the password for the installer superuser')
  }
  const token = await newPasswordResetToken(app, record)
  const template = templateOf(record.collection.resetPasswordTemplate)
  await sendRecordMail(app, record, template, record.getString('email'), { '{TOKEN}': token }, 'passwordResetSend', {
    token,
  })
}

/** Sends the email change confirmation to the new address. */
export async function sendRecordChangeEmail(app: App, record: RecordModel, newEmail: string): Promise<void> {
  const token = await newEmailChangeToken(app, record, newEmail)
  const template = templateOf(record.collection.confirmEmailChangeTemplate)
  await sendRecordMail(app, record, template, newEmail, { '{TOKEN}': token }, 'emailChangeSend', {
    token,
    newEmail,
  })
}

/** Sends a one-time password; returns the address it went to (after the send hooks). */
export async function sendRecordOTP(app: App, record: RecordModel, otpId: string, password: string): Promise<string> {
  const otp = (record.collection.otp ?? {}) as { emailTemplate?: unknown }
  const message = await sendRecordMail(
    app,
    record,
    templateOf(otp.emailTemplate),
    record.getString('email'),
    { '{OTP_ID}': otpId, '{OTP}': password },
    'otpSend',
    { otpId, password },
  )
  return message.to[0]?.address ?? ''
}

/** Sends the "login from a new location" alert; `info` is plain text (escaped here). */
export async function sendRecordAuthAlert(app: App, record: RecordModel, info: string): Promise<void> {
  const alert = (record.collection.authAlert ?? {}) as { emailTemplate?: unknown }
  const escaped = escapeHtml(info)
  await sendRecordMail(
    app,
    record,
    templateOf(alert.emailTemplate),
    record.getString('email'),
    { '{ALERT_INFO}': escaped },
    'authAlertSend',
    { info: escaped },
  )
}
