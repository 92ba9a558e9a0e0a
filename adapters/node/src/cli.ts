/**
 * @module The `isobase` command line: PocketBase's commands and flags, so its docs carry over.
 */
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Command, CommanderError } from 'commander'
import { CliError } from './node-app.js'
import { serve } from './commands/serve.js'
import { bindSuperuserCommands } from './commands/superuser-cli.js'

/** Builds the command tree (exported for tests and for apps that embed the CLI). */
export function buildCli(): Command {
  const program = new Command('isobase')
    .description('Isobase CLI: a PocketBase-compatible backend')
    .version('0.1.0', '-v, --version', 'version for isobase')
    .option('--dir <path>', 'the PocketBase data directory', 'pb_data')
    .option('--dev', 'enable dev mode, aka. printing logs and sql statements to the console', false)
    .showHelpAfterError()

  program
    .command('serve')
    .description('Starts the web server (default to 127.0.0.1:8090 if no domain is specified)')
    .option('--http <address>', 'TCP address to listen for the HTTP server', '127.0.0.1:8090')
    .option('--origins <origins...>', 'CORS allowed domain origins list', ['*'])
    .action(async (opts: { http: string; origins: string[] }) => {
      const global = program.opts<{ dir: string; dev: boolean }>()
      await serve({ dir: global.dir, dev: global.dev, http: opts.http, origins: splitList(opts.origins) })
    })

  bindSuperuserCommands(program)

  return program
}

// note: cobra's string slices accept both repeated flags and comma-separated values
function splitList(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)
}

/** Runs the CLI; failures print one `Error: …` line and set a non-zero exit code. */
export async function main(argv: string[]): Promise<void> {
  const program = buildCli()
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

// run when executed directly (`node dist/cli.js serve …`), not when imported
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  await main(process.argv)
}
