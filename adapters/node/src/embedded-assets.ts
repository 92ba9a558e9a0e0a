/**
 * @module Files embedded in the single executable (`npm run build:binary`): the SQLite and thumb codec
 * WebAssembly binaries and the admin UI. The executable's entry registers the asset reader; everywhere
 * else nothing is registered and the loaders read node_modules as usual.
 */

/** Reads an embedded file by key, `undefined` when absent. */
export type EmbeddedAssetReader = (key: string) => Uint8Array<ArrayBuffer> | undefined

let reader: EmbeddedAssetReader | undefined

/** Registers the reader (called once by the single executable's entry). */
export function setEmbeddedAssets(read: EmbeddedAssetReader): void {
  reader = read
}

/** An embedded file, or `undefined` when not running as the single executable or the key is absent. */
export function embeddedAsset(key: string): Uint8Array<ArrayBuffer> | undefined {
  return reader?.(key)
}

/** Asset keys, shared by the build script and the loaders. */
export const EMBEDDED_KEYS = {
  sqliteWasm: 'wa-sqlite.wasm',
  /** `codec/<name>.wasm` for each of core's `CODEC_WASM_FILES`. */
  codec: (name: string) => `codec/${name}.wasm`,
  /** `admin/<path>` for each file of the admin manifest, and `admin/manifest.json`. */
  admin: (path: string) => `admin/${path}`,
} as const
