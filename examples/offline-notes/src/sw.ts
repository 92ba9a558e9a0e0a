/**
 * @module The notes app's Service Worker: Isobase answers `/api/*` (and the dashboard at `/_/`) from
 * the browser's own storage, the app's `pb_migrations` are applied on start, and the app shell is
 * kept in Cache Storage so the app opens offline. Bundled into `dist/sw.js` (static imports only).
 */
import { BroadcastMailer, loadJsMigrations, MigrationsRunner, type MigrationSource } from '@isobase/core'
import {
  bundledAdminAssets,
  createIdbSqliteOpener,
  installIsobase,
  swFilePlatform,
} from '@isobase/service-worker'

declare const __NOTES_MIGRATIONS__: MigrationSource[]
declare const __SHELL_VERSION__: string

/** The files of the app shell (relative to the worker's scope). */
const SHELL = ['./', 'app.js', 'app.css', 'manifest.webmanifest', 'icon.svg']
const SHELL_CACHE = `notes-shell-${__SHELL_VERSION__}`

const sqlite = createIdbSqliteOpener({ idbName: 'offline-notes' })
const files = swFilePlatform({ name: 'offline-notes-files' })
const adminAssets = bundledAdminAssets()
const migrations = loadJsMigrations(__NOTES_MIGRATIONS__)

const isobase = installIsobase({
  sqlite,
  platform: { adminAssets, files: files.files, thumbs: files.thumbs, mailer: new BroadcastMailer() },
  // the same pb_migrations a server would run: applied once (recorded in _migrations), before the
  // worker answers its first request
  setup: async (app) => {
    await app.bootstrap()
    await new MigrationsRunner(app, migrations).up()
  },
  onInstall: async () => {
    const shell = await caches.open(SHELL_CACHE)
    await Promise.all([
      shell.addAll(SHELL),
      sqlite.precache(),
      files.precache(),
      adminAssets?.precache(),
    ])
  },
})

const scope = self as unknown as {
  addEventListener(type: 'fetch', fn: (e: Event & { request: Request; respondWith(r: Promise<Response>): void }) => void): void
  addEventListener(type: 'activate', fn: (e: Event & { waitUntil(p: Promise<unknown>): void }) => void): void
}

// the shell: network first (so a new version shows up at once), the cached copy when offline
scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  if (event.request.method !== 'GET' || url.origin !== location.origin || isobase.handles(url)) {
    return
  }
  event.respondWith(
    fetch(event.request).catch(async () => {
      const cached = await caches.match(event.request, { ignoreSearch: true, cacheName: SHELL_CACHE })
      return cached ?? Response.error()
    }),
  )
})

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) =>
      Promise.all(keys.filter((k) => k.startsWith('notes-shell-') && k !== SHELL_CACHE).map((k) => caches.delete(k))),
    ),
  )
})
