/**
 * @module What an adapter hands to `createApp`: the platform pieces core cannot make itself.
 */
import type { AdminAssets } from './apis/admin-ui.js'
import type { PasswordHasher } from './auth/password-hasher.js'
import type { BackupsPlatform } from './backups/backup-platform.js'
import type { SqliteOpener } from './db/sqlite-port.js'
import type { S3StorageFactory } from './files/app-file-storage.js'
import type { FileStorage } from './files/file-storage.js'
import type { ThumbMaker } from './files/thumb-maker.js'
import type { TextResponseFactory } from './http/responses.js'
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
  /** Checks an S3 configuration by writing and deleting a test object (`POST /api/settings/test/s3`). */
  testS3?: (config: Record<string, unknown>) => Promise<void>
  /** The admin UI build served at `/_/` (absent: no dashboard). */
  adminAssets?: AdminAssets
  /** Delivers mails (SMTP/sendmail on Node); defaults to an in-memory outbox (`appMailer(app)`). */
  mailer?: Mailer
  /** Where uploaded files live (`pb_data/storage` on Node); defaults to an in-memory store. */
  files?: FileStorage
  /** Creates an S3 storage when the `s3` settings are enabled (Node); without it files stay in `files`. */
  s3Files?: S3StorageFactory
  /** Makes image thumbnails; without it `?thumb=` serves the original, as on a failed thumb. */
  thumbs?: ThumbMaker
  /** Creates and restores backups (Node: `pb_data` zips); without it backups can't be created or restored. */
  backups?: BackupsPlatform
  /**
   * Builds a response with a text body; every JSON answer goes through it. Defaults to
   * `new Response(text, init)`; Node passes one its server writes without web streams.
   */
  textResponse?: TextResponseFactory
  /**
   * Makes and checks bcrypt password hashes; defaults to bcryptjs on the calling thread. Node passes
   * a worker-thread pool. Process-wide: see `setPasswordHasher`.
   */
  passwordHasher?: PasswordHasher
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
}
