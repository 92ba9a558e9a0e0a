/**
 * @module Files in the Origin Private File System, laid out like `pb_data/storage` (one directory per
 * key segment, `<name>.attrs` JSON sidecars), so a storage tree can be copied to or from a PocketBase
 * data directory. Needs `FileSystemFileHandle.createWritable` (Chromium and Firefox, also in workers).
 */
import {
  assertSafeKey,
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

interface Sidecar {
  'user.content_type': string
  'user.metadata': Record<string, string> | null
}

const isNotFound = (err: unknown) => err instanceof DOMException && (err.name === 'NotFoundError' || err.name === 'TypeMismatchError')

/** Whether this context can write OPFS files with streams. */
export function hasOpfsWritable(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    typeof navigator.storage?.getDirectory === 'function' &&
    typeof FileSystemFileHandle !== 'undefined' &&
    'createWritable' in FileSystemFileHandle.prototype
  )
}

/** A {@link FileStorage} under the OPFS directory `rootName` (default `isobase-storage`). */
export class OpfsFileStorage implements FileStorage {
  readonly #root: Promise<FileSystemDirectoryHandle>

  constructor(rootName = 'isobase-storage') {
    this.#root = navigator.storage.getDirectory().then((d) => d.getDirectoryHandle(rootName, { create: true }))
  }

  async #dir(segments: string[], create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
    let dir = await this.#root
    for (const s of segments) {
      try {
        dir = await dir.getDirectoryHandle(s, { create })
      } catch (err) {
        if (isNotFound(err)) return undefined
        throw err
      }
    }
    return dir
  }

  #split(key: string): { dirs: string[]; name: string } {
    assertSafeKey(key)
    if (key.endsWith(ATTRS_EXT)) {
      throw new Error(`file extension "${ATTRS_EXT}" is reserved`)
    }
    const parts = key.split('/')
    return { dirs: parts.slice(0, -1), name: parts[parts.length - 1]! }
  }

  async put(key: string, body: FileBody, options: PutOptions): Promise<void> {
    const { dirs, name } = this.#split(key)
    const dir = (await this.#dir(dirs, true))!
    const sidecar: Sidecar = {
      'user.content_type': options.contentType,
      'user.metadata': options.metadata && Object.keys(options.metadata).length > 0 ? options.metadata : null,
    }
    // note: createWritable writes to a swap file and swaps it in on close, so readers never see a partial file
    const file = await dir.getFileHandle(name, { create: true })
    const writable = await file.createWritable()
    try {
      if (body instanceof Uint8Array || body instanceof Blob) {
        await writable.write(body as Blob | BufferSource)
        await writable.close()
      } else {
        await body.pipeTo(writable)
      }
    } catch (err) {
      await writable.abort().catch(() => {})
      throw err
    }
    const attrs = await (await dir.getFileHandle(name + ATTRS_EXT, { create: true })).createWritable()
    await attrs.write(JSON.stringify({ 'user.cache_control': '', 'user.content_disposition': '', 'user.content_encoding': '', 'user.content_language': '', ...sidecar, md5: null }) + '\n')
    await attrs.close()
  }

  async #file(key: string): Promise<{ file: File; sidecar: Partial<Sidecar> } | undefined> {
    const { dirs, name } = this.#split(key)
    const dir = await this.#dir(dirs, false)
    if (!dir) return undefined
    let file: File
    try {
      file = await (await dir.getFileHandle(name)).getFile()
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
    let sidecar: Partial<Sidecar> = { 'user.content_type': OCTET_STREAM }
    try {
      sidecar = JSON.parse(await (await (await dir.getFileHandle(name + ATTRS_EXT)).getFile()).text()) as Partial<Sidecar>
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
    return { file, sidecar }
  }

  async attributes(key: string): Promise<FileAttributes | undefined> {
    const found = await this.#file(key)
    return found ? attrsOf(found.file, found.sidecar) : undefined
  }

  async read(key: string, range?: ByteRange): Promise<FileRead | undefined> {
    const found = await this.#file(key)
    if (!found) return undefined
    const start = range?.offset ?? 0
    const end = range?.length !== undefined ? start + range.length : found.file.size
    return { attrs: attrsOf(found.file, found.sidecar), body: found.file.slice(start, end).stream() }
  }

  async delete(key: string): Promise<boolean> {
    const { dirs, name } = this.#split(key)
    const dir = await this.#dir(dirs, false)
    if (!dir) return false
    try {
      await dir.removeEntry(name)
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
    await dir.removeEntry(name + ATTRS_EXT).catch(() => {})
    return true
  }

  async list(prefix: string): Promise<ListedFile[]> {
    const slash = prefix.lastIndexOf('/')
    const base = slash > -1 ? prefix.slice(0, slash) : ''
    if (base !== '') assertSafeKey(base)
    const out: ListedFile[] = []
    const walk = async (dir: FileSystemDirectoryHandle, keyPrefix: string): Promise<void> => {
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        const key = keyPrefix + name
        if (handle.kind === 'directory') {
          const sub = key + '/'
          if (sub.startsWith(prefix) || prefix.startsWith(sub)) {
            await walk(handle as FileSystemDirectoryHandle, sub)
          }
        } else if (!name.endsWith(ATTRS_EXT) && key.startsWith(prefix)) {
          const file = await (handle as FileSystemFileHandle).getFile()
          out.push({ key, size: file.size, modTime: new Date(file.lastModified) })
        }
      }
    }
    const dir = await this.#dir(base === '' ? [] : base.split('/'), false)
    if (dir) {
      await walk(dir, base === '' ? '' : base + '/')
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  async deletePrefix(prefix: string): Promise<Error[]> {
    if (prefix === '') {
      return [new Error("prefix mustn't be empty")]
    }
    const failed: Error[] = []
    for (const obj of await this.list(prefix)) {
      try {
        await this.delete(obj.key)
      } catch (err) {
        failed.push(err instanceof Error ? err : new Error(String(err)))
      }
    }
    if (prefix.endsWith('/')) {
      // a directory prefix: drop the (now empty) directory tree too
      const parts = prefix.slice(0, -1).split('/')
      const parent = await this.#dir(parts.slice(0, -1), false)
      await parent?.removeEntry(parts[parts.length - 1]!, { recursive: true }).catch(() => {})
    }
    return failed
  }
}

function attrsOf(file: File, sidecar: Partial<Sidecar>): FileAttributes {
  return {
    size: file.size,
    contentType: sidecar['user.content_type'] ?? OCTET_STREAM,
    modTime: new Date(file.lastModified),
    metadata: { ...(sidecar['user.metadata'] ?? {}) },
  }
}
