/**
 * @module Isobase in a Service Worker: the installer for the worker script and its SQLite opener.
 * The page-side helper is `@isobase/service-worker/register`.
 */
export {
  installIsobase,
  type InstallIsobaseOptions,
  type InstalledIsobase,
} from './install-isobase.js'
export {
  createIdbSqliteOpener,
  hasJspi,
  type IdbSqliteOpener,
  type IdbSqliteOptions,
  type SqliteBuild,
} from './idb-sqlite.js'
export type { ExtendableEventLike, FetchEventLike, ServiceWorkerScopeLike } from './sw-types.js'
export { WASM_CACHE } from './wasm-cache.js'
export {
  bundledAdminAssets,
  cachedAdminAssets,
  type AdminManifest,
  type CachedAdminAssets,
} from './admin-assets.js'
export { bindInstallerRedirect } from './installer-redirect.js'
export { swFilePlatform, type SwFilePlatformOptions } from './sw-files.js'
export { consoleLogger } from './console-logger.js'
