/**
 * @module Apps over temporary `pb_data` directories with the Node backups platform, for the backup tests.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { createApp, type App, type Platform } from '@isobase/core'
import { createNodeSqliteOpener } from '../sqlite/node-sqlite.js'
import { LocalFileStorage, localStorageDir } from '../storage/local-file-storage.js'
import { NodeBackupsPlatform } from './node-backups.js'

/** An app over a temp pb_data. */
export interface TempApp {
  app: App
  dir: string
  backups: NodeBackupsPlatform
  files: LocalFileStorage
  close(): Promise<void>
}

/** Opens (bootstraps) an app with Node storage and backups over `dir` (a new temp dir by default). */
export async function openTempApp(
  dir = mkdtempSync(join(tmpdir(), 'isobase-backups-')),
  extra: Partial<Platform> = {},
): Promise<TempApp> {
  const backups = new NodeBackupsPlatform(dir)
  const files = new LocalFileStorage(localStorageDir(dir))
  const app = createApp({ sqlite: createNodeSqliteOpener(dir), files, backups, ...extra })
  await app.bootstrap()
  return {
    app,
    dir,
    backups,
    files,
    async close() {
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Every file under `dir` (relative paths, sorted) with its size, skipping `skip` root entries. */
export function listTree(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name)
      const rel = relative(dir, path)
      if (skip.some((s) => rel === s || rel.startsWith(s + '/'))) continue
      const info = statSync(path)
      if (info.isDirectory()) walk(path)
      else out.push(`${rel}:${info.size}`)
    }
  }
  walk(dir)
  return out.sort()
}
