/**
 * @module The `isobase` command line: PocketBase's commands and flags, so its docs carry over.
 */
import { realpathSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Command, CommanderError } from 'commander'
import { CliError } from './node-app.js'
import { serve } from './commands/serve.js'
import { bindSuperuserCommands } from './commands/superuser-cli.js'
import { bindMigrateCommand } from './commands/migrate.js'
import { Isobase, parseBool } from './isobase.js'

interface GlobalOptions {
  dir: string
  dev: boolean
  hooksDir?: string
  hooksWatch?: boolean
  migrationsDir?: string
  automigrate?: boolean
  publicDir?: string
  indexFallback?: boolean
}

/** What the commands run with (from the flags, or from the framework app). */
interface CommandSettings {
  app?: Isobase
  dir: string
  dev: boolean
  hooksDir: string
  hooksWatch: boolean
  migrationsDir: string
  automigrate: boolean
}

/**
 * Builds the command tree (exported for tests and for apps that embed the CLI). With `app` (an
 * {@link Isobase}), the commands run on it, with its hooks; without, each command opens `--dir` itself.
 */
export function buildCli(app?: Isobase): Command {
  const program = new Command('isobase')
    .description('Isobase CLI: a PocketBase-compatible backend')
    .version('0.1.0', '-v, --version', 'version for isobase')
    .option('--dir <path>', 'the PocketBase data directory', 'pb_data')
    .option('--dev', 'enable dev mode, aka. printing logs and sql statements to the console', false)
    .option('--hooksDir <path>', 'the directory with the JS/TS app hooks (default "<dir>/../pb_hooks")')
    .option('--hooksWatch [bool]', 'reload the app hooks on pb_hooks file change (default: on with --dev)', parseBool)
    .option('--queryTimeout <seconds>', 'the default SELECT queries timeout in seconds', '30')
    .option('--migrationsDir <path>', 'the directory with the user defined migrations (default "<dir>/../pb_migrations")')
    .option('--automigrate [bool]', 'enable/disable auto migrations', parseBool, true)
    .option('--publicDir <path>', 'the directory to serve static files (default "<dir>/../pb_public")')
    .option('--indexFallback [bool]', 'fallback the request to index.html on missing static path, e.g. when pretty urls are used with SPA', parseBool, true)
    .showHelpAfterError()

  /** The data directory, dev flag and hooks settings the commands run with. */
  const settings = (): CommandSettings => {
    const global = program.opts<GlobalOptions>()
    const migrations = (dir: string) => ({
      migrationsDir: resolve(global.migrationsDir ?? resolve(dir, '../pb_migrations')),
      automigrate: global.automigrate ?? true,
    })
    if (app) {
      return { app, dir: app.dataDir, dev: app.dev, hooksDir: app.hooksDir, hooksWatch: app.hooksWatch, ...migrations(app.dataDir) }
    }
    const hooksDir = global.hooksDir ?? resolve(global.dir, '../pb_hooks')
    return { dir: global.dir, dev: global.dev, hooksDir, hooksWatch: global.hooksWatch ?? global.dev, ...migrations(global.dir) }
  }

  program
    .command('serve')
    .description('Starts the web server (default to 127.0.0.1:8090 if no domain is specified)')
    .option('--http <address>', 'TCP address to listen for the HTTP server', '127.0.0.1:8090')
    .option('--origins <origins...>', 'CORS allowed domain origins list', ['*'])
    .action(async (opts: { http: string; origins: string[] }) => {
      const global = program.opts<GlobalOptions>()
      const base = settings()
      await serve({
        ...base,
        http: opts.http,
        origins: splitList(opts.origins),
        publicDir: resolve(global.publicDir ?? resolve(base.dir, '../pb_public')),
        indexFallback: global.indexFallback ?? true,
      })
    })

  bindSuperuserCommands(program, () => {
    const { app: instance, dir, dev, hooksDir } = settings()
    return { dir, dev, hooksDir, ...(instance ? { app: instance } : {}) }
  })

  bindMigrateCommand(program, () => {
    const { app: instance, dir, dev, hooksDir, migrationsDir } = settings()
    return { dir, dev, hooksDir, migrationsDir, ...(instance ? { app: instance } : {}) }
  })

  return program
}

// note: cobra's string slices accept both repeated flags and comma-separated values
function splitList(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)
}

/** Runs a command tree; failures print one `Error: …` line and set a non-zero exit code. */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  program.exitOverride()
  try {
    await program.parseAsync(argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode
      return
    }
    const message = err instanceof CliError ? err.message : err instanceof Error ? err.message : String(err)
    process.stderr.write(`Error: ${message}\n`)
    process.exitCode = 1
  }
}

/** Runs the `isobase` CLI (an {@link Isobase} app with no hooks but those of `pb_hooks`). */
export async function main(argv: string[]): Promise<void> {
  let app: Isobase
  try {
    app = new Isobase({ argv })
  } catch (err) {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
    return
  }
  await app.start(argv)
}

// run when executed directly (`node dist/cli.js serve …`), not when imported (nor when bundled)
if (isEntryPoint()) {
  void main(process.argv)
}

function isEntryPoint(): boolean {
  // note: bundles (the single executable) share one import.meta.url that is not this file's
  if (!import.meta.url.endsWith('/cli.js')) {
    return false
  }
  try {
    return Boolean(process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href)
  } catch {
    return false
  }
}
