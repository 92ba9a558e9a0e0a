/**
 * @module `isobase serve`: PocketBase's serve command (same flags, same banner).
 */
import { corsMiddleware } from '@isobase/core'
import { CliError, openNodeApp } from '../node-app.js'
import { printInstallerLink } from './installer-link.js'
import { ListenError, startServer } from '../server.js'

/** Options of `serve`, named as PocketBase's flags. */
export interface ServeOptions {
  dir: string
  dev?: boolean
  /** `host:port`; `:port` listens on every interface. Default `127.0.0.1:8090`. */
  http?: string
  /** CORS allowed origins; default `*`. */
  origins?: string[]
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
  const node = await openNodeApp({ dir: options.dir, dev: options.dev })
  node.app.onRequest.bind({ id: '__pbCors__', priority: -1000, func: corsMiddleware(options.origins ?? ['*']) })

  let running
  try {
    running = await startServer(node.app, host, port)
  } catch (err) {
    await node.close()
    throw err instanceof ListenError ? new CliError(err.message, { cause: err }) : err
  }

  node.app.cron.start()
  const base = running.url
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
      running
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
