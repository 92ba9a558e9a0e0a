/**
 * @module Entry of the `isobase-sw.js` bundle: Isobase answering `/api/*` and the dashboard `/_/` under
 * the worker's scope, from SQLite in IndexedDB (database `isobase`), files in OPFS or IndexedDB
 * (`isobase-files`), backups in IndexedDB (`isobase-backups`), mails posted on the `isobase:mails`
 * BroadcastChannel. Register it with `registerIsobase({ url: '/isobase-sw.js' })` (static imports
 * only: import() is disallowed in Service Workers).
 */
import { BroadcastMailer } from '@isobase/core'
import { browserBackups } from '@isobase/browser/backups'
import { IdbFileStorage } from '@isobase/browser/files'
import { bundledAdminAssets } from './admin-assets.js'
import { createIdbSqliteOpener } from './idb-sqlite.js'
import { installIsobase } from './install-isobase.js'
import { swFilePlatform } from './sw-files.js'

const sqlite = createIdbSqliteOpener({ idbName: 'isobase' })
const files = swFilePlatform({ name: 'isobase-files' })
const adminAssets = bundledAdminAssets()
installIsobase({
  sqlite,
  platform: {
    adminAssets,
    files: files.files,
    thumbs: files.thumbs,
    backups: browserBackups({ images: () => sqlite.images(), storage: new IdbFileStorage('isobase-backups') }),
    mailer: new BroadcastMailer(),
  },
  onInstall: async () => {
    await Promise.all([sqlite.precache(), files.precache(), adminAssets?.precache()])
  },
})
