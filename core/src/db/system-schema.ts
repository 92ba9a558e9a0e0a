/**
 * @module PocketBase's system schema: what its init migrations create in `data.db` and
 * `auxiliary.db`. A fresh database gets it all; a PocketBase database must already have it.
 */
import { collectionOptions } from '../collections/collection-json.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { createRecordTable } from '../collections/record-table.js'
import { freshInstallCollections } from '../collections/system-collections.js'
import { defaultSettings } from '../settings/settings-defaults.js'
import { formatDateTime } from '../tools/datetime.js'
import type { SqlExecutor, SqliteDatabase } from './sqlite-port.js'

/**
 * PocketBase v0.39.11's system migrations, by file name. Recording them in `_migrations` tells
 * PocketBase that a database Isobase created is up to date; a PocketBase database missing some was
 * made by an older PocketBase and is refused (open it once with PocketBase v0.39 first).
 */
export const SYSTEM_MIGRATIONS = [
  '1640988000_aux_init.go',
  '1640988000_init.go',
  '1717233556_v0.23_migrate.go',
  '1717233557_v0.23_migrate2.go',
  '1717233558_v0.23_migrate3.go',
  '1717233559_v0.23_migrate4.go',
  '1763020353_update_default_auth_alert_templates.go',
  '1778828400_normalize_indexes.go',
] as const

const NOW_SQL = "(strftime('%Y-%m-%d %H:%M:%fZ'))"

const CORE_TABLES_SQL = `
CREATE TABLE \`_migrations\` (file VARCHAR(255) PRIMARY KEY NOT NULL, applied INTEGER NOT NULL);
CREATE TABLE \`_params\` (
  \`id\`      TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
  \`value\`   JSON DEFAULT NULL,
  \`created\` TEXT DEFAULT ${NOW_SQL} NOT NULL,
  \`updated\` TEXT DEFAULT ${NOW_SQL} NOT NULL
);
CREATE TABLE \`_collections\` (
  \`id\`         TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
  \`system\`     BOOLEAN DEFAULT FALSE NOT NULL,
  \`type\`       TEXT DEFAULT 'base' NOT NULL,
  \`name\`       TEXT UNIQUE NOT NULL,
  \`fields\`     JSON DEFAULT '[]' NOT NULL,
  \`indexes\`    JSON DEFAULT '[]' NOT NULL,
  \`listRule\`   TEXT DEFAULT NULL,
  \`viewRule\`   TEXT DEFAULT NULL,
  \`createRule\` TEXT DEFAULT NULL,
  \`updateRule\` TEXT DEFAULT NULL,
  \`deleteRule\` TEXT DEFAULT NULL,
  \`options\`    JSON DEFAULT '{}' NOT NULL,
  \`created\`    TEXT DEFAULT ${NOW_SQL} NOT NULL,
  \`updated\`    TEXT DEFAULT ${NOW_SQL} NOT NULL
);
CREATE INDEX idx__collections_type on \`_collections\` (\`type\`);
`

const LOGS_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS \`_logs\` (
  \`id\`      TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL,
  \`level\`   INTEGER DEFAULT 0 NOT NULL,
  \`message\` TEXT DEFAULT '' NOT NULL,
  \`data\`    JSON DEFAULT '{}' NOT NULL,
  \`created\` TEXT DEFAULT ${NOW_SQL} NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_logs_level on \`_logs\` (\`level\`);
CREATE INDEX IF NOT EXISTS idx_logs_message on \`_logs\` (\`message\`);
CREATE INDEX IF NOT EXISTS idx_logs_created_hour on \`_logs\` (strftime('%Y-%m-%d %H:00:00', \`created\`));
`

/** Thrown when a database is not one Isobase can serve (e.g. made by an old PocketBase). */
export class UnsupportedDatabaseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsupportedDatabaseError'
  }
}

async function tableExists(db: SqlExecutor, name: string): Promise<boolean> {
  const row = await db.get("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", [name])
  return row !== undefined
}

/** Inserts a collection row (the table is created separately). */
export async function insertCollectionRow(db: SqlExecutor, c: CollectionModel): Promise<void> {
  await db.run(
    'INSERT INTO `_collections` (id, system, type, name, fields, indexes, listRule, viewRule, createRule, updateRule, deleteRule, options, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      c.id,
      c.system ? 1 : 0,
      c.type,
      c.name,
      JSON.stringify(c.fields),
      JSON.stringify(c.indexes),
      c.listRule,
      c.viewRule,
      c.createRule,
      c.updateRule,
      c.deleteRule,
      JSON.stringify(collectionOptions(c)),
      c.created,
      c.updated,
    ],
  )
}

/**
 * Makes sure `data.db` and `auxiliary.db` have PocketBase's system schema: creates it in empty
 * databases (in one transaction each), checks it in existing ones.
 */
export async function ensureSystemSchema(data: SqliteDatabase, aux: SqliteDatabase, now: Date): Promise<void> {
  await aux.exec(LOGS_TABLE_SQL)

  if (!(await tableExists(data, '_migrations'))) {
    await data.transaction(async (tx) => {
      await tx.exec(CORE_TABLES_SQL)
      let tick = now.getTime()
      for (const c of freshInstallCollections()) {
        // note: distinct, increasing creation times keep PocketBase's listing order
        c.created = c.updated = formatDateTime(new Date(tick++))
        await insertCollectionRow(tx, c)
        await createRecordTable(tx, c)
      }
      const stamp = formatDateTime(now)
      await tx.run('INSERT INTO `_params` (id, value, created, updated) VALUES (?, ?, ?, ?)', [
        'settings',
        JSON.stringify(defaultSettings()),
        stamp,
        stamp,
      ])
      const appliedMicros = BigInt(now.getTime()) * 1000n
      for (const [i, file] of SYSTEM_MIGRATIONS.entries()) {
        await tx.run('INSERT INTO `_migrations` (file, applied) VALUES (?, ?)', [file, appliedMicros + BigInt(i)])
      }
    })
    return
  }

  const applied = new Set(
    (await data.all<{ file: string }>('SELECT file FROM `_migrations`')).map((r) => String(r.file)),
  )
  const missing = SYSTEM_MIGRATIONS.filter((m) => !applied.has(m))
  if (missing.length > 0) {
    throw new UnsupportedDatabaseError(
      `data.db lacks PocketBase system migrations (${missing.join(', ')}); ` +
        'it was made by an older PocketBase: open it once with PocketBase v0.39.11 to upgrade it',
    )
  }
}
