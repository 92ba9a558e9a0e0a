#!/usr/bin/env node
// Benchmark dispatcher: `node bench/run.mjs <suite> [options]` (root: `npm run bench -- <suite>`).
// Without a suite it lists the suites and runs the main table (`pocketbase`).
// Add a suite by adding a row to SUITES; each suite is a standalone script that gets the remaining args.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Suite name → script (relative to this file) and a one-line description. */
const SUITES = {
  pocketbase: {
    script: './pocketbase.mjs',
    about:
      'the main table: pocketbase/benchmarks scenarios + realtime, Isobase vs the reference PocketBase (.ref/base)',
  },
  records: {
    script: './records.mjs',
    about: 'records API rows (list ±totals on 10k/100k, view, create, update, relation rule), vs PocketBase',
  },
  webapi: {
    script: './webapi.mjs',
    about: 'web API object costs on this Node: Request/Response construction, WebCrypto vs node:crypto HMAC',
  },
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

const DEFAULT_SUITE = 'pocketbase'
const argv = process.argv.slice(2)
const given = argv[0] !== undefined && !argv[0].startsWith('-')
const [suite, ...args] = given ? argv : [DEFAULT_SUITE, ...argv]
if (!given || !(suite in SUITES)) {
  console.error('usage: node bench/run.mjs <suite> [options]\n\nsuites:')
  for (const [name, { about }] of Object.entries(SUITES)) {
    console.error(`  ${name.padEnd(12)} ${about}`)
  }
  if (given) {
    process.exit(1)
  }
  console.error(`\nno suite given: running ${DEFAULT_SUITE}\n`)
}
const script = fileURLToPath(new URL(SUITES[suite].script, import.meta.url))
const res = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' })
process.exit(res.status ?? 1)
