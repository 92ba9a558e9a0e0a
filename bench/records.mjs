#!/usr/bin/env node
// Records API rows (issues #4 and #5): list with and without totals on 10k and 100k rows, view by id,
// create, update, and a list whose rule traverses relations (`author.team.members ?= @request.auth.id`)
// on 100k rows; Isobase next to the reference PocketBase in the same run (same harness and data as the
// `pocketbase` suite: bench/lib/compare.mjs). Writes bench/results/<date>-records.md.
//
//   node bench/run.mjs records [--rounds 3] [--duration 4] [--warmup 1] [--target isobase,pocketbase]
//                              [--cpu-prof] [--no-save]
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compare, geomean, HEADER, markdown, writeResults } from './lib/compare.mjs'
import { readScenarios, writeScenarios } from './lib/scenarios.mjs'

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1' },
    target: { type: 'string', default: 'isobase,pocketbase' },
    'cpu-prof': { type: 'boolean', default: false },
    'no-save': { type: 'boolean', default: false },
  },
})

const ROWS = [
  'list-10k',
  'list-10k-skiptotal',
  'list-100k',
  'list-100k-skiptotal',
  'view-post',
  'rule-team-members',
  'create',
  'update',
]
const all = [...readScenarios({ sizes: ['posts10k', 'posts100k'] }), ...writeScenarios()]
const scenarios = ROWS.map((id) => all.find((s) => s.id === id))
const profDir = fileURLToPath(new URL('./results/profiles/', import.meta.url))
if (opts['cpu-prof']) mkdirSync(profDir, { recursive: true })

console.log(`records API: ${scenarios.length} rows, ${opts.rounds} rounds × ${opts.duration} s`)
console.log(HEADER)
const result = await compare(scenarios, {
  rounds: Number(opts.rounds),
  duration: Number(opts.duration),
  warmup: Number(opts.warmup),
  targets: opts.target.split(','),
  nodeArgs: opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
  log: (s) => console.log(s),
})
const ratios = result.rows.map((r) => r.ratio).filter(Boolean)
if (ratios.length) {
  console.log(`\ngeometric mean ${geomean(ratios).toFixed(2)}×; lowest ${Math.min(...ratios).toFixed(2)}×`)
}
if (!opts['no-save']) {
  const argv = process.argv.slice(2).join(' ')
  const file = writeResults(
    markdown(result, {
      title: 'Records API (issues #4, #5): Isobase (Node) vs PocketBase',
      command: `node bench/run.mjs records ${argv}`.trim(),
    }),
    '-records',
    result,
  )
  console.log(`written to ${file}`)
}
