#!/usr/bin/env node
// Benchmark dispatcher: `node bench/run.mjs <suite> [options]` (root: `npm run bench -- <suite>`).
// Add a suite by adding a row to SUITES; each suite is a standalone script that gets the remaining args.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Suite name → script (relative to this file) and a one-line description. */
const SUITES = {
  engine: {
    script: './engine.mjs',
    about: 'SQLite engine: isobase Node driver (async port) vs better-sqlite3',
  },
  files: {
    script: './files.mjs',
    about: 'files: upload 1 MB, first/cached thumb of a 2000x2000 JPEG, RSS while streaming 100 MB',
  },
  auth: {
    script: './auth.mjs',
    about: 'auth: auth-with-password (bcrypt), auth-refresh, token verification per request',
  },
  filter: {
    script: './filter.mjs',
    about: 'filter language: parse / compile / list-query CPU time per operation',
  },
  browser: {
    script: './browser.mjs',
    about: 'browser: create/list/view from Chromium against the Service Worker, Worker, in-page and Node backends; SW cold start',
  },
  realtime: {
    script: './realtime.mjs',
    about: 'realtime: N SSE subscribers (distinct users, rule-checked), delivery latency and memory vs PocketBase',
  },
}

const [suite, ...args] = process.argv.slice(2)
if (!suite || !(suite in SUITES)) {
  console.error('usage: node bench/run.mjs <suite> [options]\n\nsuites:')
  for (const [name, { about }] of Object.entries(SUITES)) {
    console.error(`  ${name.padEnd(12)} ${about}`)
  }
  process.exit(suite ? 1 : 0)
}
const script = fileURLToPath(new URL(SUITES[suite].script, import.meta.url))
const res = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' })
process.exit(res.status ?? 1)
