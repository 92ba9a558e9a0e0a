/**
 * @module Opens an app over a `pb_data` directory: checks the directory, takes the ownership lock, and
 * hands core the Node platform pieces.
 */
import { accessSync, constants, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { createApp, type App, type Logger, type Platform } from '@isobase/core'
import { loadAdminAssets } from './admin-assets.js'
import { sharedBcryptPool } from './auth/bcrypt-pool.js'
import { NodeBackupsPlatform } from './backups/node-backups.js'
import { loadHooksDir, type HooksController } from './hooks/hooks-loader.js'
import { nodeTextResponse } from './http/text-response.js'
import { NodeMailer } from './mailer/node-mailer.js'
import { acquirePbDataLock, type PbDataLock } from './pb-data-lock.js'
import { bindPlayground } from './playground.js'
import { createNodeSqliteOpener } from './sqlite/node-sqlite.js'
import { nodeFilePlatform } from './storage/node-file-platform.js'

/** An app bound to a data directory, with the lock that keeps other processes out. */
export interface NodeApp {
  readonly app: App
  readonly dataDir: string
  /** The loaded `pb_hooks` files, when a hooks directory was given and exists. */
  readonly hooks: HooksController | undefined
  /** Closes the app and releases the directory lock. */
  close(): Promise<void>
}

/** Options for {@link openNodeApp}. */
export interface NodeAppOptions {
  /** The `pb_data` directory; created when missing. */
  dir: string
  /** Print debug logs (PocketBase's `--dev`). */
  dev?: boolean
  /**
   * An app already created over `dir` (with {@link nodePlatform}, e.g. an `Isobase`) to open instead of
   * a new one; its hooks stay bound.
   */
  app?: App
  /** Load `*.pb.js` / `*.pb.ts` from this directory before bootstrap (skipped when it doesn't exist). */
  hooksDir?: string
}

/** A one-line, user-facing failure (printed without a stack trace by the CLI). */
export class CliError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CliError'
  }
}

/**
 * Prepares the data directory, takes its lock and bootstraps the app. Any failure is a `CliError`
 * whose message is one clear line.
 */
export async function openNodeApp(options: NodeAppOptions): Promise<NodeApp> {
  const dataDir = resolve(options.dir)
  ensureWritableDir(dataDir)

  let lock: PbDataLock
  try {
    lock = acquirePbDataLock(dataDir)
  } catch (err) {
    throw new CliError(errorMessage(err), { cause: err })
  }

  const app = options.app ?? createApp(nodePlatform(dataDir, options.dev ?? false))
  bindPlayground(app)
  let hooks: HooksController | undefined
  try {
    if (options.hooksDir !== undefined) {
      hooks = await loadHooksDir(app, resolve(options.hooksDir))
    }
  } catch (err) {
    await app.close().catch(() => {})
    lock.release()
    throw new CliError(errorMessage(err), { cause: err })
  }
  try {
    await app.bootstrap()
  } catch (err) {
    hooks?.close()
    await app.close().catch(() => {})
    lock.release()
    throw new CliError(`failed to open ${dataDir}: ${errorMessage(err)}`, { cause: err })
  }

  let closed = false
  return {
    app,
    dataDir,
    hooks,
    async close() {
      if (closed) {
        return
      }
      closed = true
      hooks?.close()
      try {
        await app.close()
      } finally {
        lock.release()
      }
    },
  }
}

/**
 * The Node platform over a data directory: WASM SQLite files, local/S3 storage, SMTP, admin UI.
 * `queryTimeoutMs` limits read-only statements (PocketBase's `--queryTimeout`; default 30 s).
 */
export function nodePlatform(dataDir: string, dev: boolean, options: { queryTimeoutMs?: number } = {}): Platform {
  const adminAssets = loadAdminAssets()
  return {
    sqlite: createNodeSqliteOpener(
      dataDir,
      options.queryTimeoutMs !== undefined ? { queryTimeoutMs: options.queryTimeoutMs } : {},
    ),
    logger: consoleLogger(dev),
    mailer: new NodeMailer(),
    ...(adminAssets ? { adminAssets } : {}),
    ...nodeFilePlatform(dataDir),
    backups: new NodeBackupsPlatform(dataDir),
    textResponse: nodeTextResponse,
    passwordHasher: sharedBcryptPool(),
  }
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : errorMessage(err)
    throw new CliError(`cannot use data directory ${dir}: ${reason}`, { cause: err })
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Logs to stderr; debug lines only in dev mode. */
export function consoleLogger(dev: boolean): Logger {
  const line = (level: string, message: string, attrs?: Record<string, unknown>) => {
    const extra = attrs && Object.keys(attrs).length > 0 ? ' ' + JSON.stringify(attrs) : ''
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}${extra}\n`)
  }
  return {
    debug: (m, a) => dev && line('DEBUG', m, a),
    info: (m, a) => dev && line('INFO', m, a),
    warn: (m, a) => line('WARN', m, a),
    error: (m, a) => line('ERROR', m, a),
  }
}
