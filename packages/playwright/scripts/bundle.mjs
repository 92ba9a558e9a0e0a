#!/usr/bin/env node
// Builds the page side of isobaseInPage into dist/web/: page-init.js (an IIFE added as an init
// script), page-backend.js (the core + in-page backend, loaded by it) and the engine and codec
// binaries it loads from its own directory. Run after `tsc -b` (packages resolve to their dist/).
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { copyCodecWasm } from '../../../adapters/browser/scripts/codec-wasm.mjs'

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(pkgDir, 'dist', 'web')
const tsc = join(pkgDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc')
const check = spawnSync(process.execPath, [tsc, '-p', join(pkgDir, 'web', 'tsconfig.json')], { stdio: 'inherit' })
if (check.status !== 0) {
  console.error('playwright: type-check of web/ failed')
  process.exit(check.status ?? 1)
}
rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
const common = {
  absWorkingDir: pkgDir,
  outdir: 'dist/web',
  bundle: true,
  platform: 'browser',
  target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
}
await esbuild.build({ ...common, entryPoints: { 'page-init': 'web/page-init.ts' }, format: 'iife' })
await esbuild.build({ ...common, entryPoints: { 'page-backend': 'web/page-backend.ts' }, format: 'esm' })
const waSqlite = createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm')
copyFileSync(waSqlite, join(outDir, 'wa-sqlite.wasm'))
copyCodecWasm(outDir)
for (const name of ['page-init.js', 'page-backend.js']) {
  console.log(`playwright: dist/web/${name} ${(statSync(join(outDir, name)).size / 1024).toFixed(1)} KiB`)
}
