#!/usr/bin/env node
// `npm run conformance -- [flags]`: replays PocketBase v0.39.11's API scenarios over HTTP against
// Isobase (default) or the reference PocketBase binary, prints a per-file table, and enforces
// conformance/ratchet.json for the isobase target.
import { parseArgs } from 'node:util'
import { classifyScenarios, writeNeutralFile } from './classify.js'
import { conformanceDataDir, NEUTRAL_PATH, RATCHET_PATH } from './paths.js'
import { readRatchet, ratchetRegressions, updatedRatchet, writeRatchet } from './ratchet.js'
import { formatFailure, formatSummary, formatTable } from './report.js'
import { runScenarios } from './run-scenarios.js'
import { loadScenarios, type Scenario } from './scenario.js'
import { killAllServers } from './server-process.js'
import { setupCoverage } from './setups/index.js'
import { TARGET_NAMES, type TargetName } from './target.js'
import { removeAllTempDirs } from './temp-dirs.js'

const HELP = `Usage: npm run conformance -- [options]

  --target isobase|pocketbase  server to replay against (default isobase)
  --filter <text>              only scenarios whose id, name or file contains <text>
                               (repeatable; a scenario matching any filter runs)
  --jobs <n>                   servers running at once (default 2)
  --update-ratchet             add every passing id to conformance/ratchet.json (isobase only)
  --shrink-ratchet             with --update-ratchet: also drop ratchet ids that failed
  --no-setups                  run only plainly replayable scenarios (skip ported setups)
  --classify                   (pocketbase) measure which replayable scenarios leave the data
                               unchanged and write conformance/neutral.json (they may then
                               share a server)
  --verbose                    print every failure with its diff
  --help                       this text

Exit status: 0 ok; 1 a ratchet id failed (isobase) or any scenario failed (pocketbase);
2 the run could not happen (target missing, bad flags).`

function fail(msg: string): never {
  console.error(msg)
  process.exit(2)
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'isobase' },
      filter: { type: 'string', multiple: true },
      jobs: { type: 'string', default: '2' },
      'update-ratchet': { type: 'boolean', default: false },
      'shrink-ratchet': { type: 'boolean', default: false },
      'no-setups': { type: 'boolean', default: false },
      classify: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log(HELP)
    return 0
  }
  const target = values.target as TargetName
  if (!TARGET_NAMES.includes(target)) fail(`unknown --target ${values.target} (isobase|pocketbase)`)
  const jobs = Number(values.jobs)
  if (!Number.isInteger(jobs) || jobs < 1) fail(`--jobs must be a positive integer`)
  if (values['update-ratchet'] && target !== 'isobase')
    fail('--update-ratchet applies to --target isobase only')
  if (values['shrink-ratchet'] && !values['update-ratchet'])
    fail('--shrink-ratchet needs --update-ratchet')

  if (values.classify) {
    if (target !== 'pocketbase') fail('--classify needs --target pocketbase')
    const result = await classifyScenarios({ dataDir: conformanceDataDir(), jobs })
    writeNeutralFile(NEUTRAL_PATH, result.neutral)
    console.log(
      `neutral: ${result.neutral.length}, writing: ${result.writing.length}, ` +
        `not passing: ${result.failed.length} → ${NEUTRAL_PATH}`,
    )
    return result.failed.length ? 1 : 0
  }

  const filters = values.filter ?? []
  const select = (s: Scenario) =>
    filters.length === 0 ||
    filters.some((f) => s.id.includes(f) || s.name.includes(f) || s.file.includes(f))

  const dataDir = conformanceDataDir()
  const started = Date.now()
  const progress = process.stderr.isTTY
    ? (done: number, total: number) => process.stderr.write(`\r  ${done}/${total} servers`)
    : undefined
  const run = await runScenarios({
    target,
    dataDir,
    jobs,
    select,
    useSetups: !values['no-setups'],
    onProgress: progress,
  })
  if (progress) process.stderr.write('\r\x1b[K')
  if (run.fatal && !run.results.some((r) => r.outcome === 'pass')) {
    console.error(run.fatal)
    return 2
  }

  const failures = run.results.filter((r) => r.outcome === 'fail')
  console.log(`target: ${target}   data: ${dataDir}   jobs: ${jobs}`)
  console.log(formatTable(run.results))
  if (values.verbose && failures.length) {
    console.log('')
    for (const r of failures) console.log(formatFailure(r))
  } else if (failures.length) {
    console.log(`\n(${failures.length} failing; --verbose shows why)`)
  }
  console.log(`\n${formatSummary(run.results)}   [${((Date.now() - started) / 1000).toFixed(1)}s]`)
  const cov = setupCoverage(loadScenarios(dataDir).scenarios)
  console.log(
    `ported setups: ${cov.needsSetupPorted}/${cov.needsSetup} needs-setup (${cov.needsSetupPartial} partial), ` +
      `${cov.otherPorted}/${cov.otherTotal} other non-replayable`,
  )
  if (run.fatal) console.error(run.fatal)

  if (target === 'pocketbase') return failures.length ? 1 : 0

  const ratchet = readRatchet(RATCHET_PATH)
  const regressions = ratchetRegressions(ratchet, run.results)
  if (regressions.length) {
    console.log(`\nRATCHET: ${regressions.length} scenario(s) that passed before now fail:`)
    for (const r of regressions) console.log(formatFailure(r))
  }
  if (values['update-ratchet']) {
    const order = loadScenarios(dataDir).scenarios.map((s) => s.id)
    const next = updatedRatchet(ratchet, run.results, order, values['shrink-ratchet'])
    writeRatchet(RATCHET_PATH, next)
    console.log(`ratchet: ${ratchet.ids.length} → ${next.ids.length} ids (${RATCHET_PATH})`)
  }
  return regressions.length ? 1 : 0
}

let interrupted = false
async function onSignal(signal: NodeJS.Signals) {
  if (interrupted) return
  interrupted = true
  console.error(`\n${signal}: stopping servers and removing temp dirs`)
  await killAllServers()
  removeAllTempDirs()
  process.exit(130)
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

main().then(
  (code) => {
    removeAllTempDirs()
    process.exit(code)
  },
  async (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err)
    await killAllServers()
    removeAllTempDirs()
    process.exit(2)
  },
)
