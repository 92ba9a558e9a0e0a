#!/usr/bin/env node
// Builds the admin UI into admin/dist/: type-checks src/ (tsc --noEmit), bundles it with esbuild into one
// hashed JS + one hashed CSS file, writes index.html with relative URLs (so the UI works under any mount
// path, e.g. /_/) and manifest.json, the list of files with content types that adapters serve.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, extname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'

const adminDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const distDir = join(adminDir, 'dist')
const skipCheck = process.argv.includes('--no-check')

if (!skipCheck) {
  const tsc = join(adminDir, '..', 'node_modules', 'typescript', 'bin', 'tsc')
  const res = spawnSync(process.execPath, [tsc, '-p', join(adminDir, 'tsconfig.json')], {
    stdio: 'inherit',
  })
  if (res.status !== 0) {
    console.error('admin: type-check failed')
    process.exit(res.status ?? 1)
  }
}

rmSync(distDir, { recursive: true, force: true })
mkdirSync(join(distDir, 'assets'), { recursive: true })

const result = await esbuild.build({
  absWorkingDir: adminDir,
  entryPoints: { app: 'src/main.ts', style: 'src/styles/global.css' },
  outdir: 'dist/assets',
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome111', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'none',
  metafile: true,
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
})

const outputs = Object.keys(result.metafile.outputs).map((p) => relative('dist', p))
const jsFile = outputs.find((p) => p.startsWith('assets/app-') && p.endsWith('.js'))
const cssFile = outputs.find((p) => p.startsWith('assets/style-') && p.endsWith('.css'))
if (!jsFile || !cssFile) {
  throw new Error(`admin: unexpected esbuild outputs ${outputs.join(', ')}`)
}

const favicon = readFileSync(join(adminDir, 'src', 'styles', 'favicon.svg'))
const faviconFile = `assets/favicon-${hash(favicon)}.svg`
writeFileSync(join(distDir, faviconFile), favicon)

writeFileSync(
  join(distDir, 'index.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Isobase</title>
<link rel="icon" type="image/svg+xml" href="./${faviconFile}">
<link rel="stylesheet" href="./${cssFile}">
<script type="module" src="./${jsFile}"></script>
</head>
<body>
<pb-app></pb-app>
<noscript>The Isobase dashboard needs JavaScript.</noscript>
</body>
</html>
`,
)

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
}

const files = listFiles(distDir).map((path) => {
  const bytes = readFileSync(join(distDir, path))
  return {
    path,
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    size: bytes.length,
    // hashed asset names never change content, so they may be cached forever; index.html may not
    immutable: path.startsWith('assets/'),
  }
})
writeFileSync(
  join(distDir, 'manifest.json'),
  JSON.stringify({ index: 'index.html', files }, null, 2) + '\n',
)

const total = files.reduce((n, f) => n + f.size, 0)
console.log(`admin: dist/ ${files.length} files, ${(total / 1024).toFixed(1)} KiB`)

function listFiles(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      out.push(...listFiles(path).map((p) => `${name}/${p}`))
    } else {
      out.push(name)
    }
  }
  return out.sort()
}

function hash(bytes) {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 8).toUpperCase()
}
