#!/usr/bin/env node
// Builds the e2e browser entries into e2e/dist-web/: type-checks web/ (tsc --noEmit), bundles the test
// Service Worker, the test backend Worker and the test page script with esbuild, and copies the SQLite
// wasm files each bundle loads from its own directory. Run after `tsc -b` (packages resolve to dist/).
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { copyCodecWasm } from '../../adapters/browser/scripts/codec-wasm.mjs'
import { adminDefine, copyAdmin } from '../../adapters/service-worker/scripts/admin-bundle.mjs'

const e2eDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(e2eDir, 'dist-web')
const waSqliteDist = join(
  dirname(createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/package.json')),
  'dist',
)

const tsc = join(e2eDir, '..', 'node_modules', 'typescript', 'bin', 'tsc')
const check = spawnSync(process.execPath, [tsc, '-p', join(e2eDir, 'web', 'tsconfig.json')], {
  stdio: 'inherit',
})
if (check.status !== 0) {
  console.error('e2e: type-check of web/ failed')
  process.exit(check.status ?? 1)
}

rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
await esbuild.build({
  absWorkingDir: e2eDir,
  entryPoints: {
    'e2e-sw': 'web/e2e-sw.ts',
    'e2e-worker': 'web/e2e-worker.ts',
    'e2e-page': 'web/e2e-page.ts',
    'realtime-page': 'web/realtime-page.ts',
  },
  outdir: 'dist-web',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: adminDefine(),
})
copyAdmin(outDir)
copyCodecWasm(outDir)
copyFileSync(join(e2eDir, 'web', 'index.html'), join(outDir, 'index.html'))
for (const name of ['wa-sqlite.wasm', 'wa-sqlite-async.wasm', 'wa-sqlite-jspi.wasm']) {
  copyFileSync(join(waSqliteDist, name), join(outDir, name))
}
