/**
 * @module The admin dashboard's files for a Service Worker: core serves `/_/` from them
 * (`Platform.adminAssets`). The manifest is baked into the worker script at build time (so a new
 * dashboard build changes the script and the browser updates the worker); the files themselves are
 * fetched from next to the script once, kept in Cache Storage, and so served offline.
 */
import type { AdminAssets } from '@isobase/core'

/** `admin/dist/manifest.json`. */
export type AdminManifest = AdminAssets['manifest']

/** An {@link AdminAssets} that can also fill its cache ahead of use (for the `install` event). */
export interface CachedAdminAssets extends AdminAssets {
  precache(): Promise<void>
}

/** Cache Storage buckets of the dashboard start with this; one per manifest. */
const CACHE_PREFIX = 'isobase-admin-'

/**
 * The dashboard files listed in `manifest`, served from `baseUrl` (the copy of `admin/dist/` next to
 * the worker script) through Cache Storage.
 */
export function cachedAdminAssets(manifest: AdminManifest, baseUrl: string | URL): CachedAdminAssets {
  const cacheName = CACHE_PREFIX + fingerprint(manifest)
  const allowed = new Set(manifest.files.map((f) => f.path))
  const urlOf = (path: string) => new URL(path, baseUrl).href

  const load = async (path: string): Promise<Response> => {
    const cache = await caches.open(cacheName)
    const url = urlOf(path)
    const hit = await cache.match(url)
    if (hit) {
      return hit
    }
    const res = await fetch(url, { cache: 'no-cache' })
    if (!res.ok) {
      throw new Error(`cannot load ${url}: HTTP ${res.status}`)
    }
    await cache.put(url, res.clone())
    return res
  }

  return {
    manifest,
    async read(path) {
      if (!allowed.has(path)) {
        throw new Error(`not an admin asset: ${path}`)
      }
      return new Uint8Array(await (await load(path)).arrayBuffer())
    },
    async precache() {
      await Promise.all(manifest.files.map((f) => load(f.path)))
      const stale = (await caches.keys()).filter((k) => k.startsWith(CACHE_PREFIX) && k !== cacheName)
      await Promise.all(stale.map((k) => caches.delete(k)))
    },
  }
}

/** A short stable id of a manifest (its hashed names change with every build). */
function fingerprint(manifest: AdminManifest): string {
  let h = 0x811c9dc5
  const text = JSON.stringify(manifest.files.map((f) => [f.path, f.size]))
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

declare const __ISOBASE_ADMIN_MANIFEST__: AdminManifest | null | undefined

/**
 * The dashboard baked into this bundle (the build defines `__ISOBASE_ADMIN_MANIFEST__` and copies
 * `admin/dist/` to `admin/` next to the script: see `scripts/admin-bundle.mjs`), or `undefined` when
 * the bundle has none.
 */
export function bundledAdminAssets(
  baseUrl: string | URL = new URL('admin/', location.href),
): CachedAdminAssets | undefined {
  const manifest = typeof __ISOBASE_ADMIN_MANIFEST__ === 'undefined' ? null : __ISOBASE_ADMIN_MANIFEST__
  return manifest ? cachedAdminAssets(manifest, baseUrl) : undefined
}
