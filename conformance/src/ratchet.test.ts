import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ratchetRegressions, updatedRatchet } from './ratchet.js'
import type { Outcome, ScenarioResult } from './run-scenarios.js'
import type { Scenario } from './scenario.js'

const r = (id: string, outcome: Outcome): ScenarioResult => ({
  scenario: { id, file: 'f', name: id } as Scenario,
  outcome,
  failures: outcome === 'fail' ? ['x'] : [],
  viaSetup: false,
})
const order = ['a', 'b', 'c', 'd']
const base = { description: '', ids: ['c'] }

test('updatedRatchet only grows unless shrinking is asked for', () => {
  const results = [r('a', 'pass'), r('c', 'fail'), r('d', 'skip')]
  assert.deepEqual(updatedRatchet(base, results, order, false).ids, ['a', 'c'])
  assert.deepEqual(updatedRatchet(base, results, order, true).ids, ['a'])
})

test('updatedRatchet keeps ids not run and sorts by scenario order', () => {
  assert.deepEqual(
    updatedRatchet({ description: '', ids: ['d'] }, [r('b', 'pass')], order, true).ids,
    ['b', 'd'],
  )
})

test('ratchetRegressions lists ratchet ids that did not pass', () => {
  const got = ratchetRegressions({ description: '', ids: ['a', 'c', 'd'] }, [
    r('a', 'pass'),
    r('c', 'fail'),
    r('d', 'skip'),
    r('b', 'fail'),
  ])
  assert.deepEqual(
    got.map((x) => x.scenario.id),
    ['c', 'd'],
  )
})
