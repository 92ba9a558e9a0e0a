/**
 * @module Uploaded files and thumbs for a Service Worker: OPFS where the worker can write streams
 * there, else IndexedDB (`browserFilePlatform`), and the image codecs loaded through Cache Storage
 * like the SQLite engine, so thumbs are made offline and after the worker restarts.
 */
import { createWasmThumbMaker, type CodecWasm, type Platform } from '@isobase/core'
import { browserFilePlatform, codecWasmFileName } from '@isobase/browser/files'
import { compileWasm, precacheWasm } from './wasm-cache.js'

/** Options of {@link swFilePlatform}. */
export interface SwFilePlatformOptions {
  /** OPFS directory / IndexedDB database of the files. Default `isobase-files`. */
  name?: string
  /** `auto` (OPFS when writable here, else IndexedDB), `opfs` or `idb`. */
  storage?: 'auto' | 'opfs' | 'idb'
  /** Where the codec `.wasm` files are served; default next to the worker script. */
  codecBaseUrl?: string | URL
}

const CODECS: readonly CodecWasm[] = ['mozjpeg_dec', 'mozjpeg_enc', 'squoosh_png', 'webp_dec']

/** `files` and `thumbs` for `installIsobase`, plus `precache()` for the install step. */
export function swFilePlatform(
  options: SwFilePlatformOptions = {},
): Pick<Platform, 'files' | 'thumbs'> & { precache(): Promise<void> } {
  const base = options.codecBaseUrl ?? new URL('./', location.href)
  const url = (name: CodecWasm) => new URL(codecWasmFileName(name), base).href
  const { files } = browserFilePlatform({
    storage: options.storage ?? 'auto',
    name: options.name ?? 'isobase-files',
    codecBaseUrl: base,
  })
  return {
    files,
    thumbs: createWasmThumbMaker((name) => compileWasm(url(name))),
    precache: () => precacheWasm(CODECS.map(url)),
  }
}
