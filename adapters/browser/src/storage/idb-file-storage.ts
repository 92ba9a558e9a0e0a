/**
 * @module Files in IndexedDB (works in pages, dedicated Workers and Service Workers): one record per
 * object holding its attributes and the content as a Blob, which browsers keep on disk and read back
 * in slices, so ranges and large downloads stream without loading whole files.
 */
import {
  assertSafeKey,
  deleteListedPrefix,
  type ByteRange,
  type FileAttributes,
  type FileBody,
  type FileRead,
  type FileStorage,
  type ListedFile,
  type PutOptions,
} from '@isobase/core'

const STORE = 'files'

interface Row {
  key: string
  blob: Blob
  contentType: string
  metadata: Record<string, string>
  modTime: number
}

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'))
  })
}

/** Opens (creating) the database that holds the files. */
function openDb(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1)
  req.onupgradeneeded = () => {
    req.result.createObjectStore(STORE, { keyPath: 'key' })
  }
  return promised(req)
}

async function toBlob(body: FileBody, contentType: string): Promise<Blob> {
  if (body instanceof Blob) {
    return body
  }
  if (body instanceof Uint8Array) {
    return new Blob([body as Uint8Array<ArrayBuffer>], { type: contentType })
  }
  return new Response(body).blob()
}

/** A {@link FileStorage} in the IndexedDB database `dbName` (default `isobase-files`). */
export class IdbFileStorage implements FileStorage {
  readonly #db: Promise<IDBDatabase>

  constructor(dbName = 'isobase-files') {
    this.#db = openDb(dbName)
  }

  async #store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.#db).transaction(STORE, mode).objectStore(STORE)
  }

  async put(key: string, body: FileBody, options: PutOptions): Promise<void> {
    assertSafeKey(key)
    // note: the blob is read before the transaction opens (a transaction closes at the next await)
    const blob = await toBlob(body, options.contentType)
    const row: Row = { key, blob, contentType: options.contentType, metadata: { ...options.metadata }, modTime: Date.now() }
    await promised((await this.#store('readwrite')).put(row))
  }

  async #row(key: string): Promise<Row | undefined> {
    assertSafeKey(key)
    return (await promised((await this.#store('readonly')).get(key))) as Row | undefined
  }

  async attributes(key: string): Promise<FileAttributes | undefined> {
    const row = await this.#row(key)
    return row ? attrsOf(row) : undefined
  }

  async read(key: string, range?: ByteRange): Promise<FileRead | undefined> {
    const row = await this.#row(key)
    if (!row) {
      return undefined
    }
    const start = range?.offset ?? 0
    const end = range?.length !== undefined ? start + range.length : row.blob.size
    return { attrs: attrsOf(row), body: row.blob.slice(start, end).stream() }
  }

  async delete(key: string): Promise<boolean> {
    const row = await this.#row(key)
    if (!row) {
      return false
    }
    await promised((await this.#store('readwrite')).delete(key))
    return true
  }

  async list(prefix: string): Promise<ListedFile[]> {
    const store = await this.#store('readonly')
    const range = prefix === '' ? undefined : IDBKeyRange.bound(prefix, prefix + '\uffff')
    const rows = (await promised(store.getAll(range))) as Row[]
    return rows
      .filter((r) => r.key.startsWith(prefix))
      .map((r) => ({ key: r.key, size: r.blob.size, modTime: new Date(r.modTime) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  deletePrefix(prefix: string): Promise<Error[]> {
    return deleteListedPrefix(this, prefix)
  }
}

function attrsOf(row: Row): FileAttributes {
  return { size: row.blob.size, contentType: row.contentType, modTime: new Date(row.modTime), metadata: { ...row.metadata } }
}
