#!/usr/bin/env node
// Bundles the Service Worker adapter into dist/ next to tsc's output: isobase-sw.js (the worker script,
// static imports only: import() is disallowed in Service Workers), isobase-register.js (page helper),
// and both SQLite wasm builds the worker picks from at run time (JSPI where supported, else Asyncify).
// Run after `tsc -b` (it resolves @isobase/core to core/dist).
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { copyCodecWasm } from '../../browser/scripts/codec-wasm.mjs'
import { adminDefine, copyAdmin } from './admin-bundle.mjs'
import { buildPlayground } from './playground.mjs'
import { hooksDirFromArgv, pbHooksPlugins } from './pb-hooks-plugin.mjs'

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const distDir = join(pkgDir, 'dist')
const waSqliteDist = join(
  dirname(createRequire(import.meta.url).resolve('@journeyapps/wa-sqlite/package.json')),
  'dist',
)
const WASM = ['wa-sqlite-async.wasm', 'wa-sqlite-jspi.wasm']

mkdirSync(distDir, { recursive: true })
await esbuild.build({
  absWorkingDir: pkgDir,
  entryPoints: { 'isobase-sw': 'src/sw.ts', 'isobase-register': 'src/register.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  define: adminDefine(),
  // `-- --hooks <dir>`: the app's pb_hooks run in the worker too
  plugins: pbHooksPlugins(hooksDirFromArgv(process.argv)),
})
if (!copyAdmin(distDir)) {
  console.warn('service-worker: admin/dist not built; isobase-sw.js serves no dashboard')
}
// import() throws in a Service Worker at run time only; catch it at build time instead
const sw = readFileSync(join(distDir, 'isobase-sw.js'), 'utf8')
if (/\bimport\s*\(/.test(sw)) {
  console.error('service-worker: isobase-sw.js contains import(), which Service Workers reject')
  process.exit(1)
}
for (const name of WASM) {
  copyFileSync(join(waSqliteDist, name), join(distDir, name))
}
const codecs = copyCodecWasm(distDir)
console.log(
  `service-worker: dist/ ${codecs.names.length} image codec .wasm files ${(codecs.bytes / 1024).toFixed(1)} KiB`,
)

for (const name of ['isobase-sw.js', 'isobase-register.js', ...WASM]) {
  console.log(
    `service-worker: dist/${name} ${(statSync(join(distDir, name)).size / 1024).toFixed(1)} KiB`,
  )
}
await buildPlayground(pkgDir, waSqliteDist)
