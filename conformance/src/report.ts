import type { ScenarioResult } from './run-scenarios.js'

/** Pass/fail/skip counts for one group of scenarios. */
export interface Tally {
  passed: number
  failed: number
  skipped: number
  /** Of `passed`, how many ran through a ported setup. */
  passedViaSetup: number
}

function emptyTally(): Tally {
  return { passed: 0, failed: 0, skipped: 0, passedViaSetup: 0 }
}

function add(t: Tally, r: ScenarioResult): void {
  if (r.outcome === 'pass') {
    t.passed++
    if (r.viaSetup) t.passedViaSetup++
  } else if (r.outcome === 'fail') {
    t.failed++
  } else {
    t.skipped++
  }
}

/** Counts per source file (in first-seen order) and overall. */
export function tally(results: readonly ScenarioResult[]): {
  byFile: Map<string, Tally>
  total: Tally
} {
  const byFile = new Map<string, Tally>()
  const total = emptyTally()
  for (const r of results) {
    let t = byFile.get(r.scenario.file)
    if (!t) byFile.set(r.scenario.file, (t = emptyTally()))
    add(t, r)
    add(total, r)
  }
  return { byFile, total }
}

/**
 * The per-file table: `file  passed/run  failed  skipped`, where run = passed + failed and
 * skipped = scenarios that cannot be replayed (no ported setup yet).
 */
export function formatTable(results: readonly ScenarioResult[]): string {
  const { byFile, total } = tally(results)
  const rows: string[][] = [['file', 'passed/run', 'failed', 'skipped', 'via setup']]
  const row = (name: string, t: Tally) => [
    name,
    `${t.passed}/${t.passed + t.failed}`,
    String(t.failed),
    String(t.skipped),
    String(t.passedViaSetup),
  ]
  for (const [file, t] of byFile) rows.push(row(file.replace(/^apis\//, ''), t))
  rows.push(row('TOTAL', total))
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const out = rows.map(line)
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '))
  out.splice(out.length - 1, 0, widths.map((w) => '-'.repeat(w)).join('  '))
  return out.join('\n')
}

/** `N passed, M failed, K skipped` */
export function formatSummary(results: readonly ScenarioResult[]): string {
  const { total } = tally(results)
  const via = total.passedViaSetup ? ` (${total.passedViaSetup} via ported setups)` : ''
  return `${total.passed} passed${via}, ${total.failed} failed, ${total.skipped} skipped (not replayable)`
}

/** One block per failed scenario: id, name, request and what went wrong. */
export function formatFailure(r: ScenarioResult): string {
  const s = r.scenario
  return [
    `✗ ${s.id}  ${s.name}`,
    `    ${s.method} ${s.url === null ? '(url from setup)' : s.url.length > 160 ? s.url.slice(0, 160) + '…' : s.url}`,
    ...r.failures.map((f) => `    ${f.replaceAll('\n', '\n    ')}`),
  ].join('\n')
}
