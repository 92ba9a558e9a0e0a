/**
 * @module Zip archives of directories on disk, through core's platform-neutral pb_data zip code:
 * writing a directory tree to a zip file and extracting a zip file into a directory.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, readdir, stat } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeWebStream } from 'node:stream/web'
import {
  createPbDataZip,
  readPbDataZip,
  ZipFormatError,
  type PbDataZipEntry,
  type ZipSource,
} from '@isobase/core'

/** The regular files under `dir` as zip entries, depth-first in name order (as Go's `fs.WalkDir`). */
async function* treeEntries(dir: string, prefix = ''): AsyncGenerator<PbDataZipEntry> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      yield* treeEntries(path, prefix + entry.name + '/')
    } else if (entry.isFile()) {
      const info = await stat(path)
      yield {
        path: prefix + entry.name,
        body: Readable.toWeb(
          createReadStream(path, { highWaterMark: 256 * 1024 }),
        ) as unknown as ReadableStream<Uint8Array>,
        modTime: info.mtime,
      }
    }
  }
}

/** Writes a zip of every regular file under `dir` to `zipPath` (created; must not exist). */
export async function zipDirectory(dir: string, zipPath: string): Promise<void> {
  await mkdir(dirname(zipPath), { recursive: true })
  const zip = Readable.fromWeb(createPbDataZip(treeEntries(dir)) as NodeWebStream<Uint8Array>)
  await pipeline(zip, createWriteStream(zipPath, { flags: 'wx' }))
}

/** A zip source over an open file; close it with `close()`. */
export async function fileZipSource(path: string): Promise<ZipSource & { close(): Promise<void> }> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    return {
      size,
      async read(offset, length) {
        const buffer = Buffer.alloc(length)
        let done = 0
        while (done < length) {
          const { bytesRead } = await handle.read(buffer, done, length - done, offset + done)
          if (bytesRead === 0) break
          done += bytesRead
        }
        return new Uint8Array(buffer.buffer, buffer.byteOffset, done)
      },
      close: () => handle.close(),
    }
  } catch (err) {
    await handle.close()
    throw err
  }
}

/**
 * Extracts the regular files of `zipPath` into `dest` (created). Every path is checked before anything
 * is written; a bad path, checksum or format fails the whole extraction with a `ZipFormatError`.
 */
export async function extractZip(zipPath: string, dest: string): Promise<string[]> {
  const source = await fileZipSource(zipPath)
  try {
    const files = await readPbDataZip(source)
    const root = resolve(dest)
    await mkdir(root, { recursive: true })
    for (const file of files) {
      const target = resolve(root, ...file.path.split('/'))
      if (!target.startsWith(root + sep)) {
        throw new ZipFormatError(`invalid file path: ${JSON.stringify(file.path)}`)
      }
      await mkdir(dirname(target), { recursive: true })
      await pipeline(
        Readable.fromWeb(file.stream() as NodeWebStream<Uint8Array>),
        createWriteStream(target),
      )
    }
    return files.map((f) => f.path)
  } finally {
    await source.close()
  }
}

/** Writes a web stream to a new file. */
export async function streamToFile(body: ReadableStream<Uint8Array>, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await pipeline(
    Readable.fromWeb(body as NodeWebStream<Uint8Array>),
    createWriteStream(path, { flags: 'wx' }) as Writable,
  )
}
