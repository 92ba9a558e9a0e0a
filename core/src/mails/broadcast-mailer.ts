/**
 * @module A mailer for browser homes: keeps the outbox like {@link MemoryMailer} and posts every
 * message on a `BroadcastChannel`, so a page can watch the mails its Service Worker or Worker sends
 * (`new BroadcastChannel('isobase:mails').onmessage = (e) => …`).
 */
import { MemoryMailer, type MailContext, type MailMessage } from './mailer.js'

/** The default channel name. */
export const MAILS_CHANNEL = 'isobase:mails'

/** What goes over the channel: the message without attachments' bytes (names only). */
export interface BroadcastMail {
  type: 'mail'
  sentAt: string
  message: Omit<MailMessage, 'attachments'> & { attachments: string[] }
}

/** A {@link MemoryMailer} that also broadcasts each message. */
export class BroadcastMailer extends MemoryMailer {
  readonly #channel: InstanceType<typeof BroadcastChannel>

  constructor(channelName = MAILS_CHANNEL, limit = 100) {
    super(limit)
    this.#channel = new BroadcastChannel(channelName)
  }

  override async send(message: MailMessage, context: MailContext): Promise<void> {
    await super.send(message, context)
    const { attachments, ...rest } = message
    const payload: BroadcastMail = {
      type: 'mail',
      sentAt: new Date().toISOString(),
      message: { ...rest, attachments: Object.keys(attachments ?? {}) },
    }
    this.#channel.postMessage(payload)
  }

  /** Closes the channel (the outbox stays readable). */
  close(): void {
    this.#channel.close()
  }
}
