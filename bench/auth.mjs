#!/usr/bin/env node
// Auth benchmark against a real `isobase serve` child process on 127.0.0.1 (fresh temp pb_data):
//   - auth-with-password: POST /api/collections/users/auth-with-password (bcrypt cost reported)
//   - auth-refresh:       POST /api/collections/users/auth-refresh with a valid token
//   - token verification per request: GET /api/health with vs without an auth token (the difference is
//     what loading + verifying the token adds to every request); plus the in-process cost of
//     findAuthRecordByToken (JWT parse + record load + HS256 check) and of issuing a token.
// Sequential requests, ms per request (median / p95); --concurrency N adds an N-parallel throughput row.
//
//   node bench/run.mjs auth [--logins 30] [--refreshes 300] [--views 500] [--verify 3000] [--concurrency 8]
//                           [--target isobase|pocketbase]
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { findAuthRecordByToken, newAuthToken, RecordModel, saveRecord } from '@isobase/core'
import { openNodeApp } from '@isobase/node'

const { values: opts } = parseArgs({
  options: {
    logins: { type: 'string', default: '30' },
    refreshes: { type: 'string', default: '300' },
    views: { type: 'string', default: '500' },
    verify: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '8' },
    target: { type: 'string', default: 'isobase' },
  },
})
// note: --target pocketbase serves the same pb_data (prepared by isobase) with the reference binary
const PB_BINARY = process.env.PB_BINARY || fileURLToPath(new URL('../.ref/base', import.meta.url))
const BIN = fileURLToPath(new URL('../adapters/node/bin/isobase.js', import.meta.url))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]
const fmt = (xs) => `median ${median(xs).toFixed(2)} ms  p95 ${p95(xs).toFixed(2)} ms  (n=${xs.length})`

async function timed(fn) {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function series(n, fn) {
  const out = []
  for (let i = 0; i < n; i++) out.push(await timed(fn))
  return out
}

async function throughput(n, concurrency, fn) {
  let next = 0
  const t = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) await fn()
    }),
  )
  return (n / (performance.now() - t)) * 1000
}

/** A user (bcrypt cost from the users collection's password field) and its id. */
async function prepare(dir) {
  const node = await openNodeApp({ dir })
  const users = node.app.findCachedCollection('users')
  const cost = users.fields.find((f) => f.name === 'password').cost || 10
  const user = new RecordModel(users)
  user.load({ email: 'bench@example.com', password: 'bench-pass-123', name: 'Bench' })
  await saveRecord(node.app, user)

  // in-process token costs on the same data
  const token = await newAuthToken(node.app, user)
  const verifyN = Number(opts.verify)
  await findAuthRecordByToken(node.app, token, 'auth')
  let t = performance.now()
  for (let i = 0; i < verifyN; i++) await findAuthRecordByToken(node.app, token, 'auth')
  const verifyUs = ((performance.now() - t) / verifyN) * 1000
  t = performance.now()
  for (let i = 0; i < verifyN; i++) await newAuthToken(node.app, user)
  const issueUs = ((performance.now() - t) / verifyN) * 1000
  await node.close()
  return { id: user.id, cost, verifyUs, issueUs }
}

function startServer(dir) {
  const port = 20000 + Math.floor(Math.random() * 20000)
  const args = ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir]
  const child =
    opts.target === 'pocketbase'
      ? spawn(PB_BINARY, args, { stdio: ['ignore', 'ignore', 'ignore'] })
      : spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'ignore'] })
  return { child, url: `http://127.0.0.1:${port}` }
}

async function waitUp(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url + '/api/health')).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('server did not start')
}

async function post(url, path, body, token) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const json = await res.json()
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

const root = mkdtempSync(join(tmpdir(), 'isobase-bench-auth-'))
const dir = join(root, 'pb_data')
let server
try {
  const prep = await prepare(dir)
  server = startServer(dir)
  await waitUp(server.url)
  const { url } = server
  const creds = { identity: 'bench@example.com', password: 'bench-pass-123' }
  const login = () => post(url, '/api/collections/users/auth-with-password', creds)
  const { token } = await login()
  const refresh = () => post(url, '/api/collections/users/auth-refresh', undefined, token)
  // the token is loaded and verified on every request (even /api/health): compare with and without it
  const view = (auth) => async () => {
    const res = await fetch(`${url}/api/health`, { headers: auth ? { authorization: token } : {} })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error('health ' + res.status)
  }
  // warm up
  for (let i = 0; i < 20; i++) {
    await refresh()
    await view(true)()
    await view(false)()
  }
  const c = Number(opts.concurrency)
  console.log(`auth benchmark (${opts.target} serve, 127.0.0.1, bcrypt cost ${prep.cost})`)
  console.log(`  auth-with-password       ${fmt(await series(Number(opts.logins), login))}`)
  console.log(`  auth-with-password x${c}    ${(await throughput(Number(opts.logins), c, login)).toFixed(1)} req/s`)
  console.log(`  auth-refresh             ${fmt(await series(Number(opts.refreshes), refresh))}`)
  console.log(`  auth-refresh x${c}          ${(await throughput(Number(opts.refreshes), c, refresh)).toFixed(0)} req/s`)
  // interleaved, so load changes hit both series alike
  const withToken = []
  const guest = []
  for (let i = 0; i < Number(opts.views); i++) {
    withToken.push(await timed(view(true)))
    guest.push(await timed(view(false)))
  }
  console.log(`  GET /api/health + token  ${fmt(withToken)}`)
  console.log(`  GET /api/health (guest)  ${fmt(guest)}`)
  console.log(`  token verification per request (median difference): ${(median(withToken) - median(guest)).toFixed(3)} ms`)
  console.log(`  in-process findAuthRecordByToken: ${prep.verifyUs.toFixed(1)} µs/op; newAuthToken: ${prep.issueUs.toFixed(1)} µs/op`)
} finally {
  server?.child.kill()
  await new Promise((r) => setTimeout(r, 200))
  rmSync(root, { recursive: true, force: true })
}
