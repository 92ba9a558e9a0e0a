import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { ScenarioResult } from './run-scenarios.js'

/**
 * `conformance/ratchet.json`: the scenario ids known to pass on Isobase. A run fails when one of
 * them fails again; `--update-ratchet` adds newly passing ids (and removes none unless asked).
 */
export interface Ratchet {
  description: string
  ids: string[]
}

const DESCRIPTION =
  'Scenario ids (scenarios.json) that pass on the isobase target. Any of them failing is a regression. ' +
  'Grow it with `npm run conformance -- --update-ratchet`.'

/** Reads the ratchet; a missing file is an empty ratchet. */
export function readRatchet(path: string): Ratchet {
  if (!existsSync(path)) return { description: DESCRIPTION, ids: [] }
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Ratchet>
  return { description: DESCRIPTION, ids: Array.isArray(parsed.ids) ? parsed.ids : [] }
}

/** Writes the ratchet with one id per line, so diffs stay readable. */
export function writeRatchet(path: string, ratchet: Ratchet): void {
  writeFileSync(
    path,
    JSON.stringify({ description: DESCRIPTION, ids: ratchet.ids }, null, 2) + '\n',
  )
}

/** Ratchet ids that were run in this run and did not pass. */
export function ratchetRegressions(
  ratchet: Ratchet,
  results: readonly ScenarioResult[],
): ScenarioResult[] {
  const ids = new Set(ratchet.ids)
  return results.filter((r) => ids.has(r.scenario.id) && r.outcome !== 'pass')
}

/**
 * The ratchet after a run: previous ids plus every id that passed. With `shrink`, ids that were
 * run and did not pass are dropped (ids outside this run are always kept). `order` lists every
 * scenario id in scenarios.json order, which the result keeps.
 */
export function updatedRatchet(
  ratchet: Ratchet,
  results: readonly ScenarioResult[],
  order: readonly string[],
  shrink: boolean,
): Ratchet {
  const ids = new Set(ratchet.ids)
  for (const r of results) {
    if (r.outcome === 'pass') ids.add(r.scenario.id)
    else if (shrink) ids.delete(r.scenario.id)
  }
  const rank = new Map(order.map((id, i) => [id, i]))
  const sorted = [...ids].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity))
  return { description: DESCRIPTION, ids: sorted }
}
