import { join } from 'node:path'
import { readNeutralIds } from './classify.js'
import { createFakeSendmailBin } from './fake-sendmail.js'
import { findFreePort } from './free-port.js'
import { sendRawRequest } from './http-replay.js'
import { writeSetupHooks } from './setup-hooks.js'
import { NEUTRAL_PATH } from './paths.js'
import { planUnits, type PlannedScenario, type Unit } from './plan.js'
import { buildRequestHeaders } from './request-headers.js'
import { checkResponse, type Expectations } from './response-check.js'
import { loadScenarios, type Scenario, type UnresolvedField } from './scenario.js'
import { ServerProcess } from './server-process.js'
import { createPreStartContext, createServerContext } from './setups/setup-context.js'
import { findSetup } from './setups/index.js'
import type { RequestPatch, ScenarioSetup, ServerContext } from './setups/setup-types.js'
import { targetSpec, type TargetName, type TargetSpec } from './target.js'
import { copyFixture, makeTempDir, removeTempDir } from './temp-dirs.js'

/** How one scenario ended. */
export type Outcome = 'pass' | 'fail' | 'skip'

export interface ScenarioResult {
  scenario: Scenario
  outcome: Outcome
  /** Why it failed (checks, setup or server errors). */
  failures: string[]
  /** True when a ported setup made a non-replayable scenario runnable. */
  viaSetup: boolean
}

export interface RunOptions {
  target: TargetName
  /** The folder with scenarios.json and fixture/. */
  dataDir: string
  /** Servers running at once. */
  jobs: number
  /** Which scenarios to consider (the rest are left out of the results entirely). */
  select?: (s: Scenario) => boolean
  /** Run needs-setup / non-literal scenarios that have a ported setup (default true). */
  useSetups?: boolean
  /** Called after each unit, e.g. for a progress line. */
  onProgress?: (done: number, total: number) => void
  /** Ids that may share a server besides GET/HEAD (default: conformance/neutral.json). */
  neutralIds?: ReadonlySet<string>
}

export interface RunResult {
  target: TargetName
  results: ScenarioResult[]
  /** Set when the run could not happen at all (e.g. the target is not built). */
  fatal?: string
}

/** Wait before the second attempt to start a server. */
const START_RETRY_DELAY_MS = 3000

/** Fails a run early when servers never come up, rather than reporting hundreds of failures. */
const MAX_START_FAILURES_BEFORE_ANY_SUCCESS = 3

/** Replays the selected scenarios against fresh servers of one target. */
export async function runScenarios(opts: RunOptions): Promise<RunResult> {
  const spec = targetSpec(opts.target)
  const all = loadScenarios(opts.dataDir).scenarios.filter(opts.select ?? (() => true))
  const useSetups = opts.useSetups ?? true

  const results = new Map<string, ScenarioResult>()
  const planned: PlannedScenario[] = []
  for (const scenario of all) {
    const setup = useSetups ? findSetup(scenario.id) : undefined
    if (scenario.replayable) {
      planned.push({ scenario })
    } else if (setup) {
      planned.push({ scenario, setup })
    } else {
      results.set(scenario.id, { scenario, outcome: 'skip', failures: [], viaSetup: false })
    }
  }
  const ordered = () => all.map((s) => results.get(s.id)!).filter(Boolean)

  if (planned.length === 0) return { target: opts.target, results: ordered() }
  const unavailable = spec.unavailable()
  if (unavailable) return { target: opts.target, results: ordered(), fatal: unavailable }

  const binDir = createFakeSendmailBin()
  const env = { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` }
  const units = planUnits(planned, { neutral: opts.neutralIds ?? readNeutralIds(NEUTRAL_PATH) })
  const fixtureDir = join(opts.dataDir, 'fixture')
  let next = 0
  let done = 0
  let starts = 0
  let startFailures = 0
  let fatal: string | undefined

  const worker = async () => {
    while (!fatal && next < units.length) {
      const unit = units[next++]!
      const outcome = await runUnit(unit, spec, fixtureDir, env)
      if (outcome.started) starts++
      else startFailures++
      if (starts === 0 && startFailures >= MAX_START_FAILURES_BEFORE_ANY_SUCCESS) {
        fatal = `${opts.target} target failed to start: ${outcome.results[0]?.failures[0] ?? 'unknown error'}`
      }
      for (const r of outcome.results) results.set(r.scenario.id, r)
      opts.onProgress?.(++done, units.length)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.jobs) }, worker))
    if (!fatal) await recheckSharedFailures(units, results, spec, fixtureDir, env, opts.jobs)
  } finally {
    removeTempDir(join(binDir, '..'))
  }
  if (fatal) {
    // units never reached are reported as failures of the fatal cause
    for (const p of planned) {
      if (!results.has(p.scenario.id)) {
        results.set(p.scenario.id, {
          scenario: p.scenario,
          outcome: 'fail',
          failures: [fatal],
          viaSetup: Boolean(p.setup),
        })
      }
    }
  }
  return { target: opts.target, results: ordered(), fatal }
}

/**
 * A scenario that failed on a shared server is run again alone. If it passes alone, an earlier
 * scenario on that server left state behind that PocketBase does not leave (those earlier ones
 * were measured not to write there), so it stays a failure, with the culprits named.
 */
async function recheckSharedFailures(
  units: readonly Unit[],
  results: Map<string, ScenarioResult>,
  spec: TargetSpec,
  fixtureDir: string,
  env: NodeJS.ProcessEnv,
  jobs: number,
): Promise<void> {
  const retry: Array<{ p: PlannedScenario; before: string[] }> = []
  for (const unit of units) {
    if (unit.scenarios.length < 2) continue
    unit.scenarios.forEach((p, i) => {
      if (results.get(p.scenario.id)?.outcome === 'fail' && i > 0) {
        retry.push({ p, before: unit.scenarios.slice(0, i).map((x) => x.scenario.id) })
      }
    })
  }
  let next = 0
  const worker = async () => {
    while (next < retry.length) {
      const { p, before } = retry[next++]!
      const alone = (await runUnit({ scenarios: [p] }, spec, fixtureDir, env)).results[0]!
      if (alone.outcome === 'pass') {
        alone.outcome = 'fail'
        alone.failures = [
          'passes alone, fails after other scenarios on the same server: one of these left ' +
            `state that PocketBase does not leave: ${before.join(' ')}`,
        ]
        results.set(p.scenario.id, alone)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker))
}

interface UnitOutcome {
  started: boolean
  results: ScenarioResult[]
}

/** Fresh data dir copy → setups → server → each request in order → stop → delete the copy. */
async function runUnit(
  unit: Unit,
  spec: TargetSpec,
  fixtureDir: string,
  env: NodeJS.ProcessEnv,
): Promise<UnitOutcome> {
  const unitDir = makeTempDir('isobase-conformance-run-')
  const dataDir = join(unitDir, 'pb_data')
  const failAll = (msg: string, started: boolean): UnitOutcome => ({
    started,
    results: unit.scenarios.map((p) => ({
      scenario: p.scenario,
      outcome: 'fail',
      failures: [msg],
      viaSetup: Boolean(p.setup),
    })),
  })
  let server: ServerProcess | undefined
  try {
    copyFixture(fixtureDir, dataDir)
    // note: scenarios of one unit share a setup only when it is `shared`: it runs once
    const setups = new Set<ScenarioSetup>()
    for (const p of unit.scenarios) {
      if (!p.setup?.beforeStart || setups.has(p.setup)) continue
      setups.add(p.setup)
      try {
        await p.setup.beforeStart(createPreStartContext(p.scenario, dataDir, fixtureDir))
      } catch (err) {
        return failAll(`setup (before start) failed: ${errorText(err)}`, true)
      }
    }
    let hooksDir: string | undefined
    try {
      hooksDir = writeSetupHooks(unitDir, spec.name, setupsOf(unit))
    } catch (err) {
      return failAll(`setup (hooks) failed: ${errorText(err)}`, true)
    }
    try {
      server = await startServer(spec, dataDir, env, hooksDir)
    } catch (err) {
      return failAll(errorText(err), false)
    }
    const results: ScenarioResult[] = []
    const prepared = new Set<ScenarioSetup>()
    for (const p of unit.scenarios) {
      const prepare = !p.setup || !prepared.has(p.setup)
      if (p.setup) prepared.add(p.setup)
      results.push(await runOne(p, server, dataDir, fixtureDir, prepare))
    }
    return { started: true, results }
  } finally {
    await server?.stop()
    removeTempDir(unitDir)
  }
}

/** The distinct setups of a unit (one unless they are `shared` copies of the same setup). */
function setupsOf(unit: Unit): ScenarioSetup[] {
  return [...new Set(unit.scenarios.flatMap((p) => (p.setup ? [p.setup] : [])))]
}

/** Starts a server on a free port; a second port is tried once if the first start fails. */
async function startServer(
  spec: TargetSpec,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  hooksDir?: string,
): Promise<ServerProcess> {
  let lastErr: unknown
  for (let attempt = 0; attempt < 2; attempt++) {
    // note: a second try, a little later, rides out a port race or the target being rebuilt
    // in the shared tree at that moment; a target that is really broken fails both
    if (attempt > 0) await new Promise((r) => setTimeout(r, START_RETRY_DELAY_MS))
    const port = await findFreePort()
    const { file, args } = spec.command(dataDir, port, hooksDir)
    try {
      return await ServerProcess.start({ file, args, env, port })
    } catch (err) {
      lastErr = err
    }
  }
  throw lastErr
}

async function runOne(
  p: PlannedScenario,
  server: ServerProcess,
  dataDir: string,
  fixtureDir: string,
  prepare = true,
): Promise<ScenarioResult> {
  const { scenario } = p
  const result = (failures: string[]): ScenarioResult => ({
    scenario,
    outcome: failures.length ? 'fail' : 'pass',
    failures,
    viaSetup: Boolean(p.setup),
  })
  if (server.exitReason) return result([`server ${server.exitReason}${server.outputTail()}`])

  const handle = createServerContext(scenario, dataDir, fixtureDir, server.port)
  try {
    return await sendScenario(p, server, handle.ctx, result, prepare)
  } finally {
    await handle.runCleanups()
  }
}

async function sendScenario(
  p: PlannedScenario,
  server: ServerProcess,
  ctx: ServerContext,
  result: (failures: string[]) => ScenarioResult,
  prepare: boolean,
): Promise<ScenarioResult> {
  const { scenario } = p
  let patch: RequestPatch = {}
  if (prepare && p.setup?.beforeRequest) {
    try {
      patch = (await p.setup.beforeRequest(ctx)) ?? {}
    } catch (err) {
      return result([`setup (before request) failed: ${errorText(err)}`])
    }
    if (p.setup.shared && Object.keys(patch).length > 0) {
      return result(['a `shared` setup must not return a request patch'])
    }
  }
  const resolved = resolveScenario(scenario, patch)
  if ('missing' in resolved) {
    return result([`setup left unresolved: ${resolved.missing.join(', ')}`])
  }
  const body = resolved.body === null ? null : toBytes(resolved.body)
  const headers = buildRequestHeaders(scenario.method, resolved.headers, body?.length ?? 0)
  try {
    const res = await sendRawRequest(
      { method: scenario.method, target: resolved.url, headers, body },
      {
        host: '127.0.0.1',
        port: server.port,
        abortAfterMs: scenario.timeoutMs ?? undefined,
        timeoutMs: 60000,
      },
    )
    return result(checkResponse(resolved.expectations, res.status, res.body))
  } catch (err) {
    return result([`request failed: ${errorText(err)}${server.outputTail(6)}`])
  }
}

interface ResolvedScenario {
  url: string
  headers: Record<string, string> | null
  body: string | Uint8Array | null
  expectations: Expectations
}

/**
 * Fills the scenario's unresolved fields from the setup's patch. Literal fields always win; a
 * scenario whose unresolved fields the patch leaves empty cannot be run.
 */
export function resolveScenario(
  scenario: Scenario,
  patch: RequestPatch,
): ResolvedScenario | { missing: UnresolvedField[] } {
  const unresolved = new Set(scenario.unresolved ?? [])
  const missing: UnresolvedField[] = []
  const pick = <T>(field: UnresolvedField, literal: T, fromPatch: T | undefined): T => {
    if (!unresolved.has(field)) return literal
    if (fromPatch === undefined) missing.push(field)
    return fromPatch as T
  }
  const url = pick('URL', scenario.url, patch.url)
  const headers = pick('Headers', scenario.headers, patch.headers)
  const body = pick<string | Uint8Array | null>('Body', scenario.body, patch.body)
  const expectedStatus = pick('ExpectedStatus', scenario.expectedStatus, patch.expectedStatus)
  const expectedContent = pick<Array<string | Uint8Array> | null>(
    'ExpectedContent',
    scenario.expectedContent,
    patch.expectedContent,
  )
  if (missing.length || url === null) return { missing: missing.length ? missing : ['URL'] }
  return {
    url,
    headers,
    body,
    expectations: {
      expectedStatus,
      expectedContent: expectedContent ?? [],
      notExpectedContent: scenario.notExpectedContent ?? [],
    },
  }
}

function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
