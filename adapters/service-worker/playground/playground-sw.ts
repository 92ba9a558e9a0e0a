/**
 * @module The playground's Service Worker: a full Isobase (API, dashboard, files, backups) in the
 * visitor's browser, seeded with a sample blog on first start. A backup of that first state
 * (`playground-initial.zip`) makes "Reset" a restore.
 */
import { BroadcastMailer, createBackup, needInstallerSuperuser, type App } from '@isobase/core'
import { browserBackups } from '@isobase/browser/backups'
import { IdbFileStorage } from '@isobase/browser/files'
import { applySeed } from '@isobase/browser/seed'
import { bundledAdminAssets } from '../src/admin-assets.js'
import { createIdbSqliteOpener } from '../src/idb-sqlite.js'
import { installIsobase } from '../src/install-isobase.js'
import { swFilePlatform } from '../src/sw-files.js'
import { SAMPLE_SEED } from './sample-schema.js'

/** The backup holding the freshly seeded playground. */
const INITIAL_BACKUP = 'playground-initial.zip'

const sqlite = createIdbSqliteOpener({ idbName: 'isobase-playground' })
const files = swFilePlatform({ name: 'isobase-playground-files' })
const adminAssets = bundledAdminAssets()

installIsobase({
  sqlite,
  platform: {
    adminAssets,
    files: files.files,
    thumbs: files.thumbs,
    backups: browserBackups({ images: () => sqlite.images(), storage: new IdbFileStorage('isobase-playground-backups') }),
    mailer: new BroadcastMailer(),
  },
  // note: the playground signs its visitor in as the sample superuser; no installer page needed
  installer: false,
  setup: seedOnce,
  onInstall: async () => {
    await Promise.all([sqlite.precache(), files.precache(), adminAssets?.precache()])
  },
})

async function seedOnce(app: App): Promise<void> {
  await app.bootstrap()
  if (!(await needInstallerSuperuser(app))) {
    return
  }
  await applySeed(app, SAMPLE_SEED)
  await createBackup(app, INITIAL_BACKUP)
}
