#!/usr/bin/env node
// Builds the notes app into dist/ (a static site): app.js (the page, with the SDK), sw.js (the
// Service Worker with Isobase, the app's pb_migrations and the dashboard), the public/ files, and the
// engine, codec and dashboard files the worker loads from next to itself. Run after the workspaces'
// `tsc -b` (it bundles @isobase/* from their dist/).
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { copyCodecWasm } from '../../../adapters/browser/scripts/codec-wasm.mjs'
import { adminDefine, copyAdmin } from '../../../adapters/service-worker/scripts/admin-bundle.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const tsc = join(root, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc')
const check = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' })
if (check.status !== 0) {
  console.error('offline-notes: type-check failed')
  process.exit(check.status ?? 1)
}

const migrationsDir = join(root, 'pb_migrations')
const migrations = readdirSync(migrationsDir)
  .filter((f) => f.endsWith('.js'))
  .sort()
  .map((file) => ({ file, code: readFileSync(join(migrationsDir, file), 'utf8') }))

rmSync(dist, { recursive: true, force: true })
mkdirSync(dist, { recursive: true })
cpSync(join(root, 'public'), dist, { recursive: true })
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
}
await esbuild.build({ ...common, entryPoints: ['src/app.ts'], outfile: 'dist/app.js' })
// the shell cache is versioned by the shell's content, so a new build replaces it
const shellHash = createHash('sha256')
for (const name of ['app.js', 'app.css', 'index.html', 'manifest.webmanifest', 'icon.svg']) {
  shellHash.update(readFileSync(join(dist, name)))
}
await esbuild.build({
  ...common,
  entryPoints: ['src/sw.ts'],
  outfile: 'dist/sw.js',
  define: {
    ...adminDefine(),
    __NOTES_MIGRATIONS__: JSON.stringify(migrations),
    __SHELL_VERSION__: JSON.stringify(shellHash.digest('hex').slice(0, 12)),
  },
})
if (/\bimport\s*\(/.test(readFileSync(join(dist, 'sw.js'), 'utf8'))) {
  console.error('offline-notes: sw.js contains import(), which Service Workers reject')
  process.exit(1)
}
const waSqlite = dirname(createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm'))
for (const name of ['wa-sqlite-async.wasm', 'wa-sqlite-jspi.wasm']) {
  copyFileSync(join(waSqlite, name), join(dist, name))
}
copyCodecWasm(dist)
copyAdmin(dist)
const kib = (name) => (statSync(join(dist, name)).size / 1024).toFixed(1)
console.log(`offline-notes: dist/app.js ${kib('app.js')} KiB, dist/sw.js ${kib('sw.js')} KiB`)
