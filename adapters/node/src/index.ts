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
export { openNodeApp, nodePlatform, CliError, consoleLogger, type NodeApp, type NodeAppOptions } from './node-app.js'
export { buildCli, main, runCli } from './cli.js'
export { Isobase, type IsobaseConfig } from './isobase.js'
export { loadHooksDir, listHooksFiles, HOOKS_FILE_PATTERN, type HooksController } from './hooks/hooks-loader.js'
export { serve, type ServeOptions } from './commands/serve.js'
export { loadAdminAssets } from './admin-assets.js'

// pb_hooks files that import '@isobase/node' get this module (one copy of every class, also in the
// single executable, which has no node_modules)
import * as isobaseNode from './index.js'
import { provideHostModule } from './hooks/hooks-module.js'
provideHostModule('@isobase/node', isobaseNode)
