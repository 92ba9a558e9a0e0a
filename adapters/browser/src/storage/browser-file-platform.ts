/**
 * @module The file pieces of a browser platform (page, dedicated Worker or Service Worker): OPFS
 * storage where streams can be written there, else IndexedDB; thumbs from the shared WebAssembly
 * codecs, whose binaries are fetched from `codecBaseUrl`.
 *
 * The codec binaries ship in the `@jsquash` packages; a bundle copies them next to itself
 * ({@link CODEC_WASM_FILES} names their package paths; the file names are the last path segments).
 */
import { CODEC_WASM_FILES, createWasmThumbMaker, type CodecWasm, type Platform, type WasmSource } from '@isobase/core'
import { IdbFileStorage } from './idb-file-storage.js'
import { hasOpfsWritable, OpfsFileStorage } from './opfs-file-storage.js'

/** The file name of each codec binary (as a bundle copies it). */
export function codecWasmFileName(name: CodecWasm): string {
  const path = CODEC_WASM_FILES[name]
  return path.slice(path.lastIndexOf('/') + 1)
}

/** Fetches and compiles codec binaries from `baseUrl` (once each). */
export function fetchCodecWasm(baseUrl: string | URL): WasmSource {
  const compiled = new Map<CodecWasm, Promise<WebAssembly.Module>>()
  return (name) => {
    let module = compiled.get(name)
    if (!module) {
      module = fetch(new URL(codecWasmFileName(name), baseUrl)).then((res) => {
        if (!res.ok) throw new Error(`cannot load ${codecWasmFileName(name)}: HTTP ${res.status}`)
        return WebAssembly.compileStreaming(res)
      })
      module.catch(() => compiled.delete(name))
      compiled.set(name, module)
    }
    return module
  }
}

/** Options of {@link browserFilePlatform}. */
export interface BrowserFilePlatformOptions {
  /** Where the codec `.wasm` files are served (default: next to the running script). */
  codecBaseUrl?: string | URL
  /** Storage to use: `opfs`, `idb`, or `auto` (OPFS when writable, else IndexedDB). */
  storage?: 'auto' | 'opfs' | 'idb'
  /** Name of the OPFS directory / IndexedDB database. */
  name?: string
}

/** `files` and `thumbs` for `createApp` in a browser context. */
export function browserFilePlatform(options: BrowserFilePlatformOptions = {}): Pick<Platform, 'files' | 'thumbs'> {
  const kind = options.storage ?? 'auto'
  const useOpfs = kind === 'opfs' || (kind === 'auto' && hasOpfsWritable())
  const files = useOpfs ? new OpfsFileStorage(options.name) : new IdbFileStorage(options.name)
  const base = options.codecBaseUrl ?? new URL('./', self.location.href)
  return { files, thumbs: createWasmThumbMaker(fetchCodecWasm(base)) }
}
