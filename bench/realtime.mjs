#!/usr/bin/env node
// Realtime benchmark: N SSE subscribers (by default each a distinct authenticated user) on one
// collection whose listRule depends on the subscriber's auth, and a writer creating records at a fixed
// rate. Every record is visible to every subscriber, so each write is N deliveries, each rule-checked.
//
// Reports, per target and N: write-to-delivery latency p50/p99/max over all deliveries (from the start
// of the create request to the frame's arrival at the subscriber), deliveries received vs expected, the
// server's CPU time per write (user + system, from /proc: less sensitive to other load on the machine
// than latency), and server memory per connection (RSS growth from before the subscribers connected,
// divided by N). The load average at the start is printed: other processes skew the latencies.
//
// The server runs as a child process on 127.0.0.1 (fresh temp pb_data, prepared once with isobase and
// served by both targets); subscribers and the writer live in this process, so client and server share
// the machine's cores, the same way for both targets.
//
//   node bench/run.mjs realtime [--sizes 1000,5000,10000] [--rate 1] [--duration 10]
//                               [--target isobase,pocketbase] [--auth distinct|shared]
// --auth shared: every subscriber is the same user (one access group: the best case).
// BENCH_NODE_ARGS (e.g. `--cpu-prof`) is passed to the isobase server's node.
import { spawn } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import bcrypt from 'bcryptjs'
import { newAuthToken, RecordModel, saveRecord } from '@isobase/core'
import { openNodeApp } from '@isobase/node'

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,5000,10000' },
    rate: { type: 'string', default: '1' },
    auth: { type: 'string', default: 'distinct' },
    duration: { type: 'string', default: '10' },
    target: { type: 'string', default: 'isobase,pocketbase' },
    port: { type: 'string', default: '18790' },
  },
})
const SIZES = opts.sizes.split(',').map(Number)
const RATE = Number(opts.rate)
const DURATION = Number(opts.duration)
const PB_BINARY = process.env.PB_BINARY || fileURLToPath(new URL('../.ref/base', import.meta.url))
const BIN = fileURLToPath(new URL('../adapters/node/bin/isobase.js', import.meta.url))
const TARGETS = opts.target.split(',').filter((t) => t !== 'pocketbase' || existsSync(PB_BINARY))
const MAX = Math.max(...SIZES)
const COLLECTION = 'feed'
// every subscriber is a distinct user, so the rule is checked for N different auth records per event
const LIST_RULE = '@request.auth.id != "" && (public = true || owner = @request.auth.id)'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]

// ------------------------------------------------------------------ data

/** A fresh pb_data with MAX users (tokens minted here), the `feed` collection and a superuser. */
async function prepare(dir) {
  const node = await openNodeApp({ dir })
  const app = node.app
  try {
    const su = new RecordModel(app.findCachedCollection('_superusers'))
    su.load({ email: 'bench-su@example.com', password: 'bench-superuser-1' })
    await saveRecord(app, su)
    const suToken = await newAuthToken(app, su)
    const users = app.findCachedCollection('users')
    const res = await app.request('/api/collections', {
      method: 'POST',
      headers: { authorization: suToken, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: COLLECTION,
        type: 'base',
        listRule: LIST_RULE,
        viewRule: LIST_RULE,
        createRule: null,
        fields: [
          { name: 'title', type: 'text' },
          { name: 'public', type: 'bool' },
          { name: 'owner', type: 'relation', collectionId: users.id, maxSelect: 1 },
        ],
      }),
    })
    if (res.status !== 200) throw new Error(`create collection: ${res.status} ${await res.text()}`)

    // users straight into the table (one bcrypt hash for all: nobody logs in with a password)
    const hash = bcrypt.hashSync('bench-user-pass', 4)
    const secret = users.authToken.secret
    const now = '2026-01-01 00:00:00.000Z'
    const tokens = []
    await app.runInTransaction(async (tx) => {
      for (let i = 0; i < MAX; i++) {
        const id = `u${String(i).padStart(14, '0')}`
        const tokenKey = randomBytes(25).toString('hex')
        await tx
          .db()
          .run(
            'INSERT INTO users (id, email, password, tokenKey, verified, emailVisibility, name, avatar, created, updated) VALUES (?, ?, ?, ?, 1, 0, ?, ?, ?, ?)',
            [id, `user${i}@example.com`, hash, tokenKey, `user ${i}`, '', now, now],
          )
        tokens.push(
          jwt(
            { id, type: 'auth', collectionId: users.id, exp: 2524604461, refreshable: true },
            tokenKey + secret,
          ),
        )
      }
    })
    return { suToken, tokens }
  } finally {
    await node.close()
  }
}

function jwt(claims, key) {
  const enc = (v) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`
}

// ------------------------------------------------------------------ server

async function startServer(target, dir, port) {
  const args =
    target === 'pocketbase'
      ? [
          PB_BINARY,
          [
            'serve',
            '--http',
            `127.0.0.1:${port}`,
            '--dir',
            dir,
            '--automigrate=false',
            '--migrationsDir',
            join(dir, '..', 'migrations'),
          ],
        ]
      : [
          process.execPath,
          [
            ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
            BIN,
            'serve',
            '--http',
            `127.0.0.1:${port}`,
            '--dir',
            dir,
          ],
        ]
  const child = spawn(args[0], args[1], {
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${base}/api/health`)
      if (res.ok) break
    } catch {
      if (i > 200) throw new Error(`${target} did not start`)
    }
    await sleep(50)
  }
  return {
    base,
    rss: () =>
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) * 1024,
    /** CPU seconds (user + system) the server used so far (clock ticks of /proc/<pid>/stat, 100 Hz). */
    cpu: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
      return (Number(fields[11]) + Number(fields[12])) / 100
    },
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    },
  }
}

// ------------------------------------------------------------------ clients

const postAgent = new http.Agent({ keepAlive: true, maxSockets: 32 })

function post(base, path, body, token) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body)
    const req = http.request(
      `${base}${path}`,
      {
        method: 'POST',
        agent: postAgent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          authorization: token,
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode, text }))
      },
    )
    req.on('error', reject)
    req.end(data)
  })
}

/**
 * One subscriber: an SSE connection (its own socket), subscribed as its user. `onEvent(recordId)` runs
 * as each record frame arrives.
 */
function subscriber(base, token, onEvent) {
  return new Promise((resolve, reject) => {
    let buf = ''
    let clientId = ''
    const req = http.get(`${base}/api/realtime`, { agent: false }, (res) => {
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        buf += chunk
        for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
          const frame = buf.slice(0, end)
          buf = buf.slice(end + 2)
          if (!clientId) {
            clientId = /^id:(\w+)/.exec(frame)[1]
            post(
              base,
              '/api/realtime',
              { clientId, subscriptions: [`${COLLECTION}/*`] },
              token,
            ).then(
              (r) =>
                r.status === 204
                  ? resolve(req)
                  : reject(new Error(`subscribe: ${r.status} ${r.text}`)),
              reject,
            )
            continue
          }
          // note: record keys are sorted and only the record id is the key `"id"`
          const m = /"id":"(\w+)"/.exec(frame)
          if (m) onEvent(m[1])
        }
      })
      res.on('error', () => {})
    })
    req.on('error', reject)
  })
}

async function inBatches(n, concurrency, fn) {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++)
    }),
  )
}

// ------------------------------------------------------------------ one run

async function run(target, dataDir, tokens, suToken, n, port, tag) {
  const server = await startServer(target, dataDir, port)
  const sockets = []
  try {
    // warm up: one subscriber, one write
    const warm = await subscriber(server.base, tokens[0], () => {})
    await post(
      server.base,
      `/api/collections/${COLLECTION}/records`,
      { title: 'warmup', public: true },
      suToken,
    )
    await sleep(300)
    warm.destroy()
    await sleep(300)
    const rssBefore = server.rss()

    const writtenAt = new Map()
    const latencies = []
    let received = 0
    const onEvent = (id) => {
      const t0 = writtenAt.get(id)
      if (t0 !== undefined) {
        latencies.push(performance.now() - t0)
        received++
      }
    }
    const connectStart = performance.now()
    await inBatches(n, 100, async (i) => {
      sockets.push(await subscriber(server.base, tokens[opts.auth === 'shared' ? 0 : i], onEvent))
    })
    const connectSec = (performance.now() - connectStart) / 1000
    await sleep(500)
    const rssAfter = server.rss()

    // the writer: RATE creates per second for DURATION seconds, each at its scheduled time
    const writes = Math.round(RATE * DURATION)
    const cpuBefore = server.cpu()
    const start = performance.now()
    const pending = []
    for (let w = 0; w < writes; w++) {
      const due = start + (w * 1000) / RATE
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      const id = `w${tag}${String(w).padStart(10, '0')}`
      writtenAt.set(id, performance.now())
      pending.push(
        post(
          server.base,
          `/api/collections/${COLLECTION}/records`,
          { id, title: `write ${w}`, public: true, owner: '' },
          suToken,
        ),
      )
    }
    const statuses = await Promise.all(pending)
    const failed = statuses.filter((s) => s.status !== 200)
    if (failed.length > 0) throw new Error(`writes failed: ${failed[0].status} ${failed[0].text}`)
    // wait for the stragglers (up to 30 s after the last write)
    const expected = writes * n
    const deadline = performance.now() + 30_000
    while (received < expected && performance.now() < deadline) await sleep(100)
    const cpuPerWrite = ((server.cpu() - cpuBefore) / writes) * 1000

    latencies.sort((a, b) => a - b)
    return {
      target,
      n,
      connectSec,
      writes,
      received,
      expected,
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: latencies[latencies.length - 1],
      perConnKiB: (rssAfter - rssBefore) / n / 1024,
      cpuPerWrite,
      rssMiB: rssAfter / 1048576,
    }
  } finally {
    for (const s of sockets) s.destroy()
    await server.stop()
  }
}

// ------------------------------------------------------------------ main

const root = mkdtempSync(join(tmpdir(), 'isobase-bench-realtime-'))
try {
  const dataDir = join(root, 'pb_data')
  process.stderr.write(`preparing ${MAX} users…\n`)
  const { suToken, tokens } = await prepare(dataDir)
  console.log(`realtime: ${COLLECTION} listRule ${LIST_RULE}`)
  console.log(
    `${opts.auth === 'shared' ? 'all subscribers one user' : 'each subscriber a distinct user'}; writer ${RATE}/s for ${DURATION}s; latency = create request start → frame received`,
  )
  console.log('')
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${cpus().length} cores)`,
  )
  console.log(
    'target       subscribers  connect s  delivered          p50 ms   p99 ms   max ms  server CPU ms/write  KiB/conn  server RSS MiB',
  )
  let port = Number(opts.port)
  let runs = 0
  for (const n of SIZES) {
    for (const target of TARGETS) {
      const tag = String(runs++).padStart(4, '0')
      const r = await run(target, dataDir, tokens, suToken, n, port++, tag)
      console.log(
        `${r.target.padEnd(12)} ${String(r.n).padStart(11)}  ${r.connectSec.toFixed(1).padStart(9)}  ${`${r.received}/${r.expected}`.padEnd(17)} ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}  ${r.max.toFixed(1).padStart(7)}  ${r.cpuPerWrite.toFixed(0).padStart(19)}  ${r.perConnKiB.toFixed(1).padStart(8)}  ${r.rssMiB.toFixed(0).padStart(14)}`,
      )
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}
