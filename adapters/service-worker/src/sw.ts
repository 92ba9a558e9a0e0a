/**
 * @module Entry of the `isobase-sw.js` bundle: Isobase answering `/api/*` and the dashboard `/_/` under
 * the worker's scope, from SQLite in IndexedDB. Register it with
 * `registerIsobase({ url: '/isobase-sw.js' })` (static imports only: import() is disallowed in Service
 * Workers).
 */
import { bundledAdminAssets } from './admin-assets.js'
import { createIdbSqliteOpener } from './idb-sqlite.js'
import { installIsobase } from './install-isobase.js'

const sqlite = createIdbSqliteOpener()
const adminAssets = bundledAdminAssets()
installIsobase({
  sqlite,
  platform: { adminAssets },
  onInstall: async () => {
    await Promise.all([sqlite.precache(), adminAssets?.precache()])
  },
})
