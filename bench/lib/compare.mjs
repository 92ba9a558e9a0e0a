// The side-by-side harness behind the `pocketbase` and `records` suites: both servers on identical
// copies of the prepared data, each scenario measured on both by the separate load-generator process,
// rounds interleaved (I-P, P-I, …) so load from other work on the machine hits both alike; medians.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runLoad } from './load.mjs'
import { copyData, preparedData, SUPERUSER, USER_PASSWORD } from './seed.mjs'
import { hasPocketBase, PB_BINARY, startServer } from './servers.mjs'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const MiB = (b) => b / 1048576

async function http(server, method, path, body, token) {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${server.target} ${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}

/**
 * Waits until the server is idle (under 5% of a core over 250 ms, at most `maxMs`): requests the load
 * generator gave up on may still run inside it, and must not eat into the next measurement.
 */
async function settle(server, maxMs = 30_000) {
  const end = Date.now() + maxMs
  let last = server.cpuSeconds()
  while (Date.now() < end) {
    await sleep(250)
    const now = server.cpuSeconds()
    if (now - last < 0.0125) return
    last = now
  }
}

/** One server under test, with its tokens. */
async function bringUp(target, seedDir, root, port, nodeArgs) {
  const work = join(root, target)
  const dataDir = join(work, 'pb_data')
  copyData(seedDir, dataDir)
  const server = await startServer(target, { dataDir, workDir: work, port, nodeArgs })
  const su = await http(server, 'POST', '/api/collections/_superusers/auth-with-password', {
    identity: SUPERUSER.email,
    password: SUPERUSER.password,
  })
  const user = await http(server, 'POST', '/api/collections/users/auth-with-password', {
    identity: 'users0@example.com',
    password: USER_PASSWORD,
  })
  server.suToken = su.token
  server.userToken = user.token
  return server
}

/** What the results file says about the machine and the run. */
function machine() {
  const cpus = os.cpus()
  let pbVersion = 'not built'
  if (hasPocketBase()) {
    try {
      pbVersion = execFileSync(PB_BINARY, ['--version'], { encoding: 'utf8' }).trim()
    } catch {}
  }
  let commit = ''
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    }).trim()
  } catch {}
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? '?'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pocketbase: pbVersion,
    commit,
  }
}

/**
 * Runs `scenarios` on both servers. Options: rounds, duration (s per measurement), warmup (s),
 * targets, nodeArgs (isobase's node flags, e.g. --cpu-prof), log. Returns the rows and run facts.
 */
export async function compare(scenarios, opts) {
  const log = opts.log ?? ((s) => process.stderr.write(s + '\n'))
  const targets = opts.targets.filter((t) => t !== 'pocketbase' || hasPocketBase())
  if (opts.targets.includes('pocketbase') && !hasPocketBase()) {
    log(`(reference PocketBase not built at ${PB_BINARY}: isobase only)`)
  }
  const cacheDir = join(os.tmpdir(), 'isobase-bench-cache')
  const { dir: seedDir, facts } = await preparedData(cacheDir, log)
  const root = join(os.tmpdir(), `isobase-bench-run-${process.pid}`)
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  const run = { machine: machine(), loadBefore: os.loadavg(), started: new Date(), facts }
  const servers = {}
  try {
    let port = 18000 + (process.pid % 1000) * 2
    for (const t of targets) servers[t] = await bringUp(t, seedDir, root, port++, opts.nodeArgs ?? [])
    const ctx = { facts, servers, http }
    // idle memory: after start and one warm request of each kind
    await sleep(1000)
    run.idle = Object.fromEntries(targets.map((t) => [t, servers[t].rss()]))
    if (opts.setup) await opts.setup(ctx)
    const rows = []
    for (const sc of scenarios) {
      if (opts.only && !opts.only.some((o) => sc.id.includes(o))) continue
      const row = { id: sc.id, title: sc.title, group: sc.group, by: {} }
      const pbOnlyMeasure = {}
      for (const t of targets) {
        const s = servers[t]
        if (sc.prepare) await sc.prepare(s, ctx)
        row.by[t] = { rps: [], p99: [], errors: 0, peak: 0, cpuPerReq: [] }
        // warm-up (JIT, caches, pages), not counted
        if (opts.warmup > 0 && !sc.noWarmup) {
          await runLoad({ ...sc.load(s, ctx, 'warm'), url: s.url, duration: opts.warmup })
          await settle(s)
        }
        s.resetPeak()
        pbOnlyMeasure[t] = true
      }
      for (let r = 0; r < opts.rounds; r++) {
        const order = r % 2 === 0 ? targets : [...targets].reverse()
        for (const t of order) {
          const s = servers[t]
          const spec = { ...sc.load(s, ctx, `${t}${r}`), url: s.url, duration: sc.duration ?? opts.duration }
          const cpu0 = s.cpuSeconds()
          const bg = sc.background
            ? runLoad({ ...sc.background(s, ctx, `${t}${r}`), url: s.url, duration: spec.duration })
            : undefined
          const res = await runLoad(spec)
          const bgRes = await bg
          const cpu = s.cpuSeconds() - cpu0
          await settle(s)
          const by = row.by[t]
          by.rps.push(res.rps)
          by.p99.push(res.p99)
          by.errors += res.non2xx + res.errors + res.timeouts
          by.cpuPerReq.push(res.ok ? (cpu * 1000) / (res.ok + (bgRes?.ok ?? 0)) : NaN)
          if (bgRes) (by.bg ??= []).push(bgRes.rps)
          by.peak = Math.max(by.peak, s.peakRss())
          if (sc.after) await sc.after(s, ctx)
        }
      }
      for (const t of targets) {
        const by = row.by[t]
        by.rpsMedian = median(by.rps)
        by.p99Median = median(by.p99)
        by.cpuMedian = median(by.cpuPerReq)
        if (by.bg) by.bgMedian = median(by.bg)
      }
      if (row.by.isobase && row.by.pocketbase) {
        const pb = row.by.pocketbase.rpsMedian
        if (pb > 0) {
          row.ratio = row.by.isobase.rpsMedian / pb
        } else {
          // nothing completed within the window: at most one request per window, so a lower bound
          row.ratioAtLeast = row.by.isobase.rpsMedian * (sc.duration ?? opts.duration)
        }
      }
      rows.push(row)
      log(formatRow(row))
      if (sc.cleanup) for (const t of targets) await sc.cleanup(servers[t], ctx)
    }
    run.loadAfter = os.loadavg()
    run.finished = new Date()
    run.idleEnd = Object.fromEntries(targets.map((t) => [t, servers[t].rss()]))
    return { rows, run, targets }
  } finally {
    for (const s of Object.values(servers)) await s.stop()
    if (!opts.keep) rmSync(root, { recursive: true, force: true })
  }
}

const num = (v, d = 0) => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(d))

function formatRow(row) {
  const i = row.by.isobase
  const p = row.by.pocketbase
  return [
    row.title.padEnd(58),
    num(i?.rpsMedian).padStart(8),
    num(p?.rpsMedian).padStart(8),
    (row.ratio ? row.ratio.toFixed(2) + '×' : row.ratioAtLeast ? `>${row.ratioAtLeast.toFixed(0)}×` : '—').padStart(7),
    `${num(i?.p99Median)}/${num(p?.p99Median)}`.padStart(11),
    `${num(i && MiB(i.peak))}/${num(p && MiB(p.peak))}`.padStart(9),
    `${num(i?.cpuMedian, 2)}/${num(p?.cpuMedian, 2)}`.padStart(11),
    (i?.errors || p?.errors ? ` errors ${i?.errors ?? 0}/${p?.errors ?? 0}` : ''),
  ].join(' ')
}

export const HEADER = [
  'scenario'.padEnd(58),
  'Isobase'.padStart(8),
  'PB'.padStart(8),
  'ratio'.padStart(7),
  'p99 ms I/P'.padStart(11),
  'RSS MiB'.padStart(9),
  'CPU ms/req'.padStart(11),
].join(' ')

/** Geometric mean of the ratios. */
export function geomean(xs) {
  const v = xs.filter((x) => x > 0 && Number.isFinite(x))
  return v.length ? Math.exp(v.reduce((a, x) => a + Math.log(x), 0) / v.length) : NaN
}

/** The results as Markdown (machine, command, table, notes). */
export function markdown({ rows, run, targets }, { title, command, notes = [] }) {
  const m = run.machine
  const lines = [
    `# ${title} — ${run.started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Command: \`${command}\``,
    '',
    `Machine: ${m.cpu}; ${m.memory}; ${m.os}; Node ${m.node}; PocketBase: ${m.pocketbase}; isobase commit ${m.commit}.`,
    `Load average (1/5/15 min) before: ${run.loadBefore.map((x) => x.toFixed(2)).join(' ')}, after: ${run.loadAfter.map((x) => x.toFixed(2)).join(' ')} (other work shares the machine; rounds are interleaved and the medians reported).`,
    '',
    '| scenario | Isobase req/s | PocketBase req/s | ratio | p99 ms (I / PB) | peak RSS MiB (I / PB) | server CPU ms/req (I / PB) |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of rows) {
    const i = r.by.isobase
    const p = r.by.pocketbase
    const err = i?.errors || p?.errors ? ` (non-2xx/errors ${i?.errors ?? 0} / ${p?.errors ?? 0})` : ''
    lines.push(
      `| ${r.title}${err} | ${num(i?.rpsMedian, 1)} | ${num(p?.rpsMedian, 1)} | ${r.ratio ? r.ratio.toFixed(2) + '×' : r.ratioAtLeast ? `> ${r.ratioAtLeast.toFixed(0)}× (PocketBase finished no request in the window)` : '—'} | ${num(i?.p99Median)} / ${num(p?.p99Median)} | ${num(i && MiB(i.peak))} / ${num(p && MiB(p.peak))} | ${num(i?.cpuMedian, 2)} / ${num(p?.cpuMedian, 2)} |`,
    )
  }
  const ratios = rows.map((r) => r.ratio).filter(Boolean)
  const bounds = rows.filter((r) => r.ratioAtLeast)
  if (ratios.length) {
    lines.push('')
    lines.push(
      `Geometric mean of the ratios: **${geomean(ratios).toFixed(2)}×** over ${ratios.length} scenarios; lowest ${Math.min(...ratios).toFixed(2)}×, highest ${Math.max(...ratios).toFixed(2)}×` +
        (bounds.length ? ` (${bounds.length} scenario(s) where PocketBase finished no request are left out).` : '.'),
    )
    const light = rows.filter((r) => r.ratio && r.by.pocketbase.rpsMedian > 100).map((r) => r.ratio)
    if (light.length) {
      lines.push(
        `Without the scenarios where PocketBase stays under 100 req/s (counts over joins, JSON or text scans on 100k rows): geometric mean ${geomean(light).toFixed(2)}× over ${light.length} scenarios.`,
      )
    }
  }
  if (run.idle) {
    lines.push(
      '',
      `Idle RSS after start (MiB): ${targets.map((t) => `${t} ${MiB(run.idle[t]).toFixed(1)}`).join(', ')}; at the end: ${targets.map((t) => `${t} ${MiB(run.idleEnd[t]).toFixed(1)}`).join(', ')}.`,
    )
  }
  if (notes.length) lines.push('', ...notes)
  return lines.join('\n') + '\n'
}

/** Writes `bench/results/<date>[-n].md` (and the raw rows as `.json` beside it); returns its path. */
export function writeResults(text, suffix = '', raw = undefined) {
  const dir = fileURLToPath(new URL('../results/', import.meta.url))
  mkdirSync(dir, { recursive: true })
  const date = new Date().toISOString().slice(0, 10)
  let file = join(dir, `${date}${suffix}.md`)
  for (let n = 2; existsSync(file); n++) file = join(dir, `${date}${suffix}-${n}.md`)
  writeFileSync(file, text)
  if (raw !== undefined) writeFileSync(file.replace(/\.md$/, '.json'), JSON.stringify(raw, null, 1) + '\n')
  return file
}

export { http }
