/**
 * @module A consistent copy of a `pb_data` directory taken while the app serves.
 *
 * While both write locks are held (one write transaction on `data.db` and one on `auxiliary.db`, as
 * PocketBase's `CreateBackup` does), nothing commits and nothing checkpoints: the database files and
 * their WAL files are copied as they are (asynchronously, so reads keep being served), and every other
 * file of pb_data is hard-linked (copied where links are impossible) into the snapshot. Files are
 * replaced by rename and deleted only after commit, so the links pin exactly the files the copied
 * databases refer to. The locks are then released and the copied WALs folded into the copied databases.
 * Writes wait for the copy only, never for the zip.
 */
import { constants as fsConstants } from 'node:fs'
import { copyFile, link, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { BACKUP_EXCLUDED_ROOTS, isUnderRoots, type App } from '@isobase/core'
import { openNodeSqliteFile } from '../sqlite/node-sqlite.js'
import { PB_DATA_LOCK_FILE } from '../pb-data-lock.js'

/** The database files of pb_data, copied (with their WAL) rather than linked. */
export const DATABASE_FILES = ['data.db', 'auxiliary.db'] as const

const DB_SIDE_SUFFIXES = ['', '-wal', '-shm', '-journal']

/** Whether a root entry of pb_data is left out of a backup (`extra`: more excluded root entries). */
export function isExcludedFromBackup(rootEntry: string, extra: readonly string[] = []): boolean {
  return (
    isUnderRoots(rootEntry, BACKUP_EXCLUDED_ROOTS) ||
    isUnderRoots(rootEntry, extra) ||
    DATABASE_FILES.some((db) => DB_SIDE_SUFFIXES.some((s) => rootEntry === db + s)) ||
    rootEntry === PB_DATA_LOCK_FILE ||
    rootEntry.startsWith(PB_DATA_LOCK_FILE + '.')
  )
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT'

async function copyIfExists(from: string, to: string): Promise<boolean> {
  try {
    // note: a reflink where the filesystem can (instant), a plain copy elsewhere
    await copyFile(from, to, fsConstants.COPYFILE_FICLONE | fsConstants.COPYFILE_EXCL)
    return true
  } catch (err) {
    if (isMissing(err)) return false
    throw err
  }
}

/** Mirrors `src` into `dst` with hard links (copies across devices), skipping excluded roots and temp files. */
async function linkTree(
  src: string,
  dst: string,
  exclude: readonly string[] | undefined,
): Promise<void> {
  let entries
  try {
    entries = await readdir(src, { withFileTypes: true })
  } catch (err) {
    if (isMissing(err)) return // removed meanwhile (an emptied record dir)
    throw err
  }
  for (const entry of entries) {
    if (exclude && isExcludedFromBackup(entry.name, exclude)) {
      continue
    }
    const from = join(src, entry.name)
    const to = join(dst, entry.name)
    if (entry.isDirectory()) {
      await mkdir(to, { recursive: true })
      await linkTree(from, to, undefined)
    } else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
      // note: `.tmp` files are half-written uploads (LocalFileStorage writes beside the target, then renames)
      try {
        await link(from, to)
      } catch (err) {
        if (isMissing(err)) continue
        const code = (err as NodeJS.ErrnoException).code
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK')
          throw err
        await copyIfExists(from, to)
      }
    }
  }
}

/** Folds a copied database's WAL into it, leaving one self-contained file. */
async function foldWal(path: string): Promise<void> {
  const db = await openNodeSqliteFile(path, { pragmas: '', readConnection: false })
  try {
    if (db.info.wal) {
      await db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    }
  } finally {
    await db.close()
  }
}

/**
 * Copies `dataDir` into the empty directory `target` (see the module doc), leaving out the `exclude`d
 * root entries too. `target` must be on the same filesystem for the links to work (a directory inside
 * pb_data is).
 */
export async function snapshotPbData(
  app: App,
  dataDir: string,
  target: string,
  exclude: readonly string[] = [],
): Promise<void> {
  await mkdir(target, { recursive: true })
  const copied: string[] = []
  await app.runInTransaction(() =>
    app.auxDb().transaction(async () => {
      for (const name of DATABASE_FILES) {
        if (await copyIfExists(join(dataDir, name), join(target, name))) {
          copied.push(name)
          await copyIfExists(join(dataDir, name + '-wal'), join(target, name + '-wal'))
        }
      }
      await linkTree(dataDir, target, exclude)
    }),
  )
  for (const name of copied) {
    await foldWal(join(target, name))
  }
}
