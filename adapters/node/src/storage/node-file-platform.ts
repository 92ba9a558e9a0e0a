/**
 * @module The file pieces of the Node platform: `pb_data/storage` as PocketBase lays it out, S3 when
 * the settings enable it, and thumbs from the shared WebAssembly codecs.
 */
import { createWasmThumbMaker, type Platform } from '@isobase/core'
import { nodeCodecWasm } from './node-codec-wasm.js'
import { LocalFileStorage, localStorageDir } from './local-file-storage.js'
import { S3FileStorage } from './s3-file-storage.js'

/** `files`, `s3Files` and `thumbs` for an app over `dataDir`. */
export function nodeFilePlatform(dataDir: string): Pick<Platform, 'files' | 's3Files' | 'thumbs'> {
  return {
    files: new LocalFileStorage(localStorageDir(dataDir)),
    s3Files: (config) => new S3FileStorage(config),
    thumbs: createWasmThumbMaker(nodeCodecWasm),
  }
}
