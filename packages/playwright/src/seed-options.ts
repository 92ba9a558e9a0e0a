/**
 * @module The seed options both modes take, turned into a plain {@link Seed} on the Node side (files
 * read here, so the same seed can also be sent into a page).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Seed } from '@isobase/browser/seed'

/** How to fill a fresh Isobase. Everything is optional; applied in the order listed. */
export interface SeedOptions {
  /**
   * A `pb_migrations` directory of PocketBase JS migrations (`*.js`, applied in name order as
   * `isobase migrate up` does), or the files themselves.
   */
  migrations?: string | readonly { file: string; code: string }[]
  /** A superuser to create (for tests that use the dashboard or superuser-only APIs). */
  superuser?: { email: string; password: string }
  /**
   * A collections export: the dashboard's "Export collections" JSON (a file path, or the parsed
   * array), imported without deleting anything.
   */
  collections?: string | readonly Record<string, unknown>[]
  /** Records per collection, created as a superuser would (`password`/`passwordConfirm` for auth). */
  records?: Readonly<Record<string, readonly Record<string, unknown>[]>>
}

/** Reads the files `options` point at. */
export function resolveSeed(options: SeedOptions): Seed {
  const seed: { -readonly [K in keyof Seed]: Seed[K] } = {}
  if (typeof options.migrations === 'string') {
    seed.migrations = readMigrations(options.migrations)
  } else if (options.migrations) {
    seed.migrations = options.migrations
  }
  if (options.superuser) {
    seed.superuser = options.superuser
  }
  if (typeof options.collections === 'string') {
    const parsed: unknown = JSON.parse(readFileSync(options.collections, 'utf8'))
    if (!Array.isArray(parsed)) {
      throw new Error(`${options.collections}: expected a JSON array of collections`)
    }
    seed.collections = parsed as Record<string, unknown>[]
  } else if (options.collections) {
    seed.collections = options.collections
  }
  if (options.records) {
    seed.records = options.records
  }
  return seed
}

function readMigrations(dir: string): { file: string; code: string }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`migrations directory not found: ${dir}`)
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((file) => ({ file, code: readFileSync(join(dir, file), 'utf8') }))
}
