/**
 * @module The public backups API of core: pb_data zip archives (platform-neutral).
 */
export {
  BACKUP_EXCLUDED_ROOTS,
  RESTORE_EXCLUDED_ROOTS,
  ZipFormatError,
  blobZipSource,
  bytesZipSource,
  checkArchivePath,
  createPbDataZip,
  isUnderRoots,
  listZipEntries,
  openZipEntry,
  readPbDataZip,
  type PbDataZipEntries,
  type PbDataZipEntry,
  type PbDataZipFile,
  type ZipEntryInfo,
  type ZipSource,
} from './pb-data-zip.js'
