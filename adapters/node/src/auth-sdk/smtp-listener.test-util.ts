/**
 * @module A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps every delivered
 * message, for mail flow tests.
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** A message as received on the wire. */
export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
  /** Header lines unfolded (`subject`, `to`, `message-id`, …), lower-cased names. */
  headers: Record<string, string>
  /** The decoded body parts (quoted-printable and base64 undone), in order. */
  text: string
}

/** Undoes quoted-printable encoding. */
function decodeQP(text: string): string {
  const bytes: number[] = []
  const src = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (c === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(c, 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/)
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':')
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  const body = rest.join('\n\n')
  // decode every part by its transfer encoding (good enough for nodemailer's output)
  const parts = body.split(/\r?\n--[^\r\n]+/)
  const decoded = parts.map((part) => {
    const [ph = '', ...pb] = part.split(/\r?\n\r?\n/)
    const content = pb.join('\n\n')
    if (/content-transfer-encoding:\s*quoted-printable/i.test(ph)) return decodeQP(content)
    if (/content-transfer-encoding:\s*base64/i.test(ph)) return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
    return content || ph
  })
  return { from, to, raw, headers, text: decoded.join('\n') }
}

/** A running SMTP listener. */
export interface SmtpListener {
  port: number
  mails: ReceivedMail[]
  /** Resolves with the `count`-th mail (1-based) once delivered, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail>
  close(): Promise<void>
}

/** Starts an SMTP server on 127.0.0.1:0 (no TLS, optional auth with any credentials). */
export async function startSmtpListener(): Promise<SmtpListener> {
  const mails: ReceivedMail[] = []
  const waiters: (() => void)[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' })
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
        mails.push(parse(Buffer.concat(chunks).toString('utf8'), from, session.envelope.rcptTo.map((r) => r.address)))
        for (const w of waiters.splice(0)) w()
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    mails,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while (mails.length < count) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`expected ${count} mails, got ${mails.length}`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          waiters.push(() => {
            clearTimeout(timer)
            resolve()
          })
        })
      }
      return mails[count - 1]!
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
