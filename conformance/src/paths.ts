import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (this file compiles to conformance/dist/ or conformance/dist-test/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The conformance workspace folder. */
export const CONFORMANCE_ROOT = join(REPO_ROOT, 'conformance')

/** Scenario ids measured to leave PocketBase's data unchanged (see classify.ts). */
export const NEUTRAL_PATH = join(CONFORMANCE_ROOT, 'neutral.json')

/** The committed list of scenario ids that pass on Isobase. */
export const RATCHET_PATH = join(CONFORMANCE_ROOT, 'ratchet.json')

/** The team's shared copy: `../shared` beside the repository (CI's layout), else `/work/shared`. */
const SHARED_DATA_DIR = [join(REPO_ROOT, '..', 'shared'), '/work/shared']
  .map((dir) => join(dir, 'conformance', 'pocketbase'))
  .find((dir) => existsSync(join(dir, 'scenarios.json'))) ?? '/work/shared/conformance/pocketbase'

/**
 * The folder that holds `scenarios.json` and `fixture/`: `$ISOBASE_CONFORMANCE_DATA` if set,
 * else `conformance/data/pocketbase` when vendored into the repo, else the team's shared copy.
 */
export function conformanceDataDir(): string {
  const fromEnv = process.env.ISOBASE_CONFORMANCE_DATA
  if (fromEnv) return resolve(fromEnv)
  const vendored = join(CONFORMANCE_ROOT, 'data', 'pocketbase')
  if (existsSync(join(vendored, 'scenarios.json'))) return vendored
  return SHARED_DATA_DIR
}
