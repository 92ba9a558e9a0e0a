/**
 * @module The file pieces of the Node platform: `pb_data/storage` as PocketBase lays it out, S3 when
 * the settings enable it, and thumbs from the shared WebAssembly codecs.
 */
import { createWasmThumbMaker, s3ConfigOf, type Platform } from '@isobase/core'
import { nodeCodecWasm } from './node-codec-wasm.js'
import { LocalFileStorage, localStorageDir } from './local-file-storage.js'
import { lazyS3FileStorage, loadS3Storage } from './lazy-s3-storage.js'

/**
 * PocketBase's S3 test (`POST /api/settings/test/s3`): writes a small object with a random name and
 * deletes it again.
 */
export async function testS3Config(raw: Record<string, unknown>): Promise<void> {
  const { S3FileStorage } = await loadS3Storage()
  const storage = new S3FileStorage(s3ConfigOf(raw))
  try {
    const key = 'pb_settings_test_' + Math.random().toString(36).slice(2, 14)
    await storage.put(key, new TextEncoder().encode('test'), { contentType: 'text/plain; charset=utf-8' })
    await storage.delete(key)
  } finally {
    storage.close()
  }
}

/** `files`, `s3Files`, `testS3` and `thumbs` for an app over `dataDir`. */
export function nodeFilePlatform(dataDir: string): Pick<Platform, 'files' | 's3Files' | 'testS3' | 'thumbs'> {
  return {
    testS3: testS3Config,
    files: new LocalFileStorage(localStorageDir(dataDir)),
    s3Files: (config) => lazyS3FileStorage(config),
    thumbs: createWasmThumbMaker(nodeCodecWasm),
  }
}
