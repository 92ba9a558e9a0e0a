/**
 * @module `isobase migrate up|down [n]|create name|collections|history-sync` (PocketBase
 * `plugins/migratecmd`), the migrations run when `serve` starts, and automigrate.
 *
 * Files live in `--migrationsDir` (default `pb_data/../pb_migrations`). `create` and `down` ask for
 * confirmation when run in a terminal, as PocketBase does; without a terminal they proceed.
 */
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import type { Command } from 'commander'
import {
  MigrationError,
  MigrationLoadError,
  MigrationsRunner,
  bindAutomigrate,
  jsBlankTemplate,
  jsSnapshotTemplate,
  migrationFileName,
  type App,
  type CollectionModel,
  type Migration,
} from '@isobase/core'
import { CliError, openNodeApp, type NodeAppOptions } from '../node-app.js'
import {
  defaultMigrationsDir,
  loadMigrationsDir,
  migrationsDirWriter,
} from '../migrations/migrations-dir.js'

/** Where command output goes (tests capture it). */
export interface MigrateOutput {
  write(line: string): void
  /** Asks a yes/no question; resolves the answer (default: yes without a terminal, else asks). */
  confirm?(question: string): Promise<boolean>
}

const stdout: MigrateOutput = { write: (line) => process.stdout.write(line + '\n') }

/** What `migrate` runs on: the app to open and its migrations directory. */
export interface MigrateTarget extends NodeAppOptions {
  /** Default `<dir>/../pb_migrations`. */
  migrationsDir?: string
}

function migrationsDirOf(target: MigrateTarget): string {
  return resolve(target.migrationsDir ?? defaultMigrationsDir(target.dir))
}

async function confirm(out: MigrateOutput, question: string): Promise<boolean> {
  if (out.confirm) {
    return out.confirm(question)
  }
  if (!process.stdin.isTTY) {
    return true
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    const answer = (await rl.question(`${question} [y/N] `)).trim().toLowerCase()
    return answer === 'y' || answer === 'yes'
  } finally {
    rl.close()
  }
}

/** Loads the migration files, turning a malformed one into a one-line CLI error. */
export function loadMigrationsOrFail(migrationsDir: string): Migration[] {
  try {
    return loadMigrationsDir(migrationsDir)
  } catch (err) {
    if (err instanceof MigrationLoadError) {
      throw new CliError(oneLine(err.message), { cause: err })
    }
    throw err
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

async function writeNamed(
  dir: string,
  name: string,
  content: string,
  out: MigrateOutput,
  app?: App,
): Promise<string | undefined> {
  const file = migrationFileName(name, app ? app.now() : new Date())
  const path = join(dir, file)
  if (!(await confirm(out, `Do you really want to create migration "${path}"?`))) {
    out.write('The command has been cancelled')
    return undefined
  }
  await migrationsDirWriter(dir).write(file, content)
  out.write(`Successfully created file "${path}"`)
  return file
}

/**
 * Applies the pending migrations of `migrationsDir` (what `serve` does on start, after loading them
 * before bootstrap). A failure leaves the database as it was and is one `CliError` line.
 */
export async function applyMigrations(
  app: App,
  migrations: readonly Migration[],
): Promise<string[]> {
  try {
    return await new MigrationsRunner(app, migrations).up()
  } catch (err) {
    if (err instanceof MigrationError) {
      throw new CliError(oneLine(err.message), { cause: err })
    }
    throw err
  }
}

/** Writes a migration file for every collection change made through the API (PocketBase's automigrate). */
export function enableAutomigrate(app: App, migrationsDir: string): void {
  bindAutomigrate(app, migrationsDirWriter(migrationsDir))
}

/** Runs `migrate <args…>`. */
export async function migrate(
  target: MigrateTarget,
  args: string[],
  out: MigrateOutput = stdout,
): Promise<void> {
  const dir = migrationsDirOf(target)
  const [cmd = 'up', ...rest] = args

  if (cmd === 'create') {
    if (rest.length < 1 || !rest[0]) {
      throw new CliError('missing migration file name')
    }
    await writeNamed(dir, rest[0], jsBlankTemplate(), out)
    return
  }
  if (!['up', 'down', 'collections', 'history-sync'].includes(cmd)) {
    throw new CliError(`unsupported command: ${JSON.stringify(cmd)}`)
  }

  // note: loaded before the app opens, so a malformed file changes nothing
  const migrations = cmd === 'collections' ? [] : loadMigrationsOrFail(dir)
  const node = await openNodeApp(target)
  try {
    const app = node.app
    const runner = new MigrationsRunner(app, migrations)
    switch (cmd) {
      case 'collections': {
        const rows = await app
          .db()
          .all<{ id: string }>('SELECT id FROM `_collections` ORDER BY created ASC')
        const collections = rows
          .map((r) => app.findCachedCollection(String(r.id)))
          .filter((c): c is CollectionModel => c !== undefined)
        await writeNamed(
          dir,
          ['collections_snapshot', ...rest][0]!,
          jsSnapshotTemplate(collections),
          out,
          app,
        )
        return
      }
      case 'up': {
        const applied = await applyMigrations(app, migrations)
        if (applied.length === 0) {
          out.write('No new migrations to apply.')
        }
        for (const file of applied) {
          out.write(`Applied ${file}`)
        }
        return
      }
      case 'down': {
        let count = 1
        if (rest[0] !== undefined) {
          count = Number.parseInt(rest[0], 10)
          if (!Number.isFinite(count)) count = 0
          if (count < 0) count = migrations.length
        }
        const names = await runner.lastApplied(count)
        if (
          !(await confirm(
            out,
            `\n${names.join('\n')}\nDo you really want to revert the last ${count} applied migration(s)?`,
          ))
        ) {
          out.write('The command has been cancelled')
          return
        }
        let reverted: string[]
        try {
          reverted = await runner.down(count)
        } catch (err) {
          throw err instanceof MigrationError
            ? new CliError(oneLine(err.message), { cause: err })
            : err
        }
        if (reverted.length === 0) {
          out.write('No migrations to revert.')
        }
        for (const file of reverted) {
          out.write(`Reverted ${file}`)
        }
        return
      }
      case 'history-sync':
        await runner.historySync()
        out.write('The _migrations table was synced with the available migrations.')
        return
    }
  } finally {
    await node.close()
  }
}

/** Adds `migrate` to the CLI; `target` says which app and migrations directory to use. */
export function bindMigrateCommand(program: Command, target: () => MigrateTarget): void {
  program
    .command('migrate')
    .description('Executes app DB migration scripts')
    .usage('[up|down [number]|create name|collections|history-sync]')
    .addHelpText(
      'after',
      `
Supported arguments are:
- up            - runs all available migrations
- down [number] - reverts the last [number] applied migrations
- create name   - creates new blank migration template file
- collections   - creates new migration file with snapshot of the local collections configuration
- history-sync  - ensures that the _migrations history table doesn't have references to deleted migration files
`,
    )
    .argument('[args...]')
    .action(async (args: string[]) => {
      await migrate(target(), args)
    })
}
