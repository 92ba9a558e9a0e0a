/**
 * @module The files module's public surface, re-exported from the package root (one line there).
 */
export {
  type FileStorage,
  type FileAttributes,
  type FileBody,
  type FileRead,
  type ByteRange,
  type ListedFile,
  type PutOptions,
  OCTET_STREAM,
  METADATA_ORIGINAL_NAME,
  fileExists,
  readAllBytes,
  isEmptyDir,
  deleteListedPrefix,
} from './file-storage.js'
export { bodyStream, bodyBytes } from './file-body.js'
export { MemoryFileStorage } from './memory-storage.js'
export { assertSafeKey, InvalidStorageKeyError, recordFilesPath, thumbKey } from './storage-keys.js'
export { appFileStorage, localFileStorage, s3ConfigOf, type S3StorageConfig, type S3StorageFactory } from './app-file-storage.js'
export { UploadedFile, isUploadedFile } from './uploaded-file.js'
export { sniffContentType, mimeIs, type SniffedType } from './mime-sniff.js'
export { normalizeFileName } from './file-name.js'
export { parseThumbSize, type ThumbSize, type ThumbMode } from './thumb-size.js'
export { type ThumbMaker, type Thumb, THUMB_SOURCE_TYPES } from './thumb-maker.js'
export {
  createWasmThumbMaker,
  CODEC_WASM_FILES,
  MAX_THUMB_SOURCE_PIXELS,
  type CodecWasm,
  type WasmSource,
} from './wasm-thumb-maker.js'
export { FileDownloadRequestEvent, FileTokenRequestEvent, FileHooks } from './file-request-events.js'
