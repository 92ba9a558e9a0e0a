/**
 * @module Where the built admin UI lives, for Node adapters (no Node imports here, so any runtime can load it).
 *
 * `admin/dist/manifest.json` is `{ index: 'index.html', files: [{ path, type, size, immutable }] }`:
 * every file to serve under the admin mount (`/_/`), with its Content-Type; `immutable` files have
 * content-hashed names and may be cached forever, the rest (index.html) must be revalidated.
 */

/** URL of the built admin directory (`admin/dist/`), ending with a slash. */
export const adminDistUrl = new URL('./dist/', import.meta.url)

/** URL of `admin/dist/manifest.json`. */
export const adminManifestUrl = new URL('./dist/manifest.json', import.meta.url)
