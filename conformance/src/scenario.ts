import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Why a scenario cannot be replayed as plain HTTP (see the scenarios README). */
export type SkipReason =
  | 'needs-setup'
  | 'non-literal-body'
  | 'custom-app'
  | 'non-literal-expectedcontent'
  | 'non-literal-headers'
  | 'non-literal-url'
  | 'loop-built'

/** Scenario fields that the extraction tool could not evaluate (their values are `null`). */
export type UnresolvedField = 'Body' | 'Headers' | 'URL' | 'ExpectedContent' | 'ExpectedStatus'

/** One entry of `scenarios.json`: a PocketBase `tests.ApiScenario` turned into data. */
export interface Scenario {
  id: string
  file: string
  index: number
  goTest: string
  line: number
  name: string
  method: string
  /** null when unresolved (a setup supplies it) */
  url: string | null
  headers: Record<string, string> | null
  body: string | null
  expectedStatus: number
  expectedContent: string[] | null
  notExpectedContent: string[] | null
  replayable: boolean
  skipReason?: SkipReason
  skipReasons?: SkipReason[]
  skipDetail?: string
  unresolved?: UnresolvedField[]
  hasAfterCheck: boolean
  expectedEvents: Record<string, number> | null
  delayMs: number | null
  timeoutMs: number | null
}

/** The top level of `scenarios.json`. */
export interface ScenarioFile {
  source: string
  commit: string
  count: number
  replayable: number
  scenarios: Scenario[]
}

/** Reads `scenarios.json` from the conformance data folder. */
export function loadScenarios(dataDir: string): ScenarioFile {
  const text = readFileSync(join(dataDir, 'scenarios.json'), 'utf8')
  return JSON.parse(text) as ScenarioFile
}
