/**
 * @module The built admin UI (`@isobase/admin`'s dist folder) as core's `AdminAssets`, read from disk.
 */
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { AdminAssets } from '@isobase/core'
import { adminDistUrl, adminManifestUrl } from '@isobase/admin/assets'
import { EMBEDDED_KEYS, embeddedAsset } from './embedded-assets.js'

/** Loads the admin build, or `undefined` when it hasn't been built (the server then has no `/_/`). */
export function loadAdminAssets(): AdminAssets | undefined {
  const embedded = embeddedAsset(EMBEDDED_KEYS.admin('manifest.json'))
  if (embedded) {
    return embeddedAdminAssets(embedded)
  }
  const manifestPath = fileURLToPath(adminManifestUrl)
  if (!existsSync(manifestPath)) {
    return undefined
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as AdminAssets['manifest']
  const allowed = new Set(manifest.files.map((f) => f.path))
  return {
    manifest,
    async read(path) {
      if (!allowed.has(path)) {
        throw new Error(`not an admin asset: ${path}`)
      }
      const bytes = await readFile(fileURLToPath(new URL(path, adminDistUrl)))
      return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as Uint8Array<ArrayBuffer>
    },
  }
}

/** The admin build embedded in the single executable. */
function embeddedAdminAssets(manifestBytes: Uint8Array): AdminAssets {
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as AdminAssets['manifest']
  const allowed = new Set(manifest.files.map((f) => f.path))
  return {
    manifest,
    async read(path) {
      const bytes = allowed.has(path) ? embeddedAsset(EMBEDDED_KEYS.admin(path)) : undefined
      if (!bytes) {
        throw new Error(`not an admin asset: ${path}`)
      }
      return bytes
    },
  }
}
