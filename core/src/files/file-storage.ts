/**
 * @module The storage port for uploaded files (PocketBase's `tools/filesystem` over a blob bucket).
 *
 * Keys are `/`-separated paths such as `<collectionId>/<recordId>/<name>`; every object carries the
 * attributes PocketBase keeps beside it (content type, `original-filename` metadata, MD5). Adapters
 * implement the port: a `pb_data/storage` directory with `.attrs` sidecars and S3 on Node, IndexedDB
 * or OPFS in the browser, memory in tests.
 */

/** What is stored beside every object (gocloud's blob attributes, the subset PocketBase uses). */
export interface FileAttributes {
  /** Bytes. */
  size: number
  /** The content type sniffed when the object was written (`application/octet-stream` if unknown). */
  contentType: string
  /** Last modification time (used for `Last-Modified` and conditional requests). */
  modTime: Date
  /** User metadata, e.g. `original-filename`. */
  metadata: Record<string, string>
  /** Base64 MD5 of the content, when the writer recorded one. */
  md5?: string
}

/** Options of a write. */
export interface PutOptions {
  contentType: string
  metadata?: Record<string, string>
}

/** Content to write: bytes, a Blob/File, or a byte stream (read once). */
export type FileBody = Uint8Array | Blob | ReadableStream<Uint8Array>

/** A byte range of an object: `length` bytes from `offset` (`length` undefined = to the end). */
export interface ByteRange {
  offset: number
  length?: number
}

/** An open read: the object's attributes and a stream of the requested bytes. */
export interface FileRead {
  attrs: FileAttributes
  body: ReadableStream<Uint8Array>
}

/** One object of a listing. */
export interface ListedFile {
  key: string
  size: number
  modTime: Date
}

/** The operations core performs on stored files. */
export interface FileStorage {
  /** Writes (or replaces) the object at `key` atomically: readers see the old or the new content. */
  put(key: string, body: FileBody, options: PutOptions): Promise<void>
  /** The object's attributes, or `undefined` when there is no such object. */
  attributes(key: string): Promise<FileAttributes | undefined>
  /** Opens the object (or a range of it) for reading; `undefined` when missing. */
  read(key: string, range?: ByteRange): Promise<FileRead | undefined>
  /** Deletes the object; resolves `false` when it did not exist. */
  delete(key: string): Promise<boolean>
  /** Every object whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<ListedFile[]>
  /**
   * Deletes every object under `prefix` (and, for directory-backed stores, the emptied directories when
   * `prefix` ends with `/`). Returns the errors of the objects that could not be deleted.
   */
  deletePrefix(prefix: string): Promise<Error[]>
}

/** The content type of objects written without a known one. */
export const OCTET_STREAM = 'application/octet-stream'

/** Metadata key holding an upload's name as the client sent it. */
export const METADATA_ORIGINAL_NAME = 'original-filename'

/** Whether an object exists at `key`. */
export async function fileExists(storage: FileStorage, key: string): Promise<boolean> {
  return (await storage.attributes(key)) !== undefined
}

/** The whole object as bytes (for thumbnails and tests); `undefined` when missing. */
export async function readAllBytes(storage: FileStorage, key: string): Promise<Uint8Array | undefined> {
  const read = await storage.read(key)
  if (!read) {
    return undefined
  }
  return new Uint8Array(await new Response(read.body).arrayBuffer())
}

/** Whether nothing is stored under the directory `dir` (a trailing `/` is added). */
export async function isEmptyDir(storage: FileStorage, dir: string): Promise<boolean> {
  const prefix = dir !== '' && !dir.endsWith('/') ? dir + '/' : dir
  return (await storage.list(prefix)).length === 0
}

/** Deletes every listed object under `prefix` one by one (for stores without directories). */
export async function deleteListedPrefix(storage: FileStorage, prefix: string): Promise<Error[]> {
  if (prefix === '') {
    return [new Error("prefix mustn't be empty")]
  }
  const failed: Error[] = []
  for (const obj of await storage.list(prefix)) {
    try {
      await storage.delete(obj.key)
    } catch (err) {
      failed.push(err instanceof Error ? err : new Error(String(err)))
    }
  }
  return failed
}
