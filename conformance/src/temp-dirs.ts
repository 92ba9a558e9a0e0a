import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const created = new Set<string>()

process.on('exit', () => removeAllTempDirs())

/** Creates a temp folder that `removeAllTempDirs()` deletes on exit (also on Ctrl-C). */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  created.add(dir)
  return dir
}

/** Deletes one folder made by `makeTempDir`. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
  created.delete(dir)
}

/** Deletes every folder made by `makeTempDir` that is still there. */
export function removeAllTempDirs(): void {
  for (const dir of [...created]) removeTempDir(dir)
}

function makeWritable(path: string): void {
  const st = statSync(path)
  if (st.isDirectory()) {
    chmodSync(path, 0o755)
    for (const name of readdirSync(path)) makeWritable(join(path, name))
  } else {
    chmodSync(path, 0o644)
  }
}

/**
 * Copies the fixture data dir to `dest`. The shared fixture is read-only (0444), and cpSync keeps
 * modes, so the copy is made writable: SQLite must be able to open `data.db` for writing.
 */
export function copyFixture(fixtureDir: string, dest: string): void {
  cpSync(fixtureDir, dest, { recursive: true })
  makeWritable(dest)
}
