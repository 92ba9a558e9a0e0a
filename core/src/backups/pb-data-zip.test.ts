import assert from 'node:assert/strict'
import { test } from 'node:test'
import { strToU8, zipSync } from 'fflate'
import {
  blobZipSource,
  bytesZipSource,
  checkArchivePath,
  createPbDataZip,
  isUnderRoots,
  listZipEntries,
  readPbDataZip,
  ZipFormatError,
  BACKUP_EXCLUDED_ROOTS,
} from './pb-data-zip.js'

async function zipBytes(entries: Parameters<typeof createPbDataZip>[0]): Promise<Uint8Array> {
  return new Uint8Array(await new Response(createPbDataZip(entries)).arrayBuffer())
}

function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

test('round trip: bytes, Blob and stream bodies, empty files, nested paths, mtimes', async () => {
  const big = pseudoRandom(300_000, 7)
  const modTime = new Date('2024-05-06T07:08:10Z')
  const bytes = await zipBytes(
    (async function* () {
      yield { path: 'data.db', body: big, modTime }
      yield { path: 'auxiliary.db', body: new Blob([strToU8('aux')]) }
      yield { path: 'empty.txt', body: new Uint8Array(0) }
      yield {
        path: 'storage/c1/r1/a b.txt',
        body: new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(strToU8('hello '))
            c.enqueue(strToU8('wörld'))
            c.close()
          },
        }),
      }
    })(),
  )
  for (const source of [bytesZipSource(bytes), blobZipSource(new Blob([bytes]))]) {
    const files = await readPbDataZip(source)
    assert.deepEqual(
      files.map((f) => [f.path, f.size]),
      [
        ['data.db', big.length],
        ['auxiliary.db', 3],
        ['empty.txt', 0],
        ['storage/c1/r1/a b.txt', 12],
      ],
    )
    assert.deepEqual(await files[0]!.bytes(), big)
    assert.equal(files[0]!.modTime.toISOString(), modTime.toISOString())
    assert.equal(new TextDecoder().decode(await files[3]!.bytes()), 'hello wörld')
    assert.equal((await files[2]!.bytes()).length, 0)
  }
})

test('reads stored (method 0) entries and skips directory entries', async () => {
  const bytes = zipSync({
    storage: { 'x.txt': [strToU8('plain'), { level: 0 }] },
    emptydir: {},
    'data.db': strToU8('db'),
  })
  const entries = await listZipEntries(bytesZipSource(bytes))
  assert.ok(entries.some((e) => e.isDirectory && e.path === 'emptydir'))
  const files = await readPbDataZip(bytesZipSource(bytes))
  assert.deepEqual(
    files.map((f) => f.path),
    ['storage/x.txt', 'data.db'],
  )
  assert.equal(files[0]!.method, 0)
  assert.equal(new TextDecoder().decode(await files[0]!.bytes()), 'plain')
})

const badPaths = ['../evil', 'a/../../evil', '/etc/passwd', 'C:/x', 'a\\b', 'x/\0', '', '.', './']
for (const path of badPaths) {
  test(`archive path ${JSON.stringify(path)} is refused when reading and writing`, async () => {
    assert.throws(() => checkArchivePath(path), ZipFormatError)
    if (!['', '.', './'].includes(path)) {
      const evil = zipSync({ [path]: strToU8('x') })
      await assert.rejects(readPbDataZip(bytesZipSource(evil)), ZipFormatError)
    }
    await assert.rejects(zipBytes([{ path, body: strToU8('x') }]), ZipFormatError)
  })
}

test('paths are normalised as Go joins them', () => {
  assert.equal(checkArchivePath('a//b'), 'a/b')
  assert.equal(checkArchivePath('./a/./b/'), 'a/b')
  assert.equal(checkArchivePath('storage/c/r/x y.png'), 'storage/c/r/x y.png')
})

test('duplicate paths are refused when writing', async () => {
  await assert.rejects(
    zipBytes([
      { path: 'a', body: strToU8('1') },
      { path: 'a', body: strToU8('2') },
    ]),
    /duplicate/,
  )
})

test('not a zip, truncated archives and corrupted content are ZipFormatErrors', async () => {
  await assert.rejects(
    listZipEntries(bytesZipSource(strToU8('definitely not a zip file, no'))),
    ZipFormatError,
  )
  await assert.rejects(listZipEntries(bytesZipSource(new Uint8Array(0))), ZipFormatError)

  const good = await zipBytes([{ path: 'data.db', body: pseudoRandom(50_000, 3) }])
  await assert.rejects(
    listZipEntries(bytesZipSource(good.subarray(0, good.length - 10))),
    ZipFormatError,
  )

  // flip a byte inside the compressed data: inflate fails or the checksum does not match
  const corrupt = good.slice()
  corrupt[100] = corrupt[100]! ^ 0xff
  const [file] = await readPbDataZip(bytesZipSource(corrupt))
  await assert.rejects(file!.bytes(), ZipFormatError)
})

test('an entry inflating past its declared size fails (zip bomb guard)', async () => {
  const bytes = zipSync({ 'data.db': new Uint8Array(100_000) })
  const patched = bytes.slice()
  // shrink the declared uncompressed size in the central directory entry
  const view = new DataView(patched.buffer)
  for (let i = patched.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x02014b50) {
      view.setUint32(i + 24, 10, true)
      break
    }
  }
  const [file] = await readPbDataZip(bytesZipSource(patched))
  await assert.rejects(file!.bytes(), /larger than its declared size/)
})

test('excluded roots match PocketBase (dir and everything under it, nothing else)', () => {
  assert.equal(isUnderRoots('backups', BACKUP_EXCLUDED_ROOTS), true)
  assert.equal(isUnderRoots('backups/x.zip', BACKUP_EXCLUDED_ROOTS), true)
  assert.equal(isUnderRoots('.pb_temp_to_delete/a/b', BACKUP_EXCLUDED_ROOTS), true)
  assert.equal(isUnderRoots('backupsx', BACKUP_EXCLUDED_ROOTS), false)
  assert.equal(isUnderRoots('storage/backups/x', BACKUP_EXCLUDED_ROOTS), false)
  assert.equal(isUnderRoots('data.db', BACKUP_EXCLUDED_ROOTS), false)
})
