// `--classify`: finds which replayable scenarios leave PocketBase's data untouched, so the
// runner may let them share a server. Each scenario runs alone on a fresh reference server; the
// data dir is fingerprinted (a `.dump` of data.db plus every other file's content, auxiliary.db
// excluded: request logs are written all the time) right before and shortly after the request.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { createFakeSendmailBin } from './fake-sendmail.js'
import { findFreePort } from './free-port.js'
import { sendRawRequest } from './http-replay.js'
import { NEVER_SHARED_FILES } from './plan.js'
import { writeSetupHooks } from './setup-hooks.js'
import { buildRequestHeaders } from './request-headers.js'
import { checkResponse } from './response-check.js'
import { loadScenarios, type Scenario } from './scenario.js'
import { ServerProcess } from './server-process.js'
import { findSetup } from './setups/index.js'
import { createPreStartContext, createServerContext } from './setups/setup-context.js'
import { runSqliteCli } from './setups/sqlite-cli.js'
import { targetSpec } from './target.js'
import { copyFixture, makeTempDir, removeTempDir } from './temp-dirs.js'

/** `conformance/neutral.json`: scenario ids that left the reference server's data unchanged. */
export interface NeutralFile {
  description: string
  ids: string[]
}

const DESCRIPTION =
  'Replayable scenarios that leave PocketBase v0.39.11 data unchanged (data.db dump and files, ' +
  'request logs excluded), measured with `npm run conformance -- --target pocketbase --classify`. ' +
  'The runner lets them share a server.'

/** Files that change without any API write: the databases (dumped instead) and generated types. */
const IGNORED = /^(data\.db|auxiliary\.db)(-wal|-shm|-journal)?$|^types\.d\.ts$|^\.notify(\/|$)/

/** A digest of everything a later request could observe in the data dir. */
export async function fingerprint(dataDir: string): Promise<string> {
  const hash = createHash('sha256')
  hash.update(await runSqliteCli(join(dataDir, 'data.db'), '.dump'))
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      const rel = relative(dataDir, path)
      if (IGNORED.test(rel)) continue
      if (statSync(path).isDirectory()) walk(path)
      else hash.update(`\0${rel}\0`).update(readFileSync(path))
    }
  }
  walk(dataDir)
  return hash.digest('hex')
}

/** Reads neutral.json; a missing file means no extra sharing. */
export function readNeutralIds(path: string): Set<string> {
  if (!existsSync(path)) return new Set()
  return new Set((JSON.parse(readFileSync(path, 'utf8')) as NeutralFile).ids)
}

export interface ClassifyResult {
  neutral: string[]
  writing: string[]
  /** Scenarios that did not pass on the reference server (never marked neutral). */
  failed: string[]
}

/** How long to let the server finish work it does after answering (hooks, async writes). */
const SETTLE_MS = 300

/** Classifies scenarios against the reference binary (see `todo` for which). */
export async function classifyScenarios(opts: {
  dataDir: string
  jobs: number
  onProgress?: (done: number, total: number) => void
}): Promise<ClassifyResult> {
  const spec = targetSpec('pocketbase')
  const unavailable = spec.unavailable()
  if (unavailable) throw new Error(unavailable)
  // replayable scenarios, and those whose setup is `shared` (classified with the setup in place)
  const todo = loadScenarios(opts.dataDir).scenarios.filter(
    (s) =>
      (s.replayable || findSetup(s.id)?.shared) &&
      s.timeoutMs === null &&
      !NEVER_SHARED_FILES.has(s.file),
  )
  const binDir = createFakeSendmailBin()
  const env = { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` }
  const verdict = new Map<string, 'neutral' | 'writing' | 'failed'>()
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < todo.length) {
      const s = todo[next++]!
      verdict.set(s.id, await classifyOne(s, join(opts.dataDir, 'fixture'), env))
      opts.onProgress?.(++done, todo.length)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.jobs) }, worker))
  } finally {
    removeTempDir(join(binDir, '..'))
  }
  const pick = (v: string) => todo.filter((s) => verdict.get(s.id) === v).map((s) => s.id)
  return { neutral: pick('neutral'), writing: pick('writing'), failed: pick('failed') }
}

async function classifyOne(
  s: Scenario,
  fixtureDir: string,
  env: NodeJS.ProcessEnv,
): Promise<'neutral' | 'writing' | 'failed'> {
  const unitDir = makeTempDir('isobase-conformance-classify-')
  const dataDir = join(unitDir, 'pb_data')
  const setup = s.replayable ? undefined : findSetup(s.id)
  let server: ServerProcess | undefined
  let cleanups: (() => Promise<void>) | undefined
  try {
    copyFixture(fixtureDir, dataDir)
    await setup?.beforeStart?.(createPreStartContext(s, dataDir, fixtureDir))
    const hooksDir = writeSetupHooks(unitDir, 'pocketbase', [setup])
    const port = await findFreePort()
    const { file, args } = targetSpec('pocketbase').command(dataDir, port, hooksDir)
    server = await ServerProcess.start({ file, args, env, port })
    if (setup?.beforeRequest) {
      const handle = createServerContext(s, dataDir, fixtureDir, port)
      cleanups = handle.runCleanups
      const patch = await setup.beforeRequest(handle.ctx)
      if (patch && Object.keys(patch).length > 0) return 'failed'
    }
    const before = await fingerprint(dataDir)
    const body = s.body === null ? null : new TextEncoder().encode(s.body)
    const res = await sendRawRequest(
      {
        method: s.method,
        target: s.url!,
        headers: buildRequestHeaders(s.method, s.headers, body?.length ?? 0),
        body,
      },
      { host: '127.0.0.1', port, timeoutMs: 60000 },
    )
    const failures = checkResponse(
      {
        expectedStatus: s.expectedStatus,
        expectedContent: s.expectedContent ?? [],
        notExpectedContent: s.notExpectedContent ?? [],
      },
      res.status,
      res.body,
    )
    if (failures.length) return 'failed'
    await new Promise((r) => setTimeout(r, SETTLE_MS))
    return (await fingerprint(dataDir)) === before ? 'neutral' : 'writing'
  } catch {
    return 'failed'
  } finally {
    await cleanups?.()
    await server?.stop()
    removeTempDir(unitDir)
  }
}

/** Writes neutral.json (ids in scenarios.json order). */
export function writeNeutralFile(path: string, ids: string[]): void {
  writeFileSync(path, JSON.stringify({ description: DESCRIPTION, ids }, null, 2) + '\n')
}
