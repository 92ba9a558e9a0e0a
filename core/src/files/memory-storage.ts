/**
 * @module An in-memory {@link FileStorage}: the default when a platform brings none (tests, throwaway
 * in-page apps). Contents are lost with the process.
 */
import { bodyBytes, sliceStream } from './file-body.js'
import {
  deleteListedPrefix,
  type ByteRange,
  type FileAttributes,
  type FileBody,
  type FileRead,
  type FileStorage,
  type ListedFile,
  type PutOptions,
} from './file-storage.js'
import { assertSafeKey } from './storage-keys.js'

interface Entry {
  bytes: Uint8Array
  attrs: FileAttributes
}

/** Files kept in a Map. */
export class MemoryFileStorage implements FileStorage {
  readonly #files = new Map<string, Entry>()
  readonly #now: () => Date

  constructor(now: () => Date = () => new Date()) {
    this.#now = now
  }

  async put(key: string, body: FileBody, options: PutOptions): Promise<void> {
    assertSafeKey(key)
    const bytes = (await bodyBytes(body)).slice()
    this.#files.set(key, {
      bytes,
      attrs: { size: bytes.length, contentType: options.contentType, modTime: this.#now(), metadata: { ...options.metadata } },
    })
  }

  async attributes(key: string): Promise<FileAttributes | undefined> {
    assertSafeKey(key)
    const entry = this.#files.get(key)
    return entry ? { ...entry.attrs, metadata: { ...entry.attrs.metadata } } : undefined
  }

  async read(key: string, range?: ByteRange): Promise<FileRead | undefined> {
    assertSafeKey(key)
    const entry = this.#files.get(key)
    if (!entry) {
      return undefined
    }
    return { attrs: { ...entry.attrs }, body: sliceStream(entry.bytes, range?.offset, range?.length) }
  }

  async delete(key: string): Promise<boolean> {
    assertSafeKey(key)
    return this.#files.delete(key)
  }

  async list(prefix: string): Promise<ListedFile[]> {
    return [...this.#files.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, e]) => ({ key, size: e.attrs.size, modTime: e.attrs.modTime }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  deletePrefix(prefix: string): Promise<Error[]> {
    return deleteListedPrefix(this, prefix)
  }

  /** Every stored key (tests). */
  keys(): string[] {
    return [...this.#files.keys()].sort()
  }
}
