/** @module A loopback SMTP server for the e2e tests: keeps every message it receives, in memory. */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

/** Where a backend's mails can be read: an SMTP catcher for servers, the Service Worker's channel. */
export interface Mailbox {
  /** the SMTP port to put in the settings */
  readonly port: number
  /** waits until a message matching `pattern` arrives and returns the first match's groups */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  close(): Promise<void>
}

/** A running mail catcher. */
export interface MailCatcher extends Mailbox {
  /** raw messages received so far (headers and body) */
  readonly messages: string[]
}

/** Starts an SMTP server on 127.0.0.1 (random port) that accepts any sender without auth. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: string[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        // quoted-printable soft line breaks would split long codes and links
        messages.push(
          Buffer.concat(chunks)
            .toString('utf8')
            .replace(/=\r?\n/g, ''),
        )
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    messages,
    async waitFor(pattern, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs
      while (Date.now() < end) {
        for (const m of messages) {
          const hit = pattern.exec(m)
          if (hit) {
            return hit
          }
        }
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`no mail matching ${pattern} (got ${messages.length})`)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
