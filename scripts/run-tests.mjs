#!/usr/bin/env node
// Runs every compiled `*.test.js` under the workspaces' dist-test/ folders with node:test.
// Node 20 does not expand globs given to --test, so the files are collected here.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const roots = ['core', 'adapters/node', 'admin', 'adapters/browser', 'adapters/service-worker', 'packages/playwright', 'examples/offline-notes', 'conformance', 'e2e', 'bench']
  .map((w) => join(root, w, 'dist-test'))
  .filter((d) => existsSync(d))

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      collect(path, out)
    } else if (name.endsWith('.test.js')) {
      out.push(path)
    }
  }
  return out
}

const only = process.argv.slice(2)
let files = roots.flatMap((d) => collect(d, []))
if (only.length > 0) {
  files = files.filter((f) => only.some((o) => relative(root, f).includes(o)))
}
files.sort()
if (files.length === 0) {
  console.error('no test files found')
  process.exit(1)
}
const res = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  cwd: root,
})
process.exit(res.status ?? 1)
