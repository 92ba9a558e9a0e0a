import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './paths.js'

/** The servers the runner can replay against. */
export type TargetName = 'isobase' | 'pocketbase'

export const TARGET_NAMES: readonly TargetName[] = ['isobase', 'pocketbase']

/** How to start one server of a target on a data dir and port. */
export interface TargetSpec {
  name: TargetName
  /** The executable and its arguments. */
  command(dataDir: string, port: number): { file: string; args: string[] }
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
function serveArgs(dataDir: string, port: number): string[] {
  return ['serve', '--http', `127.0.0.1:${port}`, '--dir', dataDir]
}

/** Looks up a target by name. */
export function targetSpec(name: TargetName): TargetSpec {
  if (name === 'pocketbase') {
    return {
      name,
      command: (dataDir, port) => ({ file: pocketbaseBinary(), args: serveArgs(dataDir, port) }),
      unavailable: () =>
        existsSync(pocketbaseBinary())
          ? undefined
          : `pocketbase target unavailable: no reference binary at ${pocketbaseBinary()} (set PB_BINARY)`,
    }
  }
  return {
    name,
    command: (dataDir, port) => ({
      file: process.execPath,
      args: [ISOBASE_CLI, ...serveArgs(dataDir, port)],
    }),
    unavailable: () =>
      existsSync(ISOBASE_CLI)
        ? undefined
        : `isobase target unavailable: ${ISOBASE_CLI} does not exist (the Node adapter's \`isobase serve\` CLI is not built yet; run \`npm run build\`)`,
  }
}
