/**
 * @module The auth mail hooks of an app (PocketBase's `OnMailerRecordVerificationSend`,
 * `OnMailerRecordPasswordResetSend`, `OnMailerRecordEmailChangeSend`, `OnMailerRecordOTPSend`,
 * `OnMailerRecordAuthAlertSend`): fired with the rendered message before it goes to `sendMail` (and so
 * through `onMailerSend`); handlers may change `message` or skip `e.next()` to send nothing.
 */
import type { App } from '../app.js'
import { Hook } from '../hooks/hook.js'
import type { RecordModel } from '../records/record-model.js'
import { MailerEvent, type MailMessage } from './mailer.js'

/**
 * One auth mail about `record`. `meta` holds what the template got: `token` (verification, password
 * reset, email change), `newEmail` (email change), `otpId` and `password` (OTP), `info` (login alert).
 */
export class MailerRecordEvent extends MailerEvent {
  record: RecordModel
  meta: Record<string, unknown>

  constructor(app: App, message: MailMessage, record: RecordModel, meta: Record<string, unknown>) {
    super(app, message)
    this.record = record
    this.meta = meta
  }

  /** The record's collection name and id (for tagged hooks). */
  override tags(): string[] {
    return [this.record.collection.name, this.record.collection.id]
  }
}

/** The per-mail hooks; each wraps the send of one kind of auth mail. */
export class MailerRecordHooks {
  readonly verificationSend = new Hook<MailerRecordEvent>()
  readonly passwordResetSend = new Hook<MailerRecordEvent>()
  readonly emailChangeSend = new Hook<MailerRecordEvent>()
  readonly otpSend = new Hook<MailerRecordEvent>()
  readonly authAlertSend = new Hook<MailerRecordEvent>()
}
