/**
 * @module Files in a `pb_data/storage` directory, laid out as PocketBase's local filesystem (gocloud's
 * fileblob): `<key>` holds the bytes and `<key>.attrs` a JSON sidecar with the content type, user
 * metadata and MD5. A PocketBase `pb_data` opened by Isobase serves its files, and the other way round.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises'
import { dirname, join, sep } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeWebStream } from 'node:stream/web'
import {
  assertSafeKey,
  bodyStream,
  goJson,
  OCTET_STREAM,
  type ByteRange,
  type FileAttributes,
  type FileBody,
  type FileRead,
  type FileStorage,
  type ListedFile,
  type PutOptions,
} from '@isobase/core'

const ATTRS_EXT = '.attrs'

/** The sidecar JSON (gocloud `xattrs`), in Go's field order. */
interface Xattrs {
  'user.cache_control': string
  'user.content_disposition': string
  'user.content_encoding': string
  'user.content_language': string
  'user.content_type': string
  'user.metadata': Record<string, string> | null
  md5: string | null
}

const isNotFound = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR'

/** A {@link FileStorage} over a directory (created on first write). */
export class LocalFileStorage implements FileStorage {
  readonly root: string

  constructor(root: string) {
    this.root = root
  }

  #path(key: string): string {
    assertSafeKey(key)
    if (key.endsWith(ATTRS_EXT)) {
      throw new Error(`file extension "${ATTRS_EXT}" is reserved`)
    }
    return join(this.root, ...key.split('/'))
  }

  async put(key: string, body: FileBody, options: PutOptions): Promise<void> {
    const path = this.#path(key)
    await mkdir(dirname(path), { recursive: true })
    // note: like fileblob (NoTempDir), the temp file sits beside the target so the rename is atomic
    const temp = `${path}.${process.hrtime.bigint().toString(16)}.tmp`
    const md5 = createHash('md5')
    try {
      const hashing = new Transform({
        transform(chunk: Buffer, _enc, done) {
          md5.update(chunk)
          done(null, chunk)
        },
      })
      await pipeline(Readable.fromWeb(bodyStream(body) as NodeWebStream<Uint8Array>), hashing, createWriteStream(temp, { flags: 'wx' }))
      const attrs: Xattrs = {
        'user.cache_control': '',
        'user.content_disposition': '',
        'user.content_encoding': '',
        'user.content_language': '',
        'user.content_type': options.contentType,
        'user.metadata': options.metadata && Object.keys(options.metadata).length > 0 ? options.metadata : null,
        md5: md5.digest('base64'),
      }
      await writeFile(path + ATTRS_EXT, goJson(attrs))
      try {
        await rename(temp, path)
      } catch (err) {
        await unlink(path + ATTRS_EXT).catch(() => {})
        throw err
      }
    } finally {
      await unlink(temp).catch(() => {})
    }
  }

  async #readAttrs(path: string): Promise<Partial<Xattrs>> {
    try {
      return JSON.parse(await readFile(path + ATTRS_EXT, 'utf8')) as Partial<Xattrs>
    } catch (err) {
      if (isNotFound(err)) {
        return { 'user.content_type': OCTET_STREAM }
      }
      throw err
    }
  }

  async #attributes(path: string): Promise<FileAttributes | undefined> {
    let info
    try {
      info = await stat(path)
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
    if (info.isDirectory()) {
      return undefined
    }
    const xa = await this.#readAttrs(path)
    return {
      size: info.size,
      contentType: xa['user.content_type'] ?? '',
      modTime: info.mtime,
      metadata: { ...(xa['user.metadata'] ?? {}) },
      ...(xa.md5 ? { md5: xa.md5 } : {}),
    }
  }

  async attributes(key: string): Promise<FileAttributes | undefined> {
    return this.#attributes(this.#path(key))
  }

  async read(key: string, range?: ByteRange): Promise<FileRead | undefined> {
    const path = this.#path(key)
    const attrs = await this.#attributes(path)
    if (!attrs) {
      return undefined
    }
    const start = range?.offset ?? 0
    const end = range?.length !== undefined ? start + range.length - 1 : undefined
    if (end !== undefined && end < start) {
      return { attrs, body: new Blob([]).stream() }
    }
    const stream = createReadStream(path, { start, ...(end !== undefined ? { end } : {}), highWaterMark: 256 * 1024 })
    return { attrs, body: Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array> }
  }

  async delete(key: string): Promise<boolean> {
    const path = this.#path(key)
    try {
      await unlink(path)
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
    await unlink(path + ATTRS_EXT).catch((err: unknown) => {
      if (!isNotFound(err)) throw err
    })
    return true
  }

  async list(prefix: string): Promise<ListedFile[]> {
    // start the walk at the deepest directory the prefix names
    const slash = prefix.lastIndexOf('/')
    const dirKey = slash > -1 ? prefix.slice(0, slash) : ''
    if (dirKey !== '') {
      assertSafeKey(dirKey)
    }
    const out: ListedFile[] = []
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries
      try {
        entries = await readdir(dir, { withFileTypes: true })
      } catch {
        return // note: unreadable or missing directories are skipped, as fileblob does
      }
      for (const entry of entries) {
        const key = keyPrefix + entry.name
        if (entry.isDirectory()) {
          const dirPrefix = key + '/'
          if (dirPrefix.startsWith(prefix) || prefix.startsWith(dirPrefix)) {
            await walk(join(dir, entry.name), dirPrefix)
          }
        } else if (!entry.name.endsWith(ATTRS_EXT) && !entry.name.endsWith('.tmp') && key.startsWith(prefix)) {
          const info = await stat(join(dir, entry.name)).catch(() => undefined)
          if (info) {
            out.push({ key, size: info.size, modTime: info.mtime })
          }
        }
      }
    }
    await walk(dirKey === '' ? this.root : join(this.root, ...dirKey.split('/')), dirKey === '' ? '' : dirKey + '/')
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  async deletePrefix(prefix: string): Promise<Error[]> {
    if (prefix === '') {
      return [new Error("prefix mustn't be empty")]
    }
    const failed: Error[] = []
    const dirs = new Set<string>()
    if (prefix.endsWith('/')) {
      dirs.add(prefix.slice(0, -1))
    }
    for (const obj of await this.list(prefix)) {
      try {
        await this.delete(obj.key)
        if (prefix.endsWith('/')) {
          dirs.add(obj.key.slice(0, obj.key.lastIndexOf('/')))
        }
      } catch (err) {
        failed.push(err instanceof Error ? err : new Error(String(err)))
      }
    }
    // remove the emptied directories, deepest first (best effort, as PocketBase)
    const sorted = [...dirs].filter((d) => d !== '').sort((a, b) => b.split('/').length - a.split('/').length)
    for (const d of sorted) {
      try {
        assertSafeKey(d)
        await rmdir(join(this.root, ...d.split('/')))
      } catch {
        // not empty or already gone
      }
    }
    return failed
  }

  /** Removes the whole storage directory (tests). */
  async destroy(): Promise<void> {
    await rm(this.root, { recursive: true, force: true })
  }
}

/** The storage directory of a `pb_data` directory (PocketBase `LocalStorageDirName`). */
export function localStorageDir(dataDir: string): string {
  return dataDir + sep + 'storage'
}
