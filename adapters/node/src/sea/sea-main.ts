/**
 * @module The entry of the single executable (`npm run build:binary`): registers the embedded files
 * (WASM engines, admin UI) and runs the `isobase` CLI. Bundled to CommonJS, as Node's single executable
 * applications require.
 */
import { getAsset, isSea } from 'node:sea'
import { setEmbeddedAssets } from '../embedded-assets.js'
import { main } from '../index.js'

if (isSea()) {
  const cache = new Map<string, Uint8Array<ArrayBuffer> | undefined>()
  setEmbeddedAssets((key) => {
    if (!cache.has(key)) {
      let bytes: Uint8Array<ArrayBuffer> | undefined
      try {
        bytes = new Uint8Array(getAsset(key))
      } catch {
        bytes = undefined // ERR_SINGLE_EXECUTABLE_APPLICATION_ASSET_NOT_FOUND
      }
      cache.set(key, bytes)
    }
    return cache.get(key)
  })
}

// note: in a single executable, argv[1] is the executable again, so commands start at argv[2] as usual
void main(process.argv)
