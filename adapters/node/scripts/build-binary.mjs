#!/usr/bin/env node
// Builds the single `isobase` executable (Node's single executable applications): the CLI bundled to one
// CommonJS file with esbuild, the wa-sqlite and thumb codec WebAssembly binaries and the admin UI as SEA
// assets, injected with postject into a copy of this Node binary. Run after `npm run build`.
//
//   node adapters/node/scripts/build-binary.mjs [--out dist-binary/isobase]
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const nodePkg = resolve(here, '..')
const root = resolve(nodePkg, '../..')
const require = createRequire(join(nodePkg, 'package.json'))
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'

// Runs first in the bundle: a file URL for import.meta.url, and a `require` for optional dependencies
// (`try { require('node-libcurl') } catch {}`) that fails like a missing package instead of making Node
// warn that a single executable can only require built-in modules.
const BANNER = `var __isobaseImportMetaUrl = require('node:url').pathToFileURL(__filename).href;
var require = ((nodeRequire) => Object.assign((id) => {
  if (nodeRequire('node:module').isBuiltin(id)) return nodeRequire(id);
  const err = new Error("Cannot find module '" + id + "' (the single executable bundles its dependencies)");
  err.code = 'MODULE_NOT_FOUND';
  throw err;
}, nodeRequire))(require);`

const outArg = process.argv.indexOf('--out')
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, 'dist-binary', 'isobase'))
const entry = join(nodePkg, 'dist', 'sea', 'sea-main.js')
if (!existsSync(entry)) {
  console.error(`missing ${entry}: run \`npm run build\` first`)
  process.exit(1)
}

const { build } = await import('esbuild')
const { inject } = require('postject')
const { CODEC_WASM_FILES } = await import('@isobase/core')
const { EMBEDDED_KEYS } = await import(join(nodePkg, 'dist', 'embedded-assets.js'))

const work = mkdtempSync(join(tmpdir(), 'isobase-sea-'))
try {
  const bundle = join(work, 'isobase.cjs')
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    // import.meta has no CommonJS equivalent: give modules that locate files with it a real file URL
    define: { 'import.meta.url': '__isobaseImportMetaUrl', 'import.meta.dirname': '__dirname' },
    banner: { js: BANNER },
    logLevel: 'error',
    legalComments: 'none',
  })

  const assets = { [EMBEDDED_KEYS.sqliteWasm]: require.resolve('@journeyapps/wa-sqlite/dist/wa-sqlite.wasm') }
  const coreRequire = createRequire(require.resolve('@isobase/core'))
  for (const [name, path] of Object.entries(CODEC_WASM_FILES)) {
    assets[EMBEDDED_KEYS.codec(name)] = coreRequire.resolve(path)
  }
  const adminDist = join(root, 'admin', 'dist')
  const manifestPath = join(adminDist, 'manifest.json')
  if (existsSync(manifestPath)) {
    assets[EMBEDDED_KEYS.admin('manifest.json')] = manifestPath
    for (const file of JSON.parse(readFileSync(manifestPath, 'utf8')).files) {
      assets[EMBEDDED_KEYS.admin(file.path)] = join(adminDist, file.path)
    }
  } else {
    console.warn('admin/dist is missing: the binary will have no admin UI')
  }

  const blob = join(work, 'sea-prep.blob')
  const config = join(work, 'sea-config.json')
  writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, assets }, null, 2))
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' })

  mkdirSync(dirname(out), { recursive: true })
  rmSync(out, { force: true })
  copyFileSync(process.execPath, out)
  chmodSync(out, 0o755)
  await inject(out, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE })
  console.log(`built ${out}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
