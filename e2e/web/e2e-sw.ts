/**
 * @module The e2e Service Worker: the product pieces (SQLite in IndexedDB, files, dashboard) plus the
 * e2e routes and superuser. The script URL's `?build=` (auto | asyncify | jspi) picks the SQLite build.
 */
import { BroadcastMailer } from '@isobase/core'
import { browserBackups } from '@isobase/browser/backups'
import { IdbFileStorage } from '@isobase/browser/files'
import {
  bundledAdminAssets,
  createIdbSqliteOpener,
  installIsobase,
  swFilePlatform,
  type SqliteBuild,
} from '@isobase/service-worker'
import { bindE2eRoutes } from '../src/routes/e2e-routes.js'

const build = (new URL(location.href).searchParams.get('build') ?? 'auto') as SqliteBuild
const sqlite = createIdbSqliteOpener({ build })
const files = swFilePlatform({ name: 'e2e-files' })
const adminAssets = bundledAdminAssets()
installIsobase({
  sqlite,
  platform: {
    adminAssets,
    files: files.files,
    thumbs: files.thumbs,
    backups: browserBackups({ images: () => sqlite.images(), storage: new IdbFileStorage('e2e-backups') }),
    mailer: new BroadcastMailer(),
  },
  setup: bindE2eRoutes,
  onInstall: async () => {
    await Promise.all([sqlite.precache(), files.precache(), adminAssets?.precache()])
  },
})
