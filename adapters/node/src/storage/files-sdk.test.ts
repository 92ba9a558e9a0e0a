// End to end through the official JS SDK against the Node server: uploads (File and Blob), modifiers,
// thumbs written to pb_data/storage in PocketBase's layout, protected files with file tokens.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import PocketBase from 'pocketbase'
import { RecordModel, saveRecord } from '@isobase/core'
import { openNodeApp, type NodeApp } from '../node-app.js'
import { startServer, type RunningServer } from '../server.js'
import { POCKETBASE_FIXTURE } from '../test-util/shared-dir.js'

const PNG = join(POCKETBASE_FIXTURE, 'storage/_pb_users_auth_/4q1xlclmfloku33/300_1SEi6Q6U72.png')

let dir: string
let node: NodeApp
let server: RunningServer
let pb: PocketBase

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isobase-files-sdk-'))
  node = await openNodeApp({ dir: join(dir, 'pb_data') })
  server = await startServer(node.app, '127.0.0.1', 0)
  const su = new RecordModel(node.app.findCachedCollection('_superusers')!)
  su.load({ email: 'admin@example.com', password: '1234567890', passwordConfirm: '1234567890' })
  await saveRecord(node.app, su)
  pb = new PocketBase(server.url)
  await pb.collection('_superusers').authWithPassword('admin@example.com', '1234567890')
  await pb.collections.create({
    name: 'docs',
    type: 'base',
    listRule: '',
    viewRule: "@request.auth.id != ''",
    createRule: '',
    updateRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'files', type: 'file', maxSelect: 3, maxSize: 1 << 20, thumbs: ['50x50f'] },
      { name: 'secret', type: 'file', protected: true },
    ],
  })
})

after(async () => {
  await server?.close()
  await node?.close()
  rmSync(dir, { recursive: true, force: true })
})

test('SDK uploads (File and Blob), append/remove, and downloads', async () => {
  const rec = await pb.collection('docs').create({
    title: 'a',
    files: [new File(['hello'], 'Hello World.txt'), new Blob(['blob bytes'])],
  })
  assert.equal(rec.files.length, 2)
  assert.match(rec.files[0], /^hello_world_[a-z0-9]{10}\.txt$/)
  const storageDir = join(dir, 'pb_data', 'storage', rec.collectionId, rec.id)
  for (const name of rec.files) {
    assert.ok(existsSync(join(storageDir, name)), name)
    assert.ok(existsSync(join(storageDir, name + '.attrs')), name)
  }
  const res = await fetch(pb.files.getURL(rec, rec.files[0]))
  assert.equal(res.status, 200)
  assert.equal(await res.text(), 'hello')

  const more = await pb.collection('docs').update(rec.id, { 'files+': new File(['third'], 'third.txt'), 'files-': [rec.files[1]] })
  assert.equal(more.files.length, 2)
  assert.equal(more.files[0], rec.files[0])
  assert.equal(existsSync(join(storageDir, rec.files[1])), false)
  assert.equal(existsSync(join(storageDir, rec.files[1] + '.attrs')), false)

  const tooBig = pb.collection('docs').create({ files: [new File([new Uint8Array((1 << 20) + 1)], 'big.bin')] })
  await assert.rejects(tooBig, (err: { status: number; response: { data: { files: { code: string } } } }) => {
    assert.equal(err.status, 400)
    assert.equal(err.response.data.files.code, 'validation_file_size_limit')
    return true
  })
})

test('thumbs are generated into pb_data/storage beside the original', { skip: !existsSync(PNG) }, async () => {
  const rec = await pb.collection('docs').create({ files: [new File([readFileSync(PNG)], 'pic.png')] })
  const name = rec.files[0]
  for (const size of ['100x100', '50x50f']) {
    const res = await fetch(pb.files.getURL(rec, name, { thumb: size }))
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'image/png')
    assert.equal(res.headers.get('content-disposition'), `inline; filename=${size}_${name}`)
    const thumb = join(dir, 'pb_data', 'storage', rec.collectionId, rec.id, `thumbs_${name}`, `${size}_${name}`)
    assert.ok(existsSync(thumb))
    assert.match(readFileSync(thumb + '.attrs', 'utf8'), /"user\.content_type":"image\/png","user\.metadata":null/)
  }
})

test('protected files need a file token', async () => {
  const rec = await pb.collection('docs').create({ secret: new File(['classified'], 's.txt') })
  const guestUrl = pb.files.getURL(rec, rec.secret)
  assert.equal((await fetch(guestUrl)).status, 404)
  const token = await pb.files.getToken()
  const res = await fetch(pb.files.getURL(rec, rec.secret, { token }))
  assert.equal(res.status, 200)
  assert.equal(await res.text(), 'classified')
})
