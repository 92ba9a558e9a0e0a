/**
 * @module The thumb codecs' WebAssembly binaries on Node: read from the installed `@jsquash` packages
 * and compiled once per process.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { CODEC_WASM_FILES, type CodecWasm, type WasmSource } from '@isobase/core'
import { EMBEDDED_KEYS, embeddedAsset } from '../embedded-assets.js'

const require = createRequire(import.meta.url)
const compiled = new Map<CodecWasm, Promise<WebAssembly.Module>>()

/** Compiles a codec binary from `node_modules`. */
export const nodeCodecWasm: WasmSource = (name) => {
  let module = compiled.get(name)
  if (!module) {
    const embedded = embeddedAsset(EMBEDDED_KEYS.codec(name))
    const bytes = embedded ? Promise.resolve(embedded) : readFile(require.resolve(CODEC_WASM_FILES[name]))
    module = bytes.then((b) => WebAssembly.compile(b))
    module.catch(() => compiled.delete(name))
    compiled.set(name, module)
  }
  return module
}
