import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { MemoryFileStorage, readAllBytes } from '@isobase/core'
import { LocalFileStorage } from './local-file-storage.js'
import { checkStorageContract } from './storage-contract.test-util.js'
import { POCKETBASE_FIXTURE } from '../test-util/shared-dir.js'

const FIXTURE_STORAGE = join(POCKETBASE_FIXTURE, 'storage')
const dirs: string[] = []
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'isobase-storage-'))
  dirs.push(d)
  return d
}

test('the storage contract holds for the memory and local drivers', async () => {
  await checkStorageContract(new MemoryFileStorage())
  const dir = tempDir()
  await checkStorageContract(new LocalFileStorage(join(dir, 'storage')))
  // emptied directories are removed, no temp or sidecar files remain
  assert.deepEqual(readdirSync(join(dir, 'storage')), [])
})

test('writes the .attrs sidecar byte-for-byte as PocketBase (gocloud fileblob) does', async () => {
  const dir = tempDir()
  const storage = new LocalFileStorage(join(dir, 'storage'))
  await storage.put('c/r/x.png', new Uint8Array([1, 2, 3]), { contentType: 'image/png', metadata: { 'original-filename': 'a<b>.png' } })
  assert.equal(
    readFileSync(join(dir, 'storage/c/r/x.png.attrs'), 'utf8'),
    '{"user.cache_control":"","user.content_disposition":"","user.content_encoding":"","user.content_language":"",' +
      '"user.content_type":"image/png","user.metadata":{"original-filename":"a\\u003cb\\u003e.png"},"md5":"Uonfc331cyb83SJZevsfrA=="}\n',
  )
  await storage.put('c/r/thumbs_x.png/1x1_x.png', new Uint8Array([1]), { contentType: 'image/png' })
  assert.match(readFileSync(join(dir, 'storage/c/r/thumbs_x.png/1x1_x.png.attrs'), 'utf8'), /"user\.metadata":null,/)
  assert.deepEqual(readdirSync(join(dir, 'storage/c/r')).sort(), ['thumbs_x.png', 'x.png', 'x.png.attrs'])
  await assert.rejects(storage.put('c/r/y.attrs', new Uint8Array([1]), { contentType: 'x' }))
})

test('reads a PocketBase pb_data storage as it is', { skip: !existsSync(FIXTURE_STORAGE) }, async () => {
  const dir = tempDir()
  cpSync(FIXTURE_STORAGE, join(dir, 'storage'), { recursive: true })
  const storage = new LocalFileStorage(join(dir, 'storage'))
  const key = '_pb_users_auth_/4q1xlclmfloku33/300_1SEi6Q6U72.png'
  const attrs = await storage.attributes(key)
  assert.equal(attrs?.contentType, 'image/png')
  assert.equal(attrs?.md5, JSON.parse(readFileSync(join(dir, 'storage', key + '.attrs'), 'utf8')).md5)
  assert.deepEqual(await readAllBytes(storage, key), new Uint8Array(readFileSync(join(dir, 'storage', key))))
  const thumbs = await storage.list('_pb_users_auth_/4q1xlclmfloku33/thumbs_300_1SEi6Q6U72.png/')
  assert.ok(thumbs.some((t) => t.key.endsWith('/100x100_300_1SEi6Q6U72.png')))
  // a record directory goes away whole, sidecars and thumbs included
  assert.deepEqual(await storage.deletePrefix('_pb_users_auth_/4q1xlclmfloku33/'), [])
  assert.equal(existsSync(join(dir, 'storage/_pb_users_auth_/4q1xlclmfloku33')), false)
})
