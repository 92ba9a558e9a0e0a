/**
 * @module The `pb_migrations` directory (PocketBase's jsvm migrations): `*.js` and `*.ts` files, in name
 * order, evaluated with core's migration globals. TypeScript (and `import`) is compiled with sucrase
 * first, as `pb_hooks` files are; the compiled code keeps its line numbers and runs under the file's own
 * name, so errors point at the source. Generated files (automigrate, `migrate create|collections`) are
 * written here too.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { compileFunction } from 'node:vm'
import * as core from '@isobase/core'
import {
  loadJsMigrations,
  MigrationLoadError,
  type Migration,
  type MigrationEvaluator,
  type MigrationFilesWriter,
  type MigrationSource,
} from '@isobase/core'
import { compileHooksSource } from '../hooks/hooks-module.js'

/** PocketBase's default `MigrationsFilesPattern`. */
export const MIGRATIONS_FILE_PATTERN = /^.*(\.js|\.ts)$/

/** The default migrations directory: `pb_migrations` beside the data directory. */
export function defaultMigrationsDir(dataDir: string): string {
  return resolve(dataDir, '../pb_migrations')
}

/** The migration files of `dir` (none when it doesn't exist), read in name order. */
export function readMigrationsDir(dir: string): MigrationSource[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return []
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && MIGRATIONS_FILE_PATTERN.test(d.name) && !d.name.endsWith('.d.ts'))
    .map((d) => d.name)
    .sort()
    .map((file) => ({ file, code: readFileSync(join(dir, file), 'utf8') }))
}

const hostCore = Object.freeze({ ...core, __esModule: true })

/** Evaluates one file as CommonJS with the migration globals as parameters. */
export function nodeMigrationEvaluator(dir: string): MigrationEvaluator {
  return (source, globals) => {
    const path = join(dir, source.file)
    const code = compileHooksSource(source.code, path)
    const names = Object.keys(globals)
    const nodeRequire = createRequire(path)
    const requireFn = (specifier: string) =>
      specifier === '@isobase/core' ? hostCore : nodeRequire(specifier)
    const module = { exports: {} as unknown }
    const fn = compileFunction(
      code,
      [...names, 'require', 'module', 'exports', '__filename', '__dirname'],
      { filename: path },
    )
    fn(...names.map((n) => globals[n]), requireFn, module, module.exports, path, dirname(path))
  }
}

/**
 * Loads the migrations of `dir`. Throws {@link MigrationLoadError} (`failed to run migration <file>: …`)
 * for a file that does not compile or fails while loading.
 */
export function loadMigrationsDir(dir: string): Migration[] {
  const root = resolve(dir)
  let sources: MigrationSource[]
  try {
    sources = readMigrationsDir(root)
  } catch (err) {
    throw new MigrationLoadError(
      `failed to read the migrations directory ${root}: ${err instanceof Error ? err.message : String(err)}`,
      '',
      {
        cause: err,
      },
    )
  }
  return loadJsMigrations(sources, nodeMigrationEvaluator(root))
}

/** Writes generated migration files into `dir` (created when missing). */
export function migrationsDirWriter(dir: string): MigrationFilesWriter {
  const root = resolve(dir)
  return {
    async write(name, content) {
      mkdirSync(root, { recursive: true })
      writeFileSync(join(root, name), content)
    },
  }
}
