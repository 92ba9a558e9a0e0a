/**
 * @module The local mailer when SMTP is off (PocketBase's `mailer.Sendmail`): the message as headers
 * plus the HTML body, piped to `sendmail -i -t`.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { MailAddress, MailMessage } from '@isobase/core'

/** PocketBase's lookup: `/usr/sbin/sendmail`, `/usr/bin/sendmail`, then `sendmail` on PATH. */
export function findSendmailPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = ['/usr/sbin/sendmail', '/usr/bin/sendmail', ...(env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'sendmail'))]
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK)
      return path
    } catch {
      // next
    }
  }
  return undefined
}

/** RFC 2047 Q-encoding of a header value when it is not plain ASCII (Go's `mime.QEncoding`). */
export function qEncode(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) {
    return text
  }
  let out = ''
  for (const b of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(b)
    if (b === 0x20) out += '_'
    else if (/[A-Za-z0-9!*+\-/]/.test(ch)) out += ch
    else out += '=' + b.toString(16).toUpperCase().padStart(2, '0')
  }
  return `=?utf-8?q?${out}?=`
}

/** Go's `mail.Address.String`: a quoted (or Q-encoded) display name and the address in brackets. */
function formatAddress(a: MailAddress): string {
  if (!a.name) {
    return `<${a.address}>`
  }
  const name = /^[\x20-\x7e]*$/.test(a.name) ? `"${a.name.replace(/["\\]/g, '\\$&')}"` : qEncode(a.name)
  return `${name} <${a.address}>`
}

/** The raw message PocketBase hands to sendmail. */
export function sendmailMessage(message: MailMessage): string {
  const headers: [string, string][] = [
    ['Content-Type', 'text/html; charset=UTF-8'],
    ['From', formatAddress(message.from)],
    ['Subject', qEncode(message.subject)],
    ['To', message.to.map((a) => a.address).join(',')],
  ]
  if (message.cc?.length) headers.push(['Cc', message.cc.map((a) => a.address).join(',')])
  if (message.bcc?.length) headers.push(['Bcc', message.bcc.map((a) => a.address).join(',')])
  headers.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n' + (message.html !== '' ? message.html : (message.text ?? ''))
}

/** Pipes the message to `path -i -t`; rejects when the binary fails. */
export function sendmail(path: string, message: MailMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, ['-i', '-t'], { stdio: ['pipe', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`sendmail exited with ${code}: ${stderr.trim()}`))
    })
    child.stdin.on('error', () => {})
    child.stdin.end(sendmailMessage(message))
  })
}
