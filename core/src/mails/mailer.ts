/**
 * @module The mailer port: how core hands a rendered message to the platform (SMTP/sendmail on Node, an
 * observable outbox in the browser), plus the app-level send hook (PocketBase's `OnMailerSend`).
 */
import type { App } from '../app.js'
import { Hook, HookEvent } from '../hooks/hook.js'
import type { SmtpSettings } from '../settings/settings-store.js'
import { getSettings } from '../settings/settings-store.js'
import { htmlToText } from './html-to-text.js'

/** A mailbox: `name <address>`. */
export interface MailAddress {
  name?: string
  address: string
}

/** A message ready to send (PocketBase's `mailer.Message`). */
export interface MailMessage {
  from: MailAddress
  to: MailAddress[]
  cc?: MailAddress[]
  bcc?: MailAddress[]
  subject: string
  html: string
  /** Plain-text part; derived from `html` when empty. */
  text?: string
  headers?: Record<string, string>
  /** File name → content. */
  attachments?: Record<string, Uint8Array | Blob>
}

/** What the platform mailer gets with each message. */
export interface MailContext {
  /** The app's current SMTP settings (`enabled: false` means "use the platform's local mailer"). */
  smtp: SmtpSettings
}

/** The platform piece that delivers messages. */
export interface Mailer {
  send(message: MailMessage, context: MailContext): Promise<void>
}

/**
 * A mailer that delivers nowhere and keeps the last messages (the default when the platform has no
 * mailer; browser apps read `messages` or subscribe with `onSend`).
 */
export class MemoryMailer implements Mailer {
  readonly messages: MailMessage[] = []
  readonly #listeners = new Set<(message: MailMessage) => void>()

  constructor(readonly limit = 100) {}

  async send(message: MailMessage, _context?: MailContext): Promise<void> {
    this.messages.push(message)
    if (this.messages.length > this.limit) {
      this.messages.splice(0, this.messages.length - this.limit)
    }
    for (const listener of this.#listeners) {
      try {
        listener(message)
      } catch {
        // a listener must not fail the send
      }
    }
  }

  /** Calls `listener` for every message sent from now on; returns an unsubscribe function. */
  onSend(listener: (message: MailMessage) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** The last message sent, if any. */
  lastMessage(): MailMessage | undefined {
    return this.messages[this.messages.length - 1]
  }
}

/** The event of the app-level send hook; handlers may change `message` or skip `e.next()`. */
export class MailerEvent extends HookEvent {
  constructor(
    public app: App,
    public message: MailMessage,
  ) {
    super()
  }

  tags(): string[] {
    return []
  }
}

const fallbackMailers = new WeakMap<object, MemoryMailer>()
const sendHooks = new WeakMap<object, Hook<MailerEvent>>()

/** The app's mailer: the platform's, or a per-app {@link MemoryMailer}. */
export function appMailer(app: App): Mailer {
  if (app.platform.mailer) {
    return app.platform.mailer
  }
  let mailer = fallbackMailers.get(app.platform)
  if (!mailer) {
    mailer = new MemoryMailer()
    fallbackMailers.set(app.platform, mailer)
  }
  return mailer
}

/** The hook every message passes through before the platform mailer (PocketBase's `OnMailerSend`). */
export function onMailerSend(app: App): Hook<MailerEvent> {
  let hook = sendHooks.get(app.platform)
  if (!hook) {
    hook = new Hook<MailerEvent>()
    sendHooks.set(app.platform, hook)
  }
  return hook
}

/** Sends a message through the send hook and the platform mailer; throws when delivery fails. */
export async function sendMail(app: App, message: MailMessage): Promise<void> {
  const settings = await getSettings(app)
  const event = new MailerEvent(app, message)
  await onMailerSend(app).trigger(event, async (e) => {
    const msg = e.message
    if (!msg.text) {
      msg.text = htmlToText(msg.html)
    }
    await appMailer(e.app).send(msg, { smtp: { ...settings.smtp } })
  })
}
