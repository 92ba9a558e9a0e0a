/**
 * @module Zip archives of a `pb_data` directory, as PocketBase's backups are (`tools/archive`): one
 * Deflate (level 1, Go's `BestSpeed`) entry per file with its `/`-separated path relative to pb_data
 * (`data.db`, `auxiliary.db`, `storage/<collectionId>/<recordId>/<name>`, …).
 *
 * Platform-neutral: the writer streams from bytes, Blobs or byte streams, and the reader works over
 * any random-access source (a Blob in browsers, a file handle on Node), reading the central directory
 * (so archives written by Go's `archive/zip`, with data descriptors or zip64 records, read back) and
 * inflating one entry at a time. Entry sizes and CRC-32s are checked; paths that could escape the
 * target directory make the whole archive invalid (PocketBase's zip-slip check).
 *
 * Limits: the writer emits no zip64 records, so an entry (or the archive) must stay under 4 GiB.
 */
import { Inflate, Zip, ZipDeflate } from 'fflate'
import { crc32Update } from './zip-crc32.js'

/** One file to put in an archive. */
export interface PbDataZipEntry {
  /** `/`-separated path relative to pb_data, e.g. `data.db` or `storage/abc/def/a.png`. */
  path: string
  /** The content (a stream is read once). */
  body: Uint8Array | Blob | ReadableStream<Uint8Array>
  /** Recorded as the entry's modification time; default now. */
  modTime?: Date
}

/** The entries of an archive to write, possibly produced lazily. */
export type PbDataZipEntries = Iterable<PbDataZipEntry> | AsyncIterable<PbDataZipEntry>

/**
 * PocketBase's root entries left out of a backup (`core/base_backup.go` `CreateBackup`): the backups
 * themselves, temp and notify dirs, the autocert cache and `lost+found`.
 */
export const BACKUP_EXCLUDED_ROOTS = [
  'backups',
  '.pb_temp_to_delete',
  '.notify',
  '.autocert_cache',
  'lost+found',
] as const

/** PocketBase's root entries a restore never moves or replaces (`RestoreBackup`). */
export const RESTORE_EXCLUDED_ROOTS = [
  'backups',
  '.pb_temp_to_delete',
  '.autocert_cache',
  'lost+found',
] as const

/** Whether `path` is one of `roots` or lies under one of them. */
export function isUnderRoots(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root + '/'))
}

/** A malformed archive or entry (not a zip, bad path, checksum mismatch, unsupported feature). */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ZipFormatError'
  }
}

/**
 * Checks and normalises an archive path: relative, `/`-separated, without `..` segments, backslashes
 * or NULs (empty and `.` segments are dropped, as Go's `filepath.Join` does). Returns it without a
 * trailing `/` (directory entries end with one).
 */
export function checkArchivePath(path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.')
  const bad =
    segments.length === 0 ||
    path.startsWith('/') ||
    /^[a-zA-Z]:/.test(path) ||
    path.includes('\\') ||
    path.includes('\0') ||
    segments.includes('..')
  if (bad) {
    throw new ZipFormatError(`invalid file path: ${JSON.stringify(path)}`)
  }
  return segments.join('/')
}

// ---------------------------------------------------------------- writing

const UNIX = 3
const REGULAR_0644 = (0o100644 << 16) >>> 0
const MIN_DOS_TIME = Date.UTC(1980, 0, 2)
const MAX_DOS_TIME = Date.UTC(2099, 11, 30)

function toStream(body: PbDataZipEntry['body']): ReadableStream<Uint8Array> {
  if (body instanceof ReadableStream) {
    return body
  }
  if (body instanceof Uint8Array) {
    return new ReadableStream({
      start(controller) {
        controller.enqueue(body)
        controller.close()
      },
    })
  }
  return body.stream()
}

/** Info-ZIP's extended timestamp extra field (0x5455): the exact mtime in Unix seconds, as Go writes. */
function extendedTimestamp(time: Date): Uint8Array {
  const seconds = Math.floor(time.getTime() / 1000) >>> 0
  return new Uint8Array([
    1,
    seconds & 0xff,
    (seconds >>> 8) & 0xff,
    (seconds >>> 16) & 0xff,
    seconds >>> 24,
  ])
}

function toAsyncIterator<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in items) {
    return items[Symbol.asyncIterator]()
  }
  const it = items[Symbol.iterator]()
  return {
    next: () => Promise.resolve(it.next()),
    return: (value?: unknown) =>
      Promise.resolve(it.return?.(value as T) ?? { done: true as const, value: value as T }),
  }
}

/**
 * Streams a zip archive of `entries`, in order. Entry paths are checked ({@link checkArchivePath}) and
 * must be unique. The stream errors if an entry's body errors.
 *
 * @example
 * ```ts
 * const zip = createPbDataZip([{ path: 'data.db', body: dbBytes }])
 * const blob = await new Response(zip).blob()
 * ```
 */
export function createPbDataZip(entries: PbDataZipEntries): ReadableStream<Uint8Array> {
  const out: Uint8Array[] = []
  let finished = false
  let failure: unknown
  const zip = new Zip((err, chunk, final) => {
    if (err) {
      failure = err
      return
    }
    out.push(chunk)
    if (final) {
      finished = true
    }
  })
  const iterator = toAsyncIterator(entries)
  const seen = new Set<string>()
  let current: { file: ZipDeflate; reader: ReadableStreamDefaultReader<Uint8Array> } | undefined

  const step = async (): Promise<void> => {
    if (current) {
      const { value, done } = await current.reader.read()
      if (done) {
        current.file.push(new Uint8Array(0), true)
        current = undefined
      } else if (value.length > 0) {
        current.file.push(value, false)
      }
      return
    }
    const next = await iterator.next()
    if (next.done) {
      zip.end()
      return
    }
    const entry = next.value
    const path = checkArchivePath(entry.path)
    if (seen.has(path)) {
      throw new ZipFormatError(`duplicate file path: ${JSON.stringify(path)}`)
    }
    seen.add(path)
    const time = new Date(
      Math.min(MAX_DOS_TIME, Math.max(MIN_DOS_TIME, (entry.modTime ?? new Date()).getTime())),
    )
    const file = new ZipDeflate(path, { level: 1 })
    file.os = UNIX
    file.attrs = REGULAR_0644
    file.mtime = time
    file.extra = { 0x5455: extendedTimestamp(time) }
    zip.add(file)
    current = { file, reader: toStream(entry.body).getReader() }
  }

  const abort = async (reason: unknown) => {
    await current?.reader.cancel(reason).catch(() => {})
    await iterator.return?.().catch(() => {})
  }

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        while (out.length === 0 && !finished) {
          await step()
          if (failure) {
            throw failure
          }
        }
        for (const chunk of out.splice(0)) {
          controller.enqueue(chunk)
        }
        if (finished) {
          controller.close()
        }
      } catch (err) {
        controller.error(err)
        await abort(err)
      }
    },
    cancel: abort,
  })
}

// ---------------------------------------------------------------- reading

/** Random access to an archive's bytes. */
export interface ZipSource {
  readonly size: number
  /** Reads `length` bytes at `offset` (fewer only at the end). */
  read(offset: number, length: number): Promise<Uint8Array>
}

/** A source over a Blob or File (browsers, Node ≥ 20). */
export function blobZipSource(blob: Blob): ZipSource {
  return {
    size: blob.size,
    read: async (offset, length) =>
      new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  }
}

/** A source over bytes in memory. */
export function bytesZipSource(bytes: Uint8Array): ZipSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
  }
}

/** An entry of an archive's central directory. */
export interface ZipEntryInfo {
  /** The checked path, without a trailing `/`. */
  path: string
  isDirectory: boolean
  /** A plain file (not a directory, symlink or other special entry). */
  isRegular: boolean
  size: number
  compressedSize: number
  /** 0 = stored, 8 = deflate. */
  method: number
  crc32: number
  modTime: Date
  localHeaderOffset: number
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8)
const u32 = (b: Uint8Array, o: number) =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32

const EOCD_SIG = 0x06054b50
const ZIP64_LOCATOR_SIG = 0x07064b50
const ZIP64_EOCD_SIG = 0x06064b50
const CENTRAL_SIG = 0x02014b50
const LOCAL_SIG = 0x04034b50

async function readExactly(source: ZipSource, offset: number, length: number): Promise<Uint8Array> {
  if (offset < 0 || offset + length > source.size) {
    throw new ZipFormatError('zip: not a valid zip file')
  }
  const bytes = await source.read(offset, length)
  if (bytes.length !== length) {
    throw new ZipFormatError('zip: not a valid zip file')
  }
  return bytes
}

function dosTime(date: number, time: number): Date {
  return new Date(
    Date.UTC(
      1980 + (date >> 9),
      ((date >> 5) & 0xf) - 1,
      date & 0x1f,
      time >> 11,
      (time >> 5) & 0x3f,
      (time & 0x1f) * 2,
    ),
  )
}

/** Reads the central directory. Throws {@link ZipFormatError} for anything that is not a usable zip. */
export async function listZipEntries(source: ZipSource): Promise<ZipEntryInfo[]> {
  const tailLength = Math.min(source.size, 22 + 0xffff)
  if (tailLength < 22) {
    throw new ZipFormatError('zip: not a valid zip file')
  }
  const tailStart = source.size - tailLength
  const tail = await readExactly(source, tailStart, tailLength)
  let eocd = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIG) {
      eocd = i
      break
    }
  }
  if (eocd < 0) {
    throw new ZipFormatError('zip: not a valid zip file')
  }
  let count = u16(tail, eocd + 10)
  let cdSize = u32(tail, eocd + 12)
  let cdOffset = u32(tail, eocd + 16)
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locatorAt = tailStart + eocd - 20
    const locator = locatorAt >= 0 ? await readExactly(source, locatorAt, 20) : undefined
    if (locator && u32(locator, 0) === ZIP64_LOCATOR_SIG) {
      const rec = await readExactly(source, u64(locator, 8), 56)
      if (u32(rec, 0) !== ZIP64_EOCD_SIG) {
        throw new ZipFormatError('zip: not a valid zip file')
      }
      count = u64(rec, 32)
      cdSize = u64(rec, 40)
      cdOffset = u64(rec, 48)
    }
  }
  const cd = await readExactly(source, cdOffset, cdSize)
  const entries: ZipEntryInfo[] = []
  const decoder = new TextDecoder()
  let p = 0
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || u32(cd, p) !== CENTRAL_SIG) {
      throw new ZipFormatError('zip: not a valid zip file')
    }
    const madeBy = u16(cd, p + 4) >> 8
    const flags = u16(cd, p + 8)
    const method = u16(cd, p + 10)
    const time = u16(cd, p + 12)
    const date = u16(cd, p + 14)
    const crc32 = u32(cd, p + 16)
    let compressedSize = u32(cd, p + 20)
    let size = u32(cd, p + 24)
    const nameLength = u16(cd, p + 28)
    const extraLength = u16(cd, p + 30)
    const commentLength = u16(cd, p + 32)
    const externalAttrs = u32(cd, p + 38)
    let localHeaderOffset = u32(cd, p + 42)
    const rawName = decoder.decode(cd.subarray(p + 46, p + 46 + nameLength))
    let modTime = dosTime(date, time)
    // extra fields: zip64 sizes/offset and the exact mtime
    let e = p + 46 + nameLength
    const extraEnd = e + extraLength
    while (e + 4 <= extraEnd) {
      const id = u16(cd, e)
      const len = u16(cd, e + 2)
      let f = e + 4
      if (id === 0x0001) {
        if (size === 0xffffffff) ((size = u64(cd, f)), (f += 8))
        if (compressedSize === 0xffffffff) ((compressedSize = u64(cd, f)), (f += 8))
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(cd, f)
      } else if (id === 0x5455 && len >= 5 && (cd[f]! & 1) === 1) {
        modTime = new Date(u32(cd, f + 1) * 1000)
      }
      e += 4 + len
    }
    p = extraEnd + commentLength
    if (flags & 1) {
      throw new ZipFormatError(
        `zip: encrypted entries are not supported (${JSON.stringify(rawName)})`,
      )
    }
    const isDirectory = rawName.endsWith('/')
    const unixType = (externalAttrs >>> 16) & 0o170000
    const isUnix = madeBy === 3 || madeBy === 19
    const isRegular = !isDirectory && (!isUnix || unixType === 0 || unixType === 0o100000)
    entries.push({
      path: checkArchivePath(rawName),
      isDirectory,
      isRegular,
      size,
      compressedSize,
      method,
      crc32,
      modTime,
      localHeaderOffset,
    })
  }
  return entries
}

const READ_CHUNK = 64 * 1024

/**
 * Streams an entry's content, inflated, checking its size and CRC-32 at the end (an entry that
 * inflates to more than its declared size fails as soon as it does).
 */
export function openZipEntry(source: ZipSource, entry: ZipEntryInfo): ReadableStream<Uint8Array> {
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipFormatError(
      `zip: unsupported compression algorithm ${entry.method} (${JSON.stringify(entry.path)})`,
    )
  }
  let offset = -1
  let end = 0
  let produced = 0
  let crc = 0
  const pending: Uint8Array[] = []
  let inflateDone = false
  const take = (chunk: Uint8Array) => {
    produced += chunk.length
    if (produced > entry.size) {
      throw new ZipFormatError(
        `zip: ${JSON.stringify(entry.path)} is larger than its declared size`,
      )
    }
    crc = crc32Update(crc, chunk)
    if (chunk.length > 0) pending.push(chunk)
  }
  const inflater = entry.method === 8 ? new Inflate() : undefined
  if (inflater) {
    inflater.ondata = (chunk, final) => {
      take(chunk)
      if (final) inflateDone = true
    }
  }
  const finish = () => {
    if (inflater && !inflateDone) {
      throw new ZipFormatError(`zip: ${JSON.stringify(entry.path)} is truncated`)
    }
    if (produced !== entry.size || crc !== entry.crc32) {
      throw new ZipFormatError(`zip: checksum error in ${JSON.stringify(entry.path)}`)
    }
  }
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset < 0) {
        const header = await readExactly(source, entry.localHeaderOffset, 30)
        if (u32(header, 0) !== LOCAL_SIG) {
          throw new ZipFormatError('zip: not a valid zip file')
        }
        offset = entry.localHeaderOffset + 30 + u16(header, 26) + u16(header, 28)
        end = offset + entry.compressedSize
        if (end > source.size) {
          throw new ZipFormatError('zip: not a valid zip file')
        }
      }
      while (pending.length === 0 && offset < end) {
        const length = Math.min(READ_CHUNK, end - offset)
        const chunk = await readExactly(source, offset, length)
        offset += length
        const last = offset >= end
        if (inflater) {
          try {
            inflater.push(chunk, last)
          } catch (err) {
            if (err instanceof ZipFormatError) throw err
            throw new ZipFormatError(
              `zip: ${JSON.stringify(entry.path)}: ${(err as Error).message}`,
            )
          }
        } else {
          take(chunk)
        }
      }
      if (pending.length > 0) {
        controller.enqueue(pending.shift()!)
        return
      }
      if (entry.compressedSize === 0 && inflater) {
        // note: an empty deflate body is not a valid deflate stream; Go accepts it as empty content
        inflateDone = true
      }
      finish()
      controller.close()
    },
  })
}

/** One file of an archive being read. */
export interface PbDataZipFile extends ZipEntryInfo {
  /** The content, inflated and checked. */
  stream(): ReadableStream<Uint8Array>
  /** The whole content in memory. */
  bytes(): Promise<Uint8Array>
}

/**
 * The regular files of a pb_data archive, in archive order (directories and special entries, which
 * PocketBase skips, are left out). The whole central directory is read and every path checked before
 * the first file is returned, so a bad archive fails before anything is written.
 *
 * @example
 * ```ts
 * for (const file of await readPbDataZip(blobZipSource(zipBlob))) {
 *   await store(file.path, await file.bytes())
 * }
 * ```
 */
export async function readPbDataZip(source: ZipSource): Promise<PbDataZipFile[]> {
  const entries = await listZipEntries(source)
  return entries
    .filter((e) => e.isRegular)
    .map((e) => ({
      ...e,
      stream: () => openZipEntry(source, e),
      bytes: async () => new Uint8Array(await new Response(openZipEntry(source, e)).arrayBuffer()),
    }))
}
