/**
 * @module PocketBase backups for a backend in the browser (`Platform.backups`): the backups API
 * (`/api/backups`, the dashboard's Backups page, `pb.backups.*` in the SDK) creates, downloads,
 * uploads and restores zips in PocketBase's `pb_data` layout, so data moves both ways between the
 * browser and a server: a zip made here opens in `isobase serve` or PocketBase once unpacked as
 * `pb_data`, and a PocketBase backup (or a zipped `pb_data`) restores here.
 *
 * Layout: `data.db`, `auxiliary.db`, and `storage/<key>` with a `storage/<key>.attrs` sidecar per file
 * (gocloud's fileblob attributes: content type, metadata, MD5), as PocketBase's local storage has.
 * The databases are copied while the app's connections are closed (`app.reopen`), which briefly
 * holds requests back, as PocketBase blocks writes during a backup.
 */
import {
  blobZipSource,
  createPbDataZip,
  goJson,
  localFileStorage,
  readPbDataZip,
  type App,
  type BackupArchive,
  type BackupSource,
  type BackupsPlatform,
  type FileAttributes,
  type FileStorage,
  type ListedFile,
  type PbDataZipEntry,
  type PbDataZipFile,
} from '@isobase/core'
import type { SqliteImages } from './wa-sqlite-images.js'

/** Options of {@link browserBackups}. */
export interface BrowserBackupsOptions {
  /** Snapshot/restore of the app's databases (from its SQLite opener). */
  images: () => Promise<SqliteImages>
  /** Where backup zips are kept (e.g. an `IdbFileStorage`). */
  storage: FileStorage
}

const ATTRS = '.attrs'
const STORAGE = 'storage/'

/** The backups port over the app's databases and local file storage. */
export function browserBackups(options: BrowserBackupsOptions): BackupsPlatform {
  return {
    storage: options.storage,
    async createArchive(app: App): Promise<BackupArchive> {
      const images = await options.images()
      const files = localFileStorage(app)
      let data: Uint8Array = new Uint8Array(0)
      let auxiliary: Uint8Array = new Uint8Array(0)
      let listed: ListedFile[] = []
      await app.reopen(async () => {
        data = await images.snapshot('data')
        auxiliary = await images.snapshot('auxiliary')
        listed = await files.list('')
      })
      return { body: createPbDataZip(archiveEntries(files, data, auxiliary, listed)), cleanup: async () => {} }
    },
    async restoreArchive(app: App, source: BackupSource): Promise<void> {
      const read = await source.storage.read(source.key)
      if (!read) {
        throw new Error(`missing backup ${JSON.stringify(source.key)}`)
      }
      const archive = await readPbDataArchive(await new Response(read.body).blob())
      const images = await options.images()
      const files = localFileStorage(app)
      await app.reopen(async () => {
        await images.restore('data', archive.data)
        if (archive.auxiliary) {
          await images.restore('auxiliary', archive.auxiliary)
        }
        await replaceFiles(files, archive.files)
      })
    },
  }
}

/** The entries of a backup: the two databases, then every stored file with its sidecar. */
async function* archiveEntries(
  files: FileStorage,
  data: Uint8Array,
  auxiliary: Uint8Array,
  listed: ListedFile[],
): AsyncGenerator<PbDataZipEntry> {
  yield { path: 'data.db', body: data }
  yield { path: 'auxiliary.db', body: auxiliary }
  for (const file of listed) {
    const read = await files.read(file.key)
    if (!read) {
      continue // deleted since the listing
    }
    yield { path: STORAGE + file.key, body: read.body, modTime: read.attrs.modTime }
    yield { path: STORAGE + file.key + ATTRS, body: sidecar(read.attrs), modTime: read.attrs.modTime }
  }
}

/** gocloud fileblob's `.attrs` JSON, in Go's field order (what PocketBase's local storage writes). */
export function sidecar(attrs: FileAttributes): Uint8Array {
  const metadata = Object.keys(attrs.metadata).length > 0 ? attrs.metadata : null
  return new TextEncoder().encode(
    goJson({
      'user.cache_control': '',
      'user.content_disposition': '',
      'user.content_encoding': '',
      'user.content_language': '',
      'user.content_type': attrs.contentType,
      'user.metadata': metadata,
      md5: attrs.md5 ?? null,
    }),
  )
}

/** A pb_data archive, read and checked. */
export interface PbDataArchive {
  data: Uint8Array
  auxiliary: Uint8Array | undefined
  /** `storage/…` files by storage key (sidecars paired with their files). */
  files: { key: string; file: PbDataZipFile; attrs: PbDataZipFile | undefined }[]
}

/**
 * Reads a PocketBase backup or a zipped `pb_data` directory (entries at the root, or all under one
 * top-level folder such as `pb_data/`).
 */
export async function readPbDataArchive(zip: Blob): Promise<PbDataArchive> {
  const entries = await readPbDataZip(blobZipSource(zip))
  let prefix = ''
  if (!entries.some((e) => e.path === 'data.db')) {
    const nested = entries.find((e) => /^[^/]+\/data\.db$/.test(e.path))
    if (!nested) {
      throw new Error('the archive has no data.db (expected a PocketBase backup or a zipped pb_data)')
    }
    prefix = nested.path.slice(0, nested.path.indexOf('/') + 1)
  }
  const byPath = new Map<string, PbDataZipFile>()
  for (const e of entries) {
    if (e.path.startsWith(prefix)) {
      byPath.set(e.path.slice(prefix.length), e)
    }
  }
  const files: PbDataArchive['files'] = []
  for (const [path, file] of byPath) {
    if (path.startsWith(STORAGE) && !path.endsWith(ATTRS)) {
      files.push({ key: path.slice(STORAGE.length), file, attrs: byPath.get(path + ATTRS) })
    }
  }
  return {
    data: await byPath.get('data.db')!.bytes(),
    auxiliary: await byPath.get('auxiliary.db')?.bytes(),
    files,
  }
}

/** Empties `storage` and writes the archive's files into it. */
async function replaceFiles(storage: FileStorage, files: PbDataArchive['files']): Promise<void> {
  for (const old of await storage.list('')) {
    await storage.delete(old.key)
  }
  for (const { key, file, attrs } of files) {
    const meta = attrs ? parseSidecar(await attrs.bytes()) : {}
    await storage.put(key, file.stream(), {
      contentType: meta['user.content_type'] || 'application/octet-stream',
      metadata: meta['user.metadata'] ?? {},
    })
  }
}

function parseSidecar(bytes: Uint8Array): {
  'user.content_type'?: string
  'user.metadata'?: Record<string, string> | null
} {
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, never>) : {}
  } catch {
    return {}
  }
}
