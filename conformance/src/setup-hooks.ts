import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ScenarioSetup } from './setups/setup-types.js'
import type { TargetName } from './target.js'

/**
 * Writes the server-side code of the given setups (their `hooks` source for `target`) into
 * `<unitDir>/pb_hooks/`, one file per setup in order, and returns that folder; undefined when no
 * setup has hooks (the server then starts without `--hooksDir`).
 */
export function writeSetupHooks(
  unitDir: string,
  target: TargetName,
  setups: Iterable<ScenarioSetup | undefined>,
): string | undefined {
  const sources = [...new Set(setups)].flatMap((s) => (s?.hooks ? [s.hooks[target]] : []))
  if (sources.length === 0) return undefined
  const dir = join(unitDir, 'pb_hooks')
  mkdirSync(dir, { recursive: true })
  // note: both targets load `*.pb.js` files in name order
  sources.forEach((source, i) => writeFileSync(join(dir, `setup${i}.pb.js`), source))
  return dir
}
