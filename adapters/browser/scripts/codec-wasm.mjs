// Copies the image codec binaries core's thumb maker loads (CODEC_WASM_FILES: @jsquash packages) into
// a bundle's output directory, under their file names (what `codecWasmFileName()` fetches).
import { copyFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { CODEC_WASM_FILES } from '@isobase/core'

const require = createRequire(import.meta.url)

/** Copies every codec `.wasm` into `outDir`; returns their names and total size in bytes. */
export function copyCodecWasm(outDir) {
  let bytes = 0
  const names = []
  for (const path of Object.values(CODEC_WASM_FILES)) {
    const name = basename(path)
    copyFileSync(require.resolve(path), join(outDir, name))
    bytes += statSync(join(outDir, name)).size
    names.push(name)
  }
  return { names, bytes }
}
