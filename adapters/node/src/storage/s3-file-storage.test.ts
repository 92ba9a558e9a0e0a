import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { CreateBucketCommand } from '@aws-sdk/client-s3'
import type { S3StorageConfig } from '@isobase/core'
import { S3FileStorage, s3EndpointUrl } from './s3-file-storage.js'
import { checkStorageContract } from './storage-contract.test-util.js'
import { freePort } from '../test-util/free-port.js'

// A local S3-compatible server: moto's standalone server (Python), bound to 127.0.0.1 only.
const HAS_MOTO = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0
if (!HAS_MOTO && process.env.CI) {
  throw new Error('moto_server is missing on CI: .ci/run must install it')
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    try {
      await fetch(url)
      return
    } catch (err) {
      if (Date.now() > until) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

test('endpoints without a scheme default to https, as PocketBase', () => {
  assert.equal(s3EndpointUrl('s3.example.com'), 'https://s3.example.com')
  assert.equal(s3EndpointUrl('http://127.0.0.1:9000'), 'http://127.0.0.1:9000')
  assert.equal(s3EndpointUrl(''), undefined)
})

describe('S3 storage against a local S3-compatible server', { skip: HAS_MOTO ? false : 'moto_server is not installed' }, () => {
  let server: ChildProcess | undefined
  let config: S3StorageConfig
  const storages: S3FileStorage[] = []

  before(async () => {
    const port = await freePort()
    server = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' })
    await waitForHttp(`http://127.0.0.1:${port}/`, 20_000)
    config = {
      enabled: true,
      bucket: 'isobase-test',
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      accessKey: 'test',
      secret: 'test',
      forcePathStyle: true,
    }
    const storage = new S3FileStorage(config)
    storages.push(storage)
    await storage.client.send(new CreateBucketCommand({ Bucket: config.bucket }))
  })

  after(() => {
    storages.forEach((s) => s.close())
    if (server?.pid) process.kill(server.pid)
  })

  test('the storage contract holds', async () => {
    const storage = new S3FileStorage(config)
    storages.push(storage)
    await checkStorageContract(storage, 'contract')
  })

  test('the settings S3 test writes and deletes an object, and reports a missing bucket', async () => {
    const { testS3Config } = await import('./node-file-platform.js')
    await testS3Config({ ...config })
    const probe = new S3FileStorage(config)
    storages.push(probe)
    assert.deepEqual((await probe.list('pb_settings_test_')).length, 0)
    await assert.rejects(testS3Config({ ...config, bucket: 'missing-bucket' }))
  })

  test('a record upload and download go through S3 when the settings enable it', async () => {
    const { createApp } = await import('@isobase/core')
    const { openMemorySqlite } = await import('../sqlite/node-sqlite.js')
    const { nodeFilePlatform } = await import('./node-file-platform.js')
    const platform = nodeFilePlatform('/nonexistent-isobase-test-dir')
    const app = createApp({ sqlite: { open: () => openMemorySqlite() }, ...platform })
    await app.bootstrap()
    const { saveSettings, getSettings } = await import('../../../../core/dist/settings/settings-store.js')
    const settings = await getSettings(app)
    await saveSettings(app, { ...settings, s3: config })
    const res = await app.request('/api/collections/_superusers/records', { method: 'GET' })
    assert.equal(res.status, 403)

    const { newCollection, newField } = await import('@isobase/core')
    const { saveCollection } = await import('../../../../core/dist/collections/collection-save.js')
    const c = newCollection('base', 'docs')
    c.fields.push(newField('file', 'f'))
    c.createRule = ''
    await saveCollection(app, c)
    const fd = new FormData()
    fd.append('f', new Blob(['in the bucket']), 'note.txt')
    const created = await app.request('/api/collections/docs/records', { method: 'POST', body: fd })
    assert.equal(created.status, 200)
    const rec = (await created.json()) as { id: string; f: string; collectionId: string }
    const probe = new S3FileStorage(config)
    storages.push(probe)
    const attrs = await probe.attributes(`${rec.collectionId}/${rec.id}/${rec.f}`)
    assert.deepEqual(attrs?.metadata, { 'original-filename': 'note.txt' })
    const file = await app.request(`/api/files/docs/${rec.id}/${rec.f}`, { headers: { range: 'bytes=3-5' } })
    assert.equal(file.status, 206)
    assert.equal(await file.text(), 'the')
    await app.close()
  })
})
