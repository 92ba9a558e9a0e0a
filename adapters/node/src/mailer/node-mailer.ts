/**
 * @module Mail delivery on Node, as PocketBase does it: SMTP (nodemailer) when `settings.smtp.enabled`,
 * otherwise the local `sendmail` binary (`sendmail -i -t`).
 */
import { randomBytes } from 'node:crypto'
import type { Mailer, MailContext, MailMessage, SmtpSettings } from '@isobase/core'
import { findSendmailPath, sendmail } from './sendmail.js'

/** Options of {@link NodeMailer}. */
export interface NodeMailerOptions {
  /** The sendmail binary when SMTP is off; default: PocketBase's lookup (`/usr/sbin/sendmail`, …, PATH). */
  sendmailPath?: string
  /** SMTP connection timeout in ms (default 30 s). */
  connectionTimeoutMs?: number
}

function address(a: { name?: string; address: string }): string | { name: string; address: string } {
  return a.name ? { name: a.name, address: a.address } : a.address
}

/** PocketBase's Message-ID: `<15 random chars@sender domain>`. */
function messageId(from: string): string | undefined {
  const parts = from.split('@')
  if (parts.length !== 2) {
    return undefined
  }
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  const id = [...randomBytes(15)].map((b) => alphabet[b % alphabet.length]).join('')
  return `<${id}@${parts[1]}>`
}

/** Sends over SMTP with the app's settings (STARTTLS when offered unless `tls` forces implicit TLS). */
export async function sendSmtp(smtp: SmtpSettings, message: MailMessage, timeoutMs = 30_000): Promise<void> {
  const auth =
    smtp.username !== '' || smtp.password !== ''
      ? { user: smtp.username, pass: smtp.password, method: smtp.authMethod === 'LOGIN' ? 'LOGIN' : 'PLAIN' }
      : undefined
  // note: loaded on first use (about 14 MB of resident memory a server without SMTP never needs)
  const { default: nodemailer } = await import('nodemailer')
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls,
    name: smtp.localName || 'localhost',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(auth ? { auth } : {}),
  })
  try {
    const headers: Record<string, string> = { ...(message.headers ?? {}) }
    const hasMessageId = Object.keys(headers).some((k) => k.toLowerCase() === 'message-id')
    const id = hasMessageId ? undefined : messageId(message.from.address)
    await transport.sendMail({
      from: address(message.from),
      to: message.to.map(address),
      ...(message.cc?.length ? { cc: message.cc.map(address) } : {}),
      ...(message.bcc?.length ? { bcc: message.bcc.map(address) } : {}),
      subject: message.subject,
      html: message.html,
      text: message.text ?? '',
      headers,
      ...(id ? { messageId: id } : {}),
      attachments: Object.entries(message.attachments ?? {}).map(([filename, content]) => ({
        filename,
        content: content instanceof Uint8Array ? Buffer.from(content) : Buffer.from(''),
      })),
    })
  } finally {
    transport.close()
  }
}

/** The Node platform mailer. */
export class NodeMailer implements Mailer {
  readonly #options: NodeMailerOptions

  constructor(options: NodeMailerOptions = {}) {
    this.#options = options
  }

  async send(message: MailMessage, context: MailContext): Promise<void> {
    if (context.smtp.enabled) {
      await sendSmtp(context.smtp, message, this.#options.connectionTimeoutMs)
      return
    }
    const path = this.#options.sendmailPath ?? findSendmailPath()
    if (!path) {
      throw new Error('failed to locate a sendmail executable path')
    }
    await sendmail(path, message)
  }
}
