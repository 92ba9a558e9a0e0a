/**
 * @module Where the team's shared data lives for tests: `$ISOBASE_SHARED`, else `../shared` beside the
 * repository (how CI lays out a clean clone), else `/work/shared` (the engineers' machines).
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

// this file compiles to adapters/node/dist-test/test-util/
const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..')

function sharedDir(): string {
  const candidates = [process.env.ISOBASE_SHARED, join(REPO_ROOT, '..', 'shared'), '/work/shared']
  return candidates.find((dir) => dir !== undefined && existsSync(dir)) ?? '/work/shared'
}

/** The shared folder (see the module comment). */
export const SHARED_DIR = sharedDir()

/** PocketBase v0.39.11's fixture `pb_data` that the conformance scenarios run on. */
export const POCKETBASE_FIXTURE = join(SHARED_DIR, 'conformance', 'pocketbase', 'fixture')
