/**
 * @module What an adapter hands to `createApp`: the platform pieces core cannot make itself.
 */
import type { AdminAssets } from './apis/admin-ui.js'
import type { SqliteOpener } from './db/sqlite-port.js'
import type { Mailer } from './mails/mailer.js'

/** Structured log sink. Attributes are plain JSON-able values. */
export interface Logger {
  debug(message: string, attrs?: Record<string, unknown>): void
  info(message: string, attrs?: Record<string, unknown>): void
  warn(message: string, attrs?: Record<string, unknown>): void
  error(message: string, attrs?: Record<string, unknown>): void
}

/** The platform port. Only `sqlite` is required; the rest have web-standard defaults. */
export interface Platform {
  /** Opens `data` and `auxiliary` databases. */
  sqlite: SqliteOpener
  /** The clock (tests pass a fixed one). */
  now?: () => Date
  /** Where logs go; defaults to a silent logger. */
  logger?: Logger
  /** The admin UI build served at `/_/` (absent: no dashboard). */
  adminAssets?: AdminAssets
  /** Delivers mails (SMTP/sendmail on Node); defaults to an in-memory outbox (`appMailer(app)`). */
  mailer?: Mailer
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
}
