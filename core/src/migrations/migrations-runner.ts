/**
 * @module Applying and reverting app migrations, recorded in `_migrations` (PocketBase
 * `core/migrations_runner.go`): `up` applies every migration not yet recorded, in file name order, in
 * one transaction; `down n` reverts the last n applied (newest first) in one transaction; `historySync`
 * forgets recorded files that no longer exist. PocketBase's own system migrations share the table and
 * are never reverted here.
 */
import type { App } from '../app.js'
import { SYSTEM_MIGRATIONS } from '../db/system-schema.js'

/** PocketBase's `core.DefaultMigrationsTable`. */
export const MIGRATIONS_TABLE = '_migrations'

/** One step of a migration (`txApp` is bound to the migration transaction). */
export type MigrationFn = (txApp: App) => Promise<unknown> | unknown

/** A migration: its file name (the sort and history key) and its up/down steps. */
export interface Migration {
  readonly file: string
  readonly up?: MigrationFn
  readonly down?: MigrationFn
}

/** A migration step that failed; the transaction was rolled back. */
export class MigrationError extends Error {
  readonly file: string
  constructor(message: string, file: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MigrationError'
    this.file = file
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Runs a list of migrations against an app. */
export class MigrationsRunner {
  readonly app: App
  readonly migrations: readonly Migration[]

  constructor(app: App, migrations: readonly Migration[]) {
    this.app = app
    this.migrations = [...migrations].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
    )
    const seen = new Set<string>()
    for (const m of this.migrations) {
      if (seen.has(m.file)) {
        throw new Error(`duplicate migration file ${JSON.stringify(m.file)}`)
      }
      seen.add(m.file)
    }
  }

  async #ensureTable(): Promise<void> {
    await this.app
      .db()
      .exec(
        `CREATE TABLE IF NOT EXISTS \`${MIGRATIONS_TABLE}\` (file VARCHAR(255) PRIMARY KEY NOT NULL, applied INTEGER NOT NULL)`,
      )
  }

  /** The recorded file names. */
  async appliedFiles(): Promise<Set<string>> {
    await this.#ensureTable()
    const rows = await this.app
      .db()
      .all<{ file: string }>(`SELECT file FROM \`${MIGRATIONS_TABLE}\``)
    return new Set(rows.map((r) => String(r.file)))
  }

  /** The migrations not recorded yet, in the order `up` applies them. */
  async pending(): Promise<Migration[]> {
    const applied = await this.appliedFiles()
    return this.migrations.filter((m) => !applied.has(m.file))
  }

  /**
   * Applies every pending migration in one transaction and records each; returns their file names.
   * Nothing is kept when one fails ({@link MigrationError} names the file).
   */
  async up(): Promise<string[]> {
    await this.#ensureTable()
    const applied: string[] = []
    const base = this.app.now().getTime() * 1000
    try {
      await this.app.runInTransaction(async (txApp) => {
        for (const m of this.migrations) {
          const exists = await txApp
            .db()
            .get(`SELECT 1 AS x FROM \`${MIGRATIONS_TABLE}\` WHERE file = ? LIMIT 1`, [m.file])
          if (exists) {
            continue
          }
          try {
            await m.up?.(txApp)
          } catch (err) {
            throw new MigrationError(
              `failed to apply migration ${m.file}: ${errorText(err)}`,
              m.file,
              { cause: err },
            )
          }
          // note: microseconds, as PocketBase records them (+ the position, so a batch keeps its order)
          await txApp
            .db()
            .run(`INSERT INTO \`${MIGRATIONS_TABLE}\` (file, applied) VALUES (?, ?)`, [
              m.file,
              base + applied.length,
            ])
          applied.push(m.file)
        }
      })
    } finally {
      await this.app.reloadCachedCollections().catch(() => {})
    }
    return applied
  }

  /** The last `limit` applied migrations of this list, newest first (PocketBase's order). */
  async lastApplied(limit: number): Promise<string[]> {
    await this.#ensureTable()
    if (limit <= 0 || this.migrations.length === 0) {
      return []
    }
    const files = this.migrations.map((m) => m.file)
    // note: seconds (old PocketBase) and microseconds compare once padded to the same width
    const rows = await this.app.db().all<{ file: string }>(
      `SELECT file FROM \`${MIGRATIONS_TABLE}\` WHERE applied IS NOT NULL AND file IN (${files.map(() => '?').join(',')})
       ORDER BY substr(applied||'0000000000000000', 0, 17) DESC, file DESC LIMIT ?`,
      [...files, Math.trunc(limit)],
    )
    return rows.map((r) => String(r.file))
  }

  /**
   * Reverts the last `count` applied migrations (all when negative) in one transaction, newest first,
   * and forgets them; returns their file names.
   */
  async down(count = 1): Promise<string[]> {
    const names = await this.lastApplied(count < 0 ? this.migrations.length : count)
    const reverted: string[] = []
    try {
      await this.app.runInTransaction(async (txApp) => {
        for (const name of names) {
          const m = this.migrations.find((x) => x.file === name)!
          try {
            await m.down?.(txApp)
          } catch (err) {
            throw new MigrationError(
              `failed to revert migration ${m.file}: ${errorText(err)}`,
              m.file,
              { cause: err },
            )
          }
          await txApp.db().run(`DELETE FROM \`${MIGRATIONS_TABLE}\` WHERE file = ?`, [m.file])
          reverted.push(m.file)
        }
      })
    } finally {
      await this.app.reloadCachedCollections().catch(() => {})
    }
    return reverted
  }

  /**
   * Forgets recorded migrations that are neither in this list nor PocketBase system migrations (after
   * migration files were deleted); returns how many rows went.
   */
  async historySync(): Promise<number> {
    await this.#ensureTable()
    const keep = [...SYSTEM_MIGRATIONS, ...this.migrations.map((m) => m.file)]
    const res = await this.app
      .db()
      .run(
        `DELETE FROM \`${MIGRATIONS_TABLE}\` WHERE file NOT IN (${keep.map(() => '?').join(',')})`,
        keep,
      )
    return res.changes
  }
}
