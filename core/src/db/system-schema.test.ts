import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../app.js'
import { memorySqliteOpener } from './wa-sqlite/memory.test-util.js'
import { SYSTEM_MIGRATIONS } from './system-schema.js'

test('a fresh database gets the system collections, settings and migrations of PocketBase', async () => {
  const app = createApp({ sqlite: memorySqliteOpener(), now: () => new Date('2026-01-02T03:04:05.678Z') })
  await app.bootstrap()
  try {
    const names = app.findAllCollections().map((c) => c.name)
    assert.deepEqual(names, ['_mfas', '_otps', '_externalAuths', '_authOrigins', '_superusers', 'users'])
    assert.equal(app.findCachedCollection('_superusers')?.id, 'pbc_3142635823')
    assert.equal(app.findCachedCollection('USERS')?.id, '_pb_users_auth_')
    assert.equal(app.findCachedCollection('_mfas')?.id, 'pbc_2279338944')

    const migrations = await app.db().all<{ file: string }>('SELECT file FROM _migrations ORDER BY file')
    assert.deepEqual(migrations.map((m) => m.file), [...SYSTEM_MIGRATIONS].sort())

    const settings = await app.db().get<{ value: string }>("SELECT value FROM _params WHERE id = 'settings'")
    assert.equal((JSON.parse(settings!.value) as { meta: { appName: string } }).meta.appName, 'Acme')

    const cols = await app.db().all<{ name: string }>("SELECT name FROM pragma_table_info('users') ORDER BY cid")
    assert.deepEqual(cols.map((c) => c.name), [
      'avatar', 'created', 'email', 'emailVisibility', 'id', 'name', 'password', 'tokenKey', 'updated', 'verified',
    ])
    const logs = await app.auxDb().get("SELECT 1 AS x FROM sqlite_master WHERE name = '_logs'")
    assert.ok(logs)
  } finally {
    await app.close()
  }
})
