/**
 * @module Test helpers for files: an app over memory SQLite and a memory file store, with the real
 * WebAssembly thumb maker (codec binaries read from node_modules), and a `docs` collection with file
 * fields. Node-only, like every `*.test-util.ts`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createApp, type App } from '../app.js'
import { newAuthToken } from '../auth/record-tokens.js'
import { newCollection, newField } from '../collections/collection-defaults.js'
import type { CollectionModel, FieldModel } from '../collections/collection-model.js'
import { saveCollection } from '../collections/collection-save.js'
import { openMemoryDatabase } from '../db/wa-sqlite/memory.test-util.js'
import { RecordModel } from '../records/record-model.js'
import { saveRecord } from '../records/record-save.js'
import { MemoryFileStorage } from './memory-storage.js'
import type { ThumbMaker } from './thumb-maker.js'
import { CODEC_WASM_FILES, createWasmThumbMaker, type WasmSource } from './wasm-thumb-maker.js'

const require = createRequire(import.meta.url)

/** Codec binaries from node_modules. */
export const testCodecWasm: WasmSource = async (name) =>
  (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<object> } }).WebAssembly.compile(
    readFileSync(require.resolve(CODEC_WASM_FILES[name])),
  )

/** A thumb maker that counts calls. */
export function countingThumbMaker(): ThumbMaker & { calls: number } {
  const inner = createWasmThumbMaker(testCodecWasm)
  const maker = {
    calls: 0,
    make: (...args: Parameters<ThumbMaker['make']>) => {
      maker.calls++
      return inner.make(...args)
    },
  }
  return maker
}

export interface FilesTestApp {
  app: App
  storage: MemoryFileStorage
  thumbs: ReturnType<typeof countingThumbMaker>
  docs: CollectionModel
  userToken: string
  userId: string
}

/**
 * An app with a `docs` collection: `one` (single file, 1 KiB max, any type), `many` (up to 3 files),
 * `images` (png/jpeg/gif/webp only, thumbs 20x20), `secret` (protected), a unique `title`, and public
 * rules except `viewRule` (`@request.auth.id != ''`, used by protected files).
 */
export async function newFilesTestApp(extraFields: FieldModel[] = []): Promise<FilesTestApp> {
  const storage = new MemoryFileStorage()
  const thumbs = countingThumbMaker()
  const app = createApp({ sqlite: { open: () => openMemoryDatabase() }, files: storage, thumbs })
  await app.bootstrap()
  const docs = newCollection('base', 'docs')
  docs.fields.push(
    newField('text', 'title'),
    newField('file', 'one', { maxSize: 1024 }),
    newField('file', 'many', { maxSelect: 3 }),
    newField('file', 'images', { maxSelect: 2, mimeTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'], thumbs: ['20x20', '10x0'] }),
    newField('file', 'secret', { protected: true }),
    ...extraFields,
  )
  docs.indexes = ["CREATE UNIQUE INDEX idx_docs_title ON docs (title) WHERE title != ''"]
  docs.listRule = ''
  docs.viewRule = "@request.auth.id != ''"
  docs.createRule = ''
  docs.updateRule = ''
  docs.deleteRule = ''
  await saveCollection(app, docs)

  const users = app.findCachedCollection('users')!
  const user = new RecordModel(users)
  user.load({ email: 'u@example.com', password: '1234567890', passwordConfirm: '1234567890' })
  await saveRecord(app, user)
  return { app, storage, thumbs, docs: app.findCachedCollection('docs')!, userToken: await newAuthToken(app, user), userId: user.id }
}

/** A multipart body from entries (strings or Blobs with names). */
export function form(entries: [string, string | [Blob, string]][]): FormData {
  const fd = new FormData()
  for (const [k, v] of entries) {
    if (typeof v === 'string') fd.append(k, v)
    else fd.append(k, v[0], v[1])
  }
  return fd
}
