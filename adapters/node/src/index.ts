/**
 * @module Isobase on Node.js: SQLite files through WASM, the pb_data ownership lock, the HTTP server
 * and the `isobase` CLI.
 */
export {
  NODE_PRAGMAS,
  createMemorySqliteOpener,
  createNodeSqliteOpener,
  loadNodeSqlite,
  openMemorySqlite,
  openNodeSqliteFile,
  type NodeSqliteFileOptions,
  type NodeSqliteRuntime,
} from './sqlite/node-sqlite.js'
export { NODE_FS_VFS_NAME, type NodeFsVfsStats } from './sqlite/node-fs-vfs.js'
export { PbDataLockedError, acquirePbDataLock, type PbDataLock } from './pb-data-lock.js'
export { startServer, ListenError, type RunningServer } from './server.js'
export { openNodeApp, CliError, consoleLogger, type NodeApp, type NodeAppOptions } from './node-app.js'
export { buildCli, main } from './cli.js'
export { loadAdminAssets } from './admin-assets.js'
