import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { CreateBucketCommand } from '@aws-sdk/client-s3'
import {
  createBackup,
  getSettings,
  restoreBackup,
  saveSettings,
  type S3StorageConfig,
} from '@isobase/core'
import { S3FileStorage } from '../storage/s3-file-storage.js'
import { openTempApp } from './backups.test-util.js'
import { freePort } from './pocketbase.test-util.js'

// A local S3-compatible server: moto's standalone server (Python), bound to 127.0.0.1 only.
const HAS_MOTO = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0

test(
  'with backups.s3 enabled, backups are created in, listed from and restored from the bucket',
  { skip: HAS_MOTO ? false : 'moto_server is not installed' },
  async () => {
    const port = await freePort()
    const server: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: 'ignore',
    })
    const storages: S3FileStorage[] = []
    const t = await openTempApp(undefined, {
      s3Files: (config) => {
        const s = new S3FileStorage(config)
        storages.push(s)
        return s
      },
    })
    try {
      const config: S3StorageConfig = {
        enabled: true,
        bucket: 'isobase-backups',
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${port}`,
        accessKey: 'test',
        secret: 'test',
        forcePathStyle: true,
      }
      const probe = new S3FileStorage(config)
      storages.push(probe)
      for (let i = 0; ; i++) {
        try {
          await probe.client.send(new CreateBucketCommand({ Bucket: config.bucket }))
          break
        } catch (err) {
          if (i > 100) throw err
          await new Promise((r) => setTimeout(r, 100))
        }
      }
      await saveSettings(t.app, {
        ...(await getSettings(t.app)),
        backups: { cron: '', cronMaxKeep: 3, s3: config },
      })
      await t.app
        .db()
        .exec("CREATE TABLE marks (v TEXT); INSERT INTO marks VALUES ('in the bucket')")

      await createBackup(t.app, 'remote.zip')
      assert.ok(!existsSync(join(t.dir, 'backups', 'remote.zip')), 'nothing stored locally')
      const listed = await probe.list('')
      assert.deepEqual(
        listed.map((o) => o.key),
        ['remote.zip'],
      )
      assert.equal((await probe.attributes('remote.zip'))?.contentType, 'application/zip')

      await t.app.db().exec("UPDATE marks SET v = 'changed'")
      await restoreBackup(t.app, 'remote.zip')
      assert.deepEqual(await t.app.db().all('SELECT v FROM marks'), [{ v: 'in the bucket' }])
      // the restored settings came from the backup too (S3 still enabled there)
      assert.equal(
        ((await getSettings(t.app)).backups as { s3: { enabled: boolean } }).s3.enabled,
        true,
      )
    } finally {
      await t.close()
      storages.forEach((s) => s.close())
      if (server.pid) process.kill(server.pid)
    }
  },
)
