// Builds the playground into dist/playground/: a static site (index.html, playground.js,
// playground-sw.js, the engines, codecs and dashboard the worker loads from next to itself) that
// gives a visitor a full Isobase in their tab. Served by `isobase serve` at /_/playground/, or from
// any static host (https, or localhost). Called by scripts/bundle.mjs.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import * as esbuild from 'esbuild'
import { copyCodecWasm } from '../../browser/scripts/codec-wasm.mjs'
import { adminDefine, copyAdmin } from './admin-bundle.mjs'

/** Builds into `<pkgDir>/dist/playground`; `waSqliteDist` holds the engine builds. */
export async function buildPlayground(pkgDir, waSqliteDist) {
  const src = join(pkgDir, 'playground')
  const out = join(pkgDir, 'dist', 'playground')
  const tsc = join(pkgDir, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc')
  const check = spawnSync(process.execPath, [tsc, '-p', join(src, 'tsconfig.json')], { stdio: 'inherit' })
  if (check.status !== 0) {
    throw new Error('playground: type-check failed')
  }
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  await esbuild.build({
    absWorkingDir: pkgDir,
    entryPoints: { playground: 'playground/playground.ts', 'playground-sw': 'playground/playground-sw.ts' },
    outdir: 'dist/playground',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    define: adminDefine(),
  })
  if (/\bimport\s*\(/.test(readFileSync(join(out, 'playground-sw.js'), 'utf8'))) {
    throw new Error('playground: playground-sw.js contains import(), which Service Workers reject')
  }
  for (const name of ['index.html', 'playground.css']) {
    copyFileSync(join(src, name), join(out, name))
  }
  for (const name of ['wa-sqlite-async.wasm', 'wa-sqlite-jspi.wasm']) {
    copyFileSync(join(waSqliteDist, name), join(out, name))
  }
  copyCodecWasm(out)
  copyAdmin(out)
  const kib = (n) => (statSync(join(out, n)).size / 1024).toFixed(1)
  console.log(`service-worker: dist/playground/ playground.js ${kib('playground.js')} KiB, playground-sw.js ${kib('playground-sw.js')} KiB`)
}
