/**
 * @module Backups on Node (core's `BackupsPlatform` over a `pb_data` directory), laid out as
 * PocketBase's: zips in `pb_data/backups` (with `.attrs` sidecars), temp work in
 * `pb_data/.pb_temp_to_delete` (emptied when the app opens).
 *
 * Create: a consistent snapshot of pb_data ({@link snapshotPbData}) is zipped to a temp file, which
 * core then stores (locally or on S3).
 * Restore: the zip is extracted to a temp dir and checked (`data.db` present, every database passes
 * `PRAGMA integrity_check`) before anything is touched; then the app restarts in place
 * (`app.reopen`) with the pb_data content swapped by renames. If the restored data does not open,
 * the old content is moved back and reopened. The old content is deleted once the new one serves.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, openAsBlob } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import {
  RESTORE_EXCLUDED_ROOTS,
  isUnderRoots,
  type App,
  type ArchiveOptions,
  type BackupArchive,
  type BackupSource,
  type BackupsPlatform,
  type FileStorage,
} from '@isobase/core'
import { PB_DATA_LOCK_FILE } from '../pb-data-lock.js'
import { openNodeSqliteFile } from '../sqlite/node-sqlite.js'
import { LocalFileStorage } from '../storage/local-file-storage.js'
import { moveDirContent } from './move-dir-content.js'
import { DATABASE_FILES, snapshotPbData } from './pb-data-snapshot.js'
import { extractZip, streamToFile, zipDirectory } from './zip-files.js'

/** PocketBase's `LocalTempDirName`: deleted whenever the app opens. */
export const TEMP_DIR_NAME = '.pb_temp_to_delete'
/** PocketBase's `LocalBackupsDirName`. */
export const BACKUPS_DIR_NAME = 'backups'

const suffix = () => randomBytes(6).toString('hex')

/** Root entries a restore leaves where they are: PocketBase's list plus this process's lock. */
function keepsPlace(name: string): boolean {
  return (
    isUnderRoots(name, RESTORE_EXCLUDED_ROOTS) ||
    name === PB_DATA_LOCK_FILE ||
    name.startsWith(PB_DATA_LOCK_FILE + '.')
  )
}

/** Thrown when a backup cannot be restored; the message is one line. */
export class RestoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'RestoreError'
  }
}

/** Checks an extracted data directory before it replaces the live one. */
async function verifyExtracted(dir: string): Promise<void> {
  if (!existsSync(join(dir, 'data.db'))) {
    throw new RestoreError('data.db file is missing or invalid')
  }
  for (const name of DATABASE_FILES) {
    const path = join(dir, name)
    if (!existsSync(path)) {
      continue // note: auxiliary.db is recreated when missing, as PocketBase does
    }
    let db
    try {
      db = await openNodeSqliteFile(path, { pragmas: '', readConnection: false })
      const rows = await db.all<{ integrity_check: string }>('PRAGMA integrity_check')
      const problems = rows.map((r) => String(r.integrity_check)).filter((r) => r !== 'ok')
      if (problems.length > 0) {
        throw new Error(problems.slice(0, 3).join('; '))
      }
      if (
        name === 'data.db' &&
        !(await db.get(
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_collections'",
        ))
      ) {
        throw new Error('not a PocketBase database (no _collections table)')
      }
    } catch (err) {
      throw new RestoreError(
        `${name} is invalid: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      )
    } finally {
      await db?.close().catch(() => {})
    }
  }
}

/** The Node backups platform over `dataDir`. */
export class NodeBackupsPlatform implements BackupsPlatform {
  readonly dataDir: string
  readonly storage: LocalFileStorage
  readonly #tempDir: string

  constructor(dataDir: string) {
    this.dataDir = resolve(dataDir)
    this.storage = new LocalFileStorage(join(this.dataDir, BACKUPS_DIR_NAME))
    this.#tempDir = join(this.dataDir, TEMP_DIR_NAME)
  }

  #prepared = false

  /**
   * Removes what earlier processes left in the temp dir, once (PocketBase does so at every bootstrap,
   * which is every process start; here a restore's in-place restart bootstraps again mid-restore).
   */
  async prepare(): Promise<void> {
    if (!this.#prepared) {
      this.#prepared = true
      await rm(this.#tempDir, { recursive: true, force: true })
    }
  }

  async createArchive(app: App, options: ArchiveOptions = {}): Promise<BackupArchive> {
    const snapshot = join(this.#tempDir, 'pb_backup_' + suffix())
    const zipPath = snapshot + '.zip'
    const cleanup = async () => {
      await rm(snapshot, { recursive: true, force: true })
      await rm(zipPath, { force: true })
    }
    try {
      await snapshotPbData(app, this.dataDir, snapshot, options.exclude ?? [])
      await zipDirectory(snapshot, zipPath)
      await rm(snapshot, { recursive: true, force: true })
      return { body: await openAsBlob(zipPath, { type: 'application/zip' }), cleanup }
    } catch (err) {
      await cleanup()
      throw err
    }
  }

  /** The local path of a stored backup when it is on this disk, else undefined. */
  #localPath(storage: FileStorage, key: string): string | undefined {
    if (!(storage instanceof LocalFileStorage)) {
      return undefined
    }
    const root = resolve(storage.root)
    const path = resolve(root, ...key.split('/'))
    return path.startsWith(root + sep) ? path : undefined
  }

  async restoreArchive(
    app: App,
    source: BackupSource,
    options: ArchiveOptions = {},
  ): Promise<void> {
    const exclude = options.exclude ?? []
    const keep = (name: string) => keepsPlace(name) || isUnderRoots(name, exclude)
    const id = suffix()
    const extracted = join(this.#tempDir, 'pb_restore_' + id)
    const old = join(this.#tempDir, 'old_pb_data_' + id)
    let tempZip: string | undefined
    let oldHoldsData = false
    try {
      let zipPath = this.#localPath(source.storage, source.key)
      if (!zipPath) {
        const read = await source.storage.read(source.key)
        if (!read) {
          throw new RestoreError(
            `missing or invalid backup file ${JSON.stringify(source.key)} to restore`,
          )
        }
        tempZip = join(this.#tempDir, 'pb_restore_zip_' + id)
        await streamToFile(read.body, tempZip)
        zipPath = tempZip
      }
      await extractZip(zipPath, extracted)
      await verifyExtracted(extracted)
      if (tempZip) {
        await rm(tempZip, { force: true })
      }

      // note: `oldHoldsData` guards the only copy of the previous data from the clean-up below
      let swapped = false
      try {
        await app.reopen(async () => {
          await moveDirContent(this.dataDir, old, keep) // reverts itself when it fails
          oldHoldsData = true
          try {
            await moveDirContent(extracted, this.dataDir, keep)
          } catch (err) {
            await moveDirContent(old, this.dataDir, keep)
            oldHoldsData = false
            throw err
          }
          swapped = true
        })
        oldHoldsData = false
      } catch (err) {
        if (swapped) {
          // the restored data did not open: put the old content back and serve it again
          await app.reopen(async () => {
            await moveDirContent(this.dataDir, extracted, keep)
            await moveDirContent(old, this.dataDir, keep)
            oldHoldsData = false
          })
        }
        throw new RestoreError(
          `failed to restore the backup: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        )
      }
    } finally {
      await rm(extracted, { recursive: true, force: true })
      if (oldHoldsData) {
        app.logger.error(
          '[RestoreBackup] the previous pb_data content could not be put back; it is kept here',
          { path: old },
        )
      } else {
        await rm(old, { recursive: true, force: true })
      }
      if (tempZip) {
        await rm(tempZip, { force: true })
      }
    }
  }
}
