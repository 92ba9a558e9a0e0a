#!/usr/bin/env node
// Engine benchmark: the isobase Node SQLite driver, used through core's async port (one await per
// statement, as core uses it), against better-sqlite3 (native, dev-only reference) with the same
// PRAGMAs. Each implementation runs each round in a fresh process on a fresh temp file; rounds
// interleave the implementations. Prints the median [min–max] per workload and the ratio to the
// reference.
//
//   node bench/run.mjs engine [--rounds 3] [--only isobase,better-sqlite3] [--variants]
//                             [--sync normal|full] [--scale 1] [--cold] [--prof]
//
// Each worker first runs a small warm-up on a scratch file (both implementations), so the table shows
// steady-state server speed; --cold skips it (the WASM build then also pays V8's tier-up, ~0.1 s CPU).
// --variants adds the journal-mode alternatives measured for the driver's choice (exclusive locking,
// rollback journal; slow: the rollback journal pays 3 fsyncs and a directory fsync per autocommit)
// and better-sqlite3 behind one await per statement. --prof writes a V8 CPU profile per worker run to the OS temp dir.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const REFERENCE = 'better-sqlite3'
const WORKLOADS = [
  { key: 'bulk', label: (k) => `bulk insert ${100 * k}k (1 tx), ms` },
  { key: 'autocommit', label: (k) => `autocommit insert ${10 * k}k, ms` },
  { key: 'point', label: (k) => `point select ${100 * k}k, ms` },
  { key: 'range', label: () => 'range scan 10k rows, ms/scan' },
]

/** name → how to open it (the worker side) and what it is. */
const IMPLEMENTATIONS = {
  isobase: { about: 'isobase driver: WAL + in-process shm, write + read connection' },
  'isobase-exclusive': {
    about: 'isobase driver: WAL + locking_mode=EXCLUSIVE, one connection',
    variant: true,
  },
  'isobase-rollback': {
    about: 'isobase driver: rollback journal (DELETE), write + read connection',
    variant: true,
  },
  'better-sqlite3': { about: 'better-sqlite3 12 (native, reference), WAL, synchronous loops' },
  'better-sqlite3-async': {
    about:
      'better-sqlite3 12 behind one await per statement (what a native driver costs behind the port)',
    variant: true,
  },
}

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    variants: { type: 'boolean', default: false },
    sync: { type: 'string', default: 'normal' },
    scale: { type: 'string', default: '1' },
    prof: { type: 'boolean', default: false },
    cold: { type: 'boolean', default: false },
    worker: { type: 'string' },
    file: { type: 'string' },
  },
})

function main() {
  const names = opts.only
    ? opts.only.split(',')
    : Object.keys(IMPLEMENTATIONS).filter((n) => opts.variants || !IMPLEMENTATIONS[n].variant)
  for (const n of names) {
    if (!(n in IMPLEMENTATIONS)) {
      throw new Error(
        `unknown implementation ${n}; known: ${Object.keys(IMPLEMENTATIONS).join(', ')}`,
      )
    }
  }
  const rounds = Number(opts.rounds)
  const results = Object.fromEntries(names.map((n) => [n, []]))
  const self = fileURLToPath(import.meta.url)
  for (let round = 1; round <= rounds; round++) {
    for (const name of names) {
      const dir = mkdtempSync(join(tmpdir(), 'isobase-bench-'))
      try {
        const nodeArgs = opts.prof
          ? ['--cpu-prof', `--cpu-prof-dir=${join(tmpdir(), 'isobase-bench-prof')}`]
          : []
        const res = spawnSync(
          process.execPath,
          [
            ...nodeArgs,
            self,
            ...[
              '--worker',
              name,
              '--file',
              join(dir, 'bench.db'),
              '--sync',
              opts.sync,
              '--scale',
              opts.scale,
            ],
            ...(opts.cold ? ['--cold'] : []),
          ],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
        )
        if (res.status !== 0) {
          throw new Error(`${name} worker failed (${res.status})`)
        }
        results[name].push(JSON.parse(res.stdout.trim().split('\n').pop()))
        process.stderr.write(
          `round ${round}/${rounds} ${name}: ${JSON.stringify(results[name].at(-1))}\n`,
        )
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
  print(names, results, rounds)
}

function print(names, results, rounds) {
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2))
  const scale = Number(opts.scale)
  console.log(
    `\nEngine benchmark, synchronous=${opts.sync.toUpperCase()}, node ${process.version}: median of ${rounds} round(s) [min–max];`,
  )
  console.log(`ratio = implementation / ${REFERENCE} median (targets: reads ≤ 1.5×, writes ≤ 2×).`)
  for (const metric of ['wall', 'cpu']) {
    console.log(
      metric === 'wall'
        ? '\nWall-clock time:\n'
        : '\nCPU time of the process (user + system; less sensitive to other load on the machine):\n',
    )
    const header = ['implementation', ...WORKLOADS.map((w) => w.label(scale))]
    console.log(`| ${header.join(' | ')} |`)
    console.log(`|${header.map(() => '---').join('|')}|`)
    const series = (name, key) => results[name].map((r) => r[metric][key])
    const ref = names.includes(REFERENCE)
      ? Object.fromEntries(WORKLOADS.map((w) => [w.key, median(series(REFERENCE, w.key))]))
      : undefined
    for (const name of names) {
      const cells = WORKLOADS.map((w) => {
        const xs = series(name, w.key)
        const m = median(xs)
        const ratio = ref ? ` (${(m / ref[w.key]).toFixed(2)}×)` : ''
        const range = xs.length > 1 ? ` [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]` : ''
        return `${fmt(m)}${ratio}${range}`
      })
      console.log(`| ${name} | ${cells.join(' | ')} |`)
    }
  }
  console.log('')
  for (const name of names) {
    console.log(`- ${name}: ${IMPLEMENTATIONS[name].about}`)
  }
}

// ---- worker side ---------------------------------------------------------------------------------

const INSERT_T = 'INSERT INTO t (name, value, data) VALUES (?, ?, ?)'
const INSERT_A = 'INSERT INTO a (name, value, data) VALUES (?, ?, ?)'
const POINT = 'SELECT * FROM t WHERE id = ?'
const RANGE = 'SELECT * FROM t WHERE id BETWEEN ? AND ? ORDER BY value DESC'

const row = (i) => [
  `name-${i}`,
  ((i * 7919) % 100_003) / 7,
  `{"i":${i},"tags":["x","y"],"note":"some text for row ${i}"}`,
]

async function runWorker(name, file, sync, scale) {
  const open = (f) =>
    name.startsWith(REFERENCE)
      ? openBetterSqlite3(f, sync, name !== REFERENCE)
      : openIsobase(name, f, sync)
  if (!opts.cold) {
    const warm = await open(`${file}.warmup`)
    await warm.setup()
    await warm.bulk(20_000)
    await warm.autocommit(1_000)
    await warm.point(Array.from({ length: 20_000 }, (_, i) => 1 + i))
    await warm.range([1, 5_000], 10_000)
    await warm.close()
  }
  const n = {
    bulk: 100_000 * scale,
    autocommit: 10_000 * scale,
    point: 100_000 * scale,
    range: 10_000,
    scans: 20,
  }
  const rnd = lcg(42)
  const ids = Array.from({ length: n.point }, () => 1 + Math.floor(rnd() * n.bulk))
  const ranges = Array.from({ length: n.scans }, () => 1 + Math.floor(rnd() * (n.bulk - n.range)))
  const impl = await open(file)
  await impl.setup()
  const result = { wall: {}, cpu: {} }
  const measure = async (key, fn, per = 1) => {
    const cpu = process.cpuUsage()
    const t = performance.now()
    await fn()
    result.wall[key] = (performance.now() - t) / per
    const used = process.cpuUsage(cpu)
    result.cpu[key] = (used.user + used.system) / 1000 / per
  }
  await measure('bulk', () => impl.bulk(n.bulk))
  await measure('autocommit', () => impl.autocommit(n.autocommit))
  await measure('point', () => impl.point(ids))
  await measure('range', () => impl.range(ranges, n.range), n.scans)
  await impl.close()
  return result
}

const SCHEMA = `
  CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, value REAL, data TEXT);
  CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT, value REAL, data TEXT);
`

/** The driver as core uses it: every statement awaited through the async port. */
async function openIsobase(name, file, sync) {
  const { openNodeSqliteFile } = await import('@isobase/node')
  const { DEFAULT_PRAGMAS } = await import('@isobase/core')
  const common = `PRAGMA synchronous = ${sync}; PRAGMA cache_size = -32000;`
  const variants = {
    isobase: {
      pragmas: `${DEFAULT_PRAGMAS} PRAGMA journal_mode = WAL; ${common}`,
      readConnection: true,
    },
    'isobase-exclusive': {
      pragmas: `${DEFAULT_PRAGMAS} PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; ${common}`,
      readConnection: false,
    },
    'isobase-rollback': {
      pragmas: `${DEFAULT_PRAGMAS} PRAGMA journal_mode = DELETE; ${common}`,
      readConnection: true,
    },
  }
  const db = await openNodeSqliteFile(file, variants[name])
  return {
    setup: () => db.exec(SCHEMA),
    bulk: (count) =>
      db.transaction(async (tx) => {
        for (let i = 0; i < count; i++) await tx.run(INSERT_T, row(i))
      }),
    autocommit: async (count) => {
      for (let i = 0; i < count; i++) await db.run(INSERT_A, row(i))
    },
    point: async (ids) => {
      for (const id of ids)
        if ((await db.get(POINT, [id])) === undefined) throw new Error('missing row')
    },
    range: async (froms, size) => {
      for (const from of froms)
        if ((await db.all(RANGE, [from, from + size - 1])).length !== size)
          throw new Error('short scan')
    },
    close: () => db.close(),
  }
}

/** better-sqlite3 with prepared statements; sync loops, or one await per statement when `awaited`. */
async function openBetterSqlite3(file, sync, awaited) {
  const { default: Database } = await import('better-sqlite3')
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${sync}`)
  db.pragma('cache_size = -32000')
  db.pragma('foreign_keys = ON')
  db.pragma('temp_store = MEMORY')
  db.exec(SCHEMA)
  const insertT = db.prepare(INSERT_T)
  const insertA = db.prepare(INSERT_A)
  const point = db.prepare(POINT)
  const range = db.prepare(RANGE)
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  if (awaited) {
    const run = async (st, p) => (p === undefined ? st.run() : st.run(p))
    const get = async (st, p) => st.get(p)
    const all = async (st, p) => st.all(p)
    return {
      setup: async () => {},
      bulk: async (count) => {
        await run(begin)
        for (let i = 0; i < count; i++) await run(insertT, row(i))
        await run(commit)
      },
      autocommit: async (count) => {
        for (let i = 0; i < count; i++) await run(insertA, row(i))
      },
      point: async (ids) => {
        for (const id of ids)
          if ((await get(point, [id])) === undefined) throw new Error('missing row')
      },
      range: async (froms, size) => {
        for (const from of froms)
          if ((await all(range, [from, from + size - 1])).length !== size)
            throw new Error('short scan')
      },
      close: async () => db.close(),
    }
  }
  return {
    setup: async () => {},
    bulk: async (count) => {
      db.transaction(() => {
        for (let i = 0; i < count; i++) insertT.run(row(i))
      })()
    },
    autocommit: async (count) => {
      for (let i = 0; i < count; i++) insertA.run(row(i))
    },
    point: async (ids) => {
      for (const id of ids) if (point.get([id]) === undefined) throw new Error('missing row')
    },
    range: async (froms, size) => {
      for (const from of froms)
        if (range.all([from, from + size - 1]).length !== size) throw new Error('short scan')
    },
    close: async () => db.close(),
  }
}

function lcg(seed) {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296
}

if (opts.worker) {
  const result = await runWorker(opts.worker, opts.file, opts.sync, Number(opts.scale))
  process.stdout.write(JSON.stringify(result) + '\n')
} else {
  main()
}
