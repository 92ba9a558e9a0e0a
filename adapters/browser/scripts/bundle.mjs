#!/usr/bin/env node
// Bundles the browser adapter into dist/ next to tsc's output: isobase-browser.js (page side),
// isobase-worker.js (the backend Worker), isobase-in-page.js (no Worker), plus the SQLite wasm the
// worker loads from its own directory. Run after `tsc -b` (it resolves @isobase/core to core/dist).
import { copyFileSync, mkdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { copyCodecWasm } from './codec-wasm.mjs'

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const distDir = join(pkgDir, 'dist')
const waSqliteDist = join(
  dirname(createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/package.json')),
  'dist',
)

mkdirSync(distDir, { recursive: true })
await esbuild.build({
  absWorkingDir: pkgDir,
  entryPoints: {
    'isobase-browser': 'src/index.ts',
    'isobase-worker': 'src/worker-entry.ts',
    'isobase-in-page': 'src/in-page-backend.ts',
  },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
})
copyFileSync(join(waSqliteDist, 'wa-sqlite.wasm'), join(distDir, 'wa-sqlite.wasm'))
const codecs = copyCodecWasm(distDir)
console.log(`browser: dist/ ${codecs.names.length} image codec .wasm files ${(codecs.bytes / 1024).toFixed(1)} KiB`)

for (const name of [
  'isobase-browser.js',
  'isobase-worker.js',
  'isobase-in-page.js',
  'wa-sqlite.wasm',
]) {
  console.log(`browser: dist/${name} ${(statSync(join(distDir, name)).size / 1024).toFixed(1)} KiB`)
}
