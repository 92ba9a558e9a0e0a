import assert from 'node:assert/strict'
import { test } from 'node:test'
import { planUnits, type PlannedScenario } from './plan.js'
import { resolveScenario } from './run-scenarios.js'
import type { Scenario } from './scenario.js'

function scenario(id: string, method: string, extra: Partial<Scenario> = {}): Scenario {
  return {
    id,
    file: id.split('#')[0]!,
    index: 0,
    goTest: 'T',
    line: 1,
    name: id,
    method,
    url: '/api/x',
    headers: {},
    body: null,
    expectedStatus: 200,
    expectedContent: [],
    notExpectedContent: [],
    replayable: true,
    hasAfterCheck: false,
    expectedEvents: null,
    delayMs: null,
    timeoutMs: null,
    ...extra,
  }
}

const p = (s: Scenario, withSetup = false): PlannedScenario =>
  withSetup ? { scenario: s, setup: { beforeRequest: async () => {} } } : { scenario: s }

test('planUnits shares servers only among read-only scenarios', () => {
  const units = planUnits([
    p(scenario('a.go#0', 'GET')),
    p(scenario('a.go#1', 'HEAD')),
    p(scenario('a.go#2', 'POST')),
    p(scenario('a.go#3', 'GET')),
    p(scenario('b.go#0', 'GET')),
    p(scenario('b.go#1', 'GET'), true),
    p(scenario('b.go#2', 'GET', { timeoutMs: 100 })),
    p(scenario('apis/logs_test.go#0', 'GET')),
    p(scenario('apis/realtime_test.go#0', 'POST')),
    p(scenario('b.go#3', 'DELETE')),
  ])
  assert.deepEqual(
    units.map((u) => u.scenarios.map((x) => x.scenario.id)),
    [
      ['a.go#0', 'a.go#1', 'a.go#3', 'b.go#0'],
      ['a.go#2'],
      ['b.go#1'],
      ['b.go#2'],
      ['apis/logs_test.go#0'],
      ['apis/realtime_test.go#0'],
      ['b.go#3'],
    ],
  )
})

test('planUnits caps how many scenarios share one server', () => {
  const many = Array.from({ length: 5 }, (_, i) => p(scenario(`a.go#${i}`, 'GET')))
  assert.deepEqual(
    planUnits(many, { maxShared: 2 }).map((u) => u.scenarios.length),
    [2, 2, 1],
  )
})

test('resolveScenario takes only unresolved fields from a setup patch', () => {
  const s = scenario('a.go#0', 'POST', { body: null, unresolved: ['Body'], expectedStatus: 400 })
  const r = resolveScenario(s, { body: 'x', expectedStatus: 200, url: '/other' })
  assert.ok(!('missing' in r))
  assert.equal(r.body, 'x')
  assert.equal(r.url, '/api/x', 'literal url wins')
  assert.equal(r.expectations.expectedStatus, 400, 'literal status wins')
  assert.deepEqual(resolveScenario(s, {}), { missing: ['Body'] })
})

test('planUnits shares scenarios measured as neutral, whatever their method', () => {
  const units = planUnits(
    [
      p(scenario('a.go#0', 'POST')),
      p(scenario('a.go#1', 'GET')),
      p(scenario('a.go#2', 'PATCH')),
      p(scenario('a.go#3', 'POST'), true),
    ],
    { neutral: new Set(['a.go#0', 'a.go#3']) },
  )
  assert.deepEqual(
    units.map((u) => u.scenarios.map((x) => x.scenario.id)),
    [['a.go#0', 'a.go#1'], ['a.go#2'], ['a.go#3']],
  )
})

test('planUnits shares a server between neutral scenarios of the very same shared setup', () => {
  const shared = { shared: true, beforeStart: async () => {} }
  const sharedToo = { shared: true, beforeStart: async () => {} }
  const plain = { beforeStart: async () => {} }
  const s = (id: string) => scenario(id, 'POST', { replayable: false })
  const units = planUnits(
    [
      { scenario: s('a.go#0'), setup: shared },
      { scenario: s('a.go#1'), setup: shared },
      { scenario: s('a.go#2'), setup: sharedToo },
      { scenario: s('a.go#3'), setup: plain },
      { scenario: s('a.go#4'), setup: plain },
      { scenario: s('a.go#5'), setup: shared },
      { scenario: s('a.go#6'), setup: shared },
    ],
    { neutral: new Set(['a.go#0', 'a.go#1', 'a.go#2', 'a.go#3', 'a.go#4', 'a.go#5']) },
  )
  assert.deepEqual(
    units.map((u) => u.scenarios.map((x) => x.scenario.id)),
    [['a.go#0', 'a.go#1', 'a.go#5'], ['a.go#2'], ['a.go#3'], ['a.go#4'], ['a.go#6']],
  )
})
