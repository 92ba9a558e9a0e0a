/**
 * @module Entry of the `isobase-sw.js` bundle: Isobase answering `/api/*` under the worker's scope from
 * SQLite in IndexedDB. Register it with `registerIsobase({ url: '/isobase-sw.js' })` (static imports
 * only: import() is disallowed in Service Workers).
 */
import { createIdbSqliteOpener } from './idb-sqlite.js'
import { installIsobase } from './install-isobase.js'

const sqlite = createIdbSqliteOpener()
installIsobase({ sqlite, onInstall: () => sqlite.precache() })
