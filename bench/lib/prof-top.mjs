#!/usr/bin/env node
// Summarises a V8 .cpuprofile: top functions by self time, and self time per file (package).
//   node bench/lib/prof-top.mjs <file.cpuprofile> [--n 30] [--last <ms>]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { n: { type: 'string', default: '30' }, last: { type: 'string' } } })
const prof = JSON.parse(readFileSync(positionals[0], 'utf8'))
const byId = new Map(prof.nodes.map((n) => [n.id, n]))
const self = new Map()
// --last <ms>: only the samples of the profile's last <ms> (the steady state, without startup)
const dt = prof.timeDeltas
const span = dt.reduce((a, b) => a + b, 0)
const from = values.last ? span - Number(values.last) * 1000 : -Infinity
let total = 0
for (let i = 0, t = 0; i < prof.samples.length; i++) {
  t += dt[i] ?? 0
  if (t < from) continue
  total += dt[i] ?? 0
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0))
}
const fnSelf = new Map()
const fileSelf = new Map()
for (const [id, us] of self) {
  const n = byId.get(id)
  const cf = n.callFrame
  const file = (cf.url || '(native)').replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'nm/')
  const key = `${cf.functionName || '(anon)'} ${file}:${cf.lineNumber + 1}`
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + us)
  const fk = file.replace(/\/[^/]*$/, '')
  fileSelf.set(file, (fileSelf.get(file) ?? 0) + us)
}
const n = Number(values.n)
const pct = (us) => ((us / total) * 100).toFixed(1).padStart(5) + '%'
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`)
console.log('\n-- self time by function')
for (const [k, us] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(pct(us), k)
console.log('\n-- self time by file')
for (const [k, us] of [...fileSelf].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(pct(us), k)

// inclusive time per function (each function counted once per stack)
const parent = new Map()
for (const nd of prof.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id)
const incl = new Map()
for (const [id, us] of self) {
  const seen = new Set()
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cf = byId.get(cur).callFrame
    const file = (cf.url || '(native)').replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'nm/')
    const key = `${cf.functionName || '(anon)'} ${file}:${cf.lineNumber + 1}`
    if (seen.has(key)) continue
    seen.add(key)
    incl.set(key, (incl.get(key) ?? 0) + us)
  }
}
console.log('\n-- inclusive time by function')
for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, n * 2)) console.log(pct(us), k)
