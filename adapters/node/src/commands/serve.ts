/**
 * @module `isobase serve`: PocketBase's serve command (same flags, same banner).
 */
import { corsMiddleware, triggerServe, type App } from '@isobase/core'
import { CliError, openNodeApp } from '../node-app.js'
import { bindPublicDir } from '../public-dir.js'
import { printInstallerLink } from './installer-link.js'
import { applyMigrations, enableAutomigrate, loadMigrationsOrFail } from './migrate.js'
import { ListenError, startServer, type RunningServer } from '../server.js'

/** Options of `serve`, named as PocketBase's flags. */
export interface ServeOptions {
  dir: string
  dev?: boolean
  /** `host:port`; `:port` listens on every interface. Default `127.0.0.1:8090`. */
  http?: string
  /** CORS allowed origins; default `*`. */
  origins?: string[]
  /** An app created over `dir` (e.g. an `Isobase` with the program's hooks) instead of a new one. */
  app?: App
  /** The `pb_hooks` directory to load (skipped when missing). */
  hooksDir?: string
  /** Reload `pb_hooks` when its files change. */
  hooksWatch?: boolean
  /** The `pb_migrations` directory: its pending migrations are applied before serving. */
  migrationsDir?: string
  /** Write a migration file for every collection change made through the API (needs `migrationsDir`). */
  automigrate?: boolean
  /** Static files served for GETs no route answers (PocketBase's `pb_public`). */
  publicDir?: string
  /** Serve `index.html` for missing static paths (SPA pretty URLs). Default true. */
  indexFallback?: boolean
}

/** Parses PocketBase's `--http` address (`127.0.0.1:8090`, `:8090`, `[::1]:8090`, `0.0.0.0:80`). */
export function parseHttpAddress(addr: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(addr.trim())
  const port = match ? Number(match[3]) : NaN
  if (!match || port > 65535) {
    throw new CliError(`invalid --http address "${addr}" (expected host:port, e.g. 127.0.0.1:8090)`)
  }
  const host = match[1] ?? match[2] ?? ''
  return { host: host === '' ? '0.0.0.0' : host, port }
}

/**
 * Serves until SIGINT/SIGTERM, then stops accepting connections, lets in-flight requests finish,
 * closes the databases and releases the data directory.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const { host, port } = parseHttpAddress(options.http ?? '127.0.0.1:8090')
  // note: loaded before the app opens, so a malformed migration file stops the start with nothing changed
  const migrations = options.migrationsDir !== undefined ? loadMigrationsOrFail(options.migrationsDir) : []
  const node = await openNodeApp({
    dir: options.dir,
    dev: options.dev,
    ...(options.app ? { app: options.app } : {}),
    ...(options.hooksDir !== undefined ? { hooksDir: options.hooksDir } : {}),
  })
  // note: PocketBase runs CORS before the activity logger (-1040) and the rate limiter (-1000), so
  // preflights are neither logged nor counted
  if (options.migrationsDir !== undefined) {
    try {
      await applyMigrations(node.app, migrations)
    } catch (err) {
      await node.close()
      throw err
    }
    if (options.automigrate) {
      enableAutomigrate(node.app, options.migrationsDir)
    }
  }
  node.app.onRequest.bind({ id: '__pbCors__', priority: -1041, func: corsMiddleware(options.origins ?? ['*']) })
  if (options.publicDir !== undefined) {
    bindPublicDir(node.app, options.publicDir, options.indexFallback ?? true)
  }

  let running: RunningServer | undefined
  try {
    // note: as PocketBase, onServe handlers run before the listener starts (the chain's default action)
    await triggerServe(node.app, 'node', async (se) => {
      running = await startServer(se.app, host, port)
      se.url = running.url
      se.server = running.server
    })
    if (!running) {
      throw new CliError('an onServe handler stopped the chain: the server was not started')
    }
  } catch (err) {
    await running?.close()
    await node.close()
    throw err instanceof ListenError ? new CliError(err.message, { cause: err }) : err
  }
  if (options.hooksWatch && node.hooks) {
    node.hooks.watch()
  }

  const server = running
  node.app.cron.start()
  const base = server.url
  process.stdout.write(
    `Server started at ${base}\n├─ REST API:  ${base}/api/\n└─ Dashboard: ${base}/_/\n`,
  )
  void printInstallerLink(node.app, base)

  await new Promise<void>((resolve) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        return
      }
      stopping = true
      node.app.logger.info('shutting down', { signal })
      server
        .close()
        .then(() => node.close())
        .catch((err: unknown) => {
          process.stderr.write(`Error: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`)
          process.exitCode = 1
        })
        .finally(() => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          resolve()
        })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
