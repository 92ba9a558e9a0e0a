// Runs the isobase target over the ids in conformance/ratchet.json and fails on any regression.
// Skips only while the ratchet is empty. Servers are shared across read-only scenarios and run
// $CONFORMANCE_JOBS (default 2) at a time. Its duration is about (servers started) x (isobase
// start-up time) / jobs: every scenario that writes needs a fresh server.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { conformanceDataDir, RATCHET_PATH } from './paths.js'
import { readRatchet } from './ratchet.js'
import { formatFailure } from './report.js'
import { runScenarios } from './run-scenarios.js'

const ratchet = readRatchet(RATCHET_PATH)

test(
  `isobase still passes the ${ratchet.ids.length} ratchet scenarios`,
  {
    skip: ratchet.ids.length === 0 ? 'conformance/ratchet.json is empty' : false,
    timeout: 1_800_000,
  },
  async () => {
    const ids = new Set(ratchet.ids)
    const run = await runScenarios({
      target: 'isobase',
      dataDir: conformanceDataDir(),
      jobs: Number(process.env.CONFORMANCE_JOBS) || 2,
      select: (s) => ids.has(s.id),
    })
    if (run.fatal) assert.fail(run.fatal)
    const seen = new Set(run.results.map((r) => r.scenario.id))
    const unknown = ratchet.ids.filter((id) => !seen.has(id))
    assert.deepEqual(unknown, [], 'ratchet ids missing from scenarios.json')
    const bad = run.results.filter((r) => r.outcome !== 'pass')
    assert.equal(bad.length, 0, `ratchet regressions:\n${bad.map(formatFailure).join('\n')}`)
  },
)
