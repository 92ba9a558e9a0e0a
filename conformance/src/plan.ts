import type { Scenario } from './scenario.js'
import type { ScenarioSetup } from './setups/setup-types.js'

/** A scenario the runner will send, with its setup when it needs one. */
export interface PlannedScenario {
  scenario: Scenario
  setup?: ScenarioSetup
}

/** Scenarios that share one server (and one data dir copy), run in order. */
export interface Unit {
  scenarios: PlannedScenario[]
}

/** Files whose GET requests may still change state or hang, so they never share a server. */
export const NEVER_SHARED_FILES = new Set([
  'apis/realtime_test.go', // GET /api/realtime is a long-lived SSE stream
  'apis/logs_test.go', // every request writes a request log that a later list could see
])

/** Most scenarios one server serves before a fresh one is started (keeps the jobs balanced). */
const MAX_SHARED = 40

/**
 * True when a scenario cannot change server state, so it may share a server: no setup, no
 * timeout, not in a never-shared file, and either a plain GET/HEAD or listed in `neutral` (ids
 * measured to leave PocketBase's data unchanged, see classify.ts). Anything else that could write
 * (logins write `_authOrigins`, for one) gets a fresh data dir.
 */
export function isSideEffectFree(
  p: PlannedScenario,
  neutral: ReadonlySet<string> = new Set(),
): boolean {
  const s = p.scenario
  if (s.timeoutMs !== null || NEVER_SHARED_FILES.has(s.file)) return false
  // a shared setup's scenarios were classified with that setup in place
  if (p.setup) return Boolean(p.setup.shared) && neutral.has(s.id)
  return s.method === 'GET' || s.method === 'HEAD' || neutral.has(s.id)
}

/**
 * Groups scenarios into units. Side-effect-free scenarios share servers, up to `maxShared` per
 * server, in scenarios.json order (they may come from different files: what does not write
 * cannot change the answer of what runs after it). Scenarios with a setup share only with those
 * of the same `shared` setup. Every other scenario gets a fresh server and data dir of its own.
 */
export function planUnits(
  planned: readonly PlannedScenario[],
  opts: { maxShared?: number; neutral?: ReadonlySet<string> } = {},
): Unit[] {
  const maxShared = opts.maxShared ?? MAX_SHARED
  const units: Unit[] = []
  // one open unit per setup (undefined = no setup): only scenarios with the very same setup share
  const open = new Map<ScenarioSetup | undefined, Unit>()
  for (const p of planned) {
    if (!isSideEffectFree(p, opts.neutral)) {
      units.push({ scenarios: [p] })
      continue
    }
    let unit = open.get(p.setup)
    if (!unit || unit.scenarios.length >= maxShared) {
      unit = { scenarios: [] }
      open.set(p.setup, unit)
      units.push(unit)
    }
    unit.scenarios.push(p)
  }
  return units
}
