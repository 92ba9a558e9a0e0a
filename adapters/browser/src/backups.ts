/**
 * @module Backups for backends in the browser (`@isobase/browser/backups`): the `Platform.backups`
 * implementation over the app's wa-sqlite databases and local files, and the pb_data archive reader.
 */
export {
  browserBackups,
  readPbDataArchive,
  sidecar,
  type BrowserBackupsOptions,
  type PbDataArchive,
} from './backups/browser-backups.js'
export { waSqliteImages, type SqliteImages, type WaSqliteImagesOptions } from './backups/wa-sqlite-images.js'
