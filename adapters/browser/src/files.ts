/**
 * @module File storage and thumbs for backends in the browser (`@isobase/browser/files`): the IndexedDB
 * and OPFS stores and `browserFilePlatform()` (see `storage/`), for Worker, in-page and Service Worker
 * entries. Kept out of the page-side entry, which never stores files itself.
 */
export {
  browserFilePlatform,
  codecWasmFileName,
  fetchCodecWasm,
  type BrowserFilePlatformOptions,
} from './storage/browser-file-platform.js'
export { IdbFileStorage } from './storage/idb-file-storage.js'
export { OpfsFileStorage, hasOpfsWritable } from './storage/opfs-file-storage.js'
