import assert from 'node:assert/strict'
import { test } from 'node:test'
import { conformanceDataDir } from '../paths.js'
import { loadScenarios } from '../scenario.js'
import { findSetup, SETUPS, setupCoverage } from './index.js'

const scenarios = loadScenarios(conformanceDataDir()).scenarios
const byId = new Map(scenarios.map((s) => [s.id, s]))

test('every setup is keyed by a real, non-replayable scenario id', () => {
  const unknown = [...SETUPS.keys()].filter((id) => !byId.has(id))
  assert.deepEqual(unknown, [], 'setup ids missing from scenarios.json')
  const replayable = [...SETUPS.keys()].filter((id) => byId.get(id)!.replayable)
  assert.deepEqual(replayable, [], 'setups for scenarios that need none')
})

test('a HEAD copy shares the setup of its original', () => {
  const heads = scenarios.filter((s) => s.id.endsWith(':HEAD') && !s.replayable)
  for (const s of heads) {
    assert.equal(findSetup(s.id), SETUPS.get(s.id.replace(/:HEAD$/, '')), s.id)
  }
})

test('setupCoverage counts only non-replayable scenarios', () => {
  const c = setupCoverage(scenarios)
  const notReplayable = scenarios.filter((s) => !s.replayable).length
  assert.equal(c.needsSetup + c.otherTotal, notReplayable)
  assert.ok(c.needsSetupPorted <= c.needsSetup && c.needsSetupPartial <= c.needsSetupPorted)
  const ported = scenarios.filter((s) => !s.replayable && findSetup(s.id)).length
  assert.equal(c.needsSetupPorted + c.otherPorted, ported)
})
