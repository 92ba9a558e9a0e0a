/**
 * @module The backups port: what a platform does for backups that core cannot (reading and replacing
 * the data files). Node implements it over `pb_data`; platforms without it can list, upload, download
 * and delete backups, but not create or restore them.
 */
import type { App } from '../app.js'
import type { FileBody, FileStorage } from '../files/file-storage.js'

/** A freshly made archive of the app's data. */
export interface BackupArchive {
  /** The zip: a Blob (e.g. file-backed, so S3 uploads know its length) or a stream read once. */
  readonly body: FileBody
  /** Removes whatever the archive was made from (temp files); safe to call more than once. */
  cleanup(): Promise<void>
}

/** Options of an archive operation. */
export interface ArchiveOptions {
  /**
   * Root entries of the data directory to leave out of a backup, or to leave in place on a restore
   * (PocketBase's `BackupEvent.Exclude`; the platform's own exclusions always apply).
   */
  readonly exclude?: readonly string[]
}

/** A stored backup to restore. */
export interface BackupSource {
  /** The backups storage holding it (local or S3). */
  readonly storage: FileStorage
  readonly key: string
}

/** Platform support for backups. */
export interface BackupsPlatform {
  /** Where backups live when S3 backups are off (Node: `pb_data/backups`). */
  readonly storage: FileStorage
  /**
   * Makes a zip of the app's data (PocketBase's layout: `data.db`, `auxiliary.db`, `storage/…`, minus
   * `backups/` and temp dirs) while the app keeps serving. The databases in it are a consistent
   * snapshot of committed data.
   */
  createArchive(app: App, options?: ArchiveOptions): Promise<BackupArchive>
  /**
   * Replaces the app's data with the archive's and restarts the app (`app.reopen`). Rejects, leaving
   * the old data in place and the app serving it, when the archive is invalid or the restored data
   * cannot be opened.
   */
  restoreArchive(app: App, source: BackupSource, options?: ArchiveOptions): Promise<void>
  /** Called at every bootstrap, before the auto-backup job loads (Node: clears old temp files once). */
  prepare?(app: App): Promise<void>
}
