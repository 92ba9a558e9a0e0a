import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './paths.js'

/** The servers the runner can replay against. */
export type TargetName = 'isobase' | 'pocketbase'

export const TARGET_NAMES: readonly TargetName[] = ['isobase', 'pocketbase']

/** How to start one server of a target on a data dir and port. */
export interface TargetSpec {
  name: TargetName
  /**
   * The executable and its arguments; `hooksDir` is the pb_hooks folder of a setup with
   * server-side code (see `ScenarioSetup.hooks`).
   */
  command(dataDir: string, port: number, hooksDir?: string): { file: string; args: string[] }
  /** A one-line reason why the target cannot run here, or undefined when it can. */
  unavailable(): string | undefined
}

/** The reference binary: `$PB_BINARY`, else `.ref/base` in the repository. */
export function pocketbaseBinary(): string {
  return process.env.PB_BINARY || join(REPO_ROOT, '.ref', 'base')
}

/** The Node adapter's CLI (`isobase serve`). */
export const ISOBASE_CLI = join(REPO_ROOT, 'adapters', 'node', 'dist', 'cli.js')

/** Both targets get PocketBase's own `serve` flags. */
function serveArgs(dataDir: string, port: number, hooksDir?: string): string[] {
  const args = ['serve', '--http', `127.0.0.1:${port}`, '--dir', dataDir]
  if (hooksDir) args.push('--hooksDir', hooksDir, '--hooksWatch=false')
  return args
}

/** Looks up a target by name. */
export function targetSpec(name: TargetName): TargetSpec {
  if (name === 'pocketbase') {
    return {
      name,
      command: (dataDir, port, hooksDir) => ({
        file: pocketbaseBinary(),
        // note: the jsvm plugin prewarms --hooksPool (default 15) JS runtimes before serving, which
        // triples the start-up time; the few requests of a scenario need no more than 2
        // note: --automigrate=false: Go's test app has no migratecmd plugin, whose automigrate
        // handlers (bound to the collection request hooks) write pb_migrations files and fail a
        // collection save that a request hook wraps in a transaction
        args: [
          ...serveArgs(dataDir, port, hooksDir),
          '--automigrate=false',
          ...(hooksDir ? ['--hooksPool', '2'] : []),
        ],
      }),
      unavailable: () =>
        existsSync(pocketbaseBinary())
          ? undefined
          : `pocketbase target unavailable: no reference binary at ${pocketbaseBinary()} (set PB_BINARY)`,
    }
  }
  return {
    name,
    command: (dataDir, port, hooksDir) => ({
      file: process.execPath,
      args: [ISOBASE_CLI, ...serveArgs(dataDir, port, hooksDir)],
    }),
    unavailable: () =>
      existsSync(ISOBASE_CLI)
        ? undefined
        : `isobase target unavailable: ${ISOBASE_CLI} does not exist (the Node adapter's \`isobase serve\` CLI is not built yet; run \`npm run build\`)`,
  }
}
