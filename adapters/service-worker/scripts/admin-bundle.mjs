// Bakes the admin dashboard into a Service Worker bundle: the esbuild `define` holding admin/dist's
// manifest (read by `bundledAdminAssets()`), and a copy of admin/dist/ as `<outDir>/admin/`. Used by
// this package's bundle and by other worker entries (e2e, examples). Without a built dashboard the
// define is null and the worker serves no /_/.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const adminDist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'admin', 'dist')

/** The admin manifest, or null when admin/dist has not been built. */
export function adminManifest() {
  const path = join(adminDist, 'manifest.json')
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null
}

/** esbuild `define` entries for `bundledAdminAssets()`. */
export function adminDefine() {
  return { __ISOBASE_ADMIN_MANIFEST__: JSON.stringify(adminManifest()) }
}

/** Copies admin/dist/ to `<outDir>/admin/` (replacing an older copy); false when there is none. */
export function copyAdmin(outDir) {
  const target = join(outDir, 'admin')
  rmSync(target, { recursive: true, force: true })
  if (adminManifest() === null) {
    return false
  }
  cpSync(adminDist, target, { recursive: true })
  return true
}
