import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { createApp, type App } from '../app.js'
import { newAuthToken } from '../auth/record-tokens.js'
import { createAuthRecord } from '../apis/record-auth.test-util.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { fileExists, readAllBytes } from '../files/file-storage.js'
import { MemoryFileStorage } from '../files/memory-storage.js'
import { badRequest } from '../http/api-error.js'
import { createBackup } from './backup-create.js'
import { restoreBackup } from './backup-restore.js'
import type { BackupsPlatform } from './backup-platform.js'
import { BACKUP_EXCLUDED_ROOTS, RESTORE_EXCLUDED_ROOTS } from './pb-data-zip.js'

/** A backups platform that records what it was asked: the "archive" is the exclude list as text. */
function fakeBackups() {
  const calls: { op: 'create' | 'restore'; key?: string; exclude: readonly string[] }[] = []
  const platform: BackupsPlatform = {
    storage: new MemoryFileStorage(),
    async createArchive(_app, options) {
      calls.push({ op: 'create', exclude: options?.exclude ?? [] })
      return { body: new Blob([JSON.stringify(options?.exclude ?? [])]), cleanup: async () => {} }
    },
    async restoreArchive(_app, source, options) {
      calls.push({ op: 'restore', key: source.key, exclude: options?.exclude ?? [] })
    },
  }
  return { platform, calls }
}

describe('onBackupCreate / onBackupRestore', () => {
  let app: App
  let fake: ReturnType<typeof fakeBackups>
  beforeEach(async () => {
    fake = fakeBackups()
    app = createApp({ sqlite: memorySqliteOpener(), backups: fake.platform })
    await app.bootstrap()
  })
  afterEach(() => app.close())

  test('create fires once with the name and PocketBase’s default exclusions; a generated name is set on the event', async () => {
    const seen: { name: string; exclude: string[]; after: string }[] = []
    app.onBackupCreate().bindFunc(async (e) => {
      const entry = { name: e.name, exclude: [...e.exclude], after: '' }
      seen.push(entry)
      await e.next()
      entry.after = e.name
    })
    assert.equal(await createBackup(app, 'asked.zip'), 'asked.zip')
    const generated = await createBackup(app)
    assert.match(generated, /^pb_backup_.*\.zip$/)
    assert.deepEqual(seen, [
      { name: 'asked.zip', exclude: [...BACKUP_EXCLUDED_ROOTS], after: 'asked.zip' },
      { name: '', exclude: [...BACKUP_EXCLUDED_ROOTS], after: generated },
    ])
  })

  test('a create handler may rename the backup and exclude more entries', async () => {
    app.onBackupCreate().bindFunc(async (e) => {
      e.name = 'renamed.zip'
      e.exclude.push('private')
      await e.next()
    })
    assert.equal(await createBackup(app, 'asked.zip'), 'renamed.zip')
    assert.ok(!(await fileExists(fake.platform.storage, 'asked.zip')))
    const stored = JSON.parse(new TextDecoder().decode(await readAllBytes(fake.platform.storage, 'renamed.zip')))
    assert.deepEqual(stored, [...BACKUP_EXCLUDED_ROOTS, 'private'])
  })

  const stops: { name: string; handler: () => void; status: number; message: string }[] = [
    { name: 'a throwing handler', handler: () => { throw badRequest('not now') }, status: 400, message: 'Failed to create backup.' },
    { name: 'a handler that does not call e.next()', handler: () => {}, status: 204, message: '' },
  ]
  for (const c of stops) {
    test(`POST /api/backups with ${c.name}: no archive is made or stored`, async () => {
      const su = await createAuthRecord(app, '_superusers', { email: 'root@example.com', password: 'root-pass-1' })
      app.onBackupCreate().bindFunc(c.handler)
      const res = await app.request('/api/backups', {
        method: 'POST',
        headers: { authorization: await newAuthToken(app, su), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x.zip' }),
      })
      assert.equal(res.status, c.status)
      if (c.status !== 204) {
        assert.deepEqual(await res.json(), { data: {}, message: c.message, status: c.status })
      }
      assert.deepEqual(fake.calls, [])
      assert.deepEqual(await fake.platform.storage.list(''), [])
    })
  }

  test('restore fires once with the name and PocketBase’s restore exclusions; a handler may change both', async () => {
    await createBackup(app, 'a.zip')
    await createBackup(app, 'b.zip')
    fake.calls.length = 0
    const seen: { name: string; exclude: string[] }[] = []
    app.onBackupRestore().bindFunc(async (e) => {
      seen.push({ name: e.name, exclude: [...e.exclude] })
      e.name = 'b.zip'
      e.exclude.push('keep-me')
      await e.next()
    })
    await restoreBackup(app, 'a.zip')
    assert.deepEqual(seen, [{ name: 'a.zip', exclude: [...RESTORE_EXCLUDED_ROOTS] }])
    assert.deepEqual(fake.calls, [{ op: 'restore', key: 'b.zip', exclude: [...RESTORE_EXCLUDED_ROOTS, 'keep-me'] }])
  })

  test('a throwing restore handler stops the restore', async () => {
    await createBackup(app, 'a.zip')
    fake.calls.length = 0
    app.onBackupRestore().bindFunc(() => {
      throw new Error('no restore')
    })
    await assert.rejects(restoreBackup(app, 'a.zip'), /no restore/)
    assert.deepEqual(fake.calls, [])
  })

  test('the hooks are shared with transaction views of the app', async () => {
    let calls = 0
    await app.runInTransaction(async (txApp) => {
      txApp.onBackupCreate().bindFunc(async (e) => {
        calls++
        await e.next()
      })
    })
    await createBackup(app, 'a.zip')
    assert.equal(calls, 1)
  })
})
