#!/usr/bin/env node
// The main table (issue #12): pocketbase/benchmarks' scenarios, Isobase's Node adapter next to the
// reference PocketBase binary (/work/main/.ref/base or $PB_BINARY, when built) in the same run, on
// identical copies of one prepared pb_data (organizations, permissions, 500 users, posts10k/25k/50k/100k).
// The load generator is autocannon in a separate process, keep-alive connections, 127.0.0.1 only, each
// measurement bounded in time (--duration) and count. Rounds alternate the order of the servers; the
// table shows medians, p99 latency, peak RSS, and is written to bench/results/<date>.md.
//
//   node bench/run.mjs pocketbase [--rounds 3] [--duration 4] [--warmup 1] [--only list,view]
//                                 [--target isobase,pocketbase] [--sizes posts10k,posts100k]
//                                 [--no-realtime] [--cpu-prof] [--no-write]
//
// --cpu-prof writes the isobase server's V8 CPU profile to bench/results/profiles/ (open in Chrome
// DevTools or `node bench/lib/prof-top.mjs <file>`).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compare, geomean, HEADER, markdown, writeResults } from './lib/compare.mjs'
import { readScenarios, writeScenarios } from './lib/scenarios.mjs'
import { POSTS } from './lib/seed.mjs'

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1' },
    only: { type: 'string' },
    target: { type: 'string', default: 'isobase,pocketbase' },
    sizes: { type: 'string', default: Object.keys(POSTS).join(',') },
    realtime: { type: 'boolean', default: true },
    'no-realtime': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'no-save': { type: 'boolean', default: false },
  },
})

const profDir = fileURLToPath(new URL('./results/profiles/', import.meta.url))
if (opts['cpu-prof']) mkdirSync(profDir, { recursive: true })
const scenarios = [
  ...readScenarios({ sizes: opts.sizes.split(',') }),
  ...(opts['no-write'] ? [] : writeScenarios()),
]
console.log(`pocketbase/benchmarks port: ${scenarios.length} scenarios, ${opts.rounds} rounds × ${opts.duration} s`)
console.log(HEADER)
const result = await compare(scenarios, {
  rounds: Number(opts.rounds),
  duration: Number(opts.duration),
  warmup: Number(opts.warmup),
  targets: opts.target.split(','),
  only: opts.only?.split(','),
  nodeArgs: opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
  log: (s) => console.log(s),
})

// realtime fan-out: the realtime suite (bench/realtime.mjs) at one size, its rows appended as they are
const notes = [
  'Scenarios follow pocketbase/benchmarks (benchmarks/test_*.go) with these differences: the load generator keeps connections alive (autocannon) where the Go benchmark opens a new connection per request; every measurement runs for a fixed time instead of a fixed count; concurrency is 50 (10 for rules and expands; the Go suite uses 10 to 1000); both servers run with default settings (request logs on).',
  'ratio = Isobase req/s ÷ PocketBase req/s (median of the rounds). Server CPU ms/req is the server process\'s user+system CPU over the measurement divided by the requests answered (both servers share 2 cores with the load generator).',
]
const realtimeScript = fileURLToPath(new URL('./realtime.mjs', import.meta.url))
if (!opts['no-realtime'] && !opts.only && existsSync(realtimeScript)) {
  console.log('\nrealtime fan-out (bench/realtime.mjs --sizes 1000 --duration 5):')
  const rt = spawnSync(process.execPath, [realtimeScript, '--sizes', '1000', '--duration', '5', '--target', opts.target], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  process.stdout.write(rt.stdout)
  notes.push('', 'Realtime fan-out (`node bench/run.mjs realtime --sizes 1000 --duration 5`, 1000 SSE subscribers, each a distinct user, listRule on @request.auth.id):', '', '```', rt.stdout.trim(), '```')
}

const ratios = result.rows.map((r) => r.ratio).filter(Boolean)
if (ratios.length) {
  console.log(`\ngeometric mean ${geomean(ratios).toFixed(2)}× over ${ratios.length} scenarios; lowest ${Math.min(...ratios).toFixed(2)}×`)
}
const idle = Object.entries(result.run.idle).map(([t, b]) => `${t} ${(b / 1048576).toFixed(1)} MiB`).join(', ')
console.log(`idle RSS after start: ${idle}`)
if (!opts['no-save']) {
  const argv = process.argv.slice(2).join(' ')
  const file = writeResults(
    markdown(result, { title: 'pocketbase/benchmarks port: Isobase (Node) vs PocketBase', command: `node bench/run.mjs pocketbase ${argv}`.trim(), notes }),
    '',
    result,
  )
  console.log(`written to ${file}`)
}
