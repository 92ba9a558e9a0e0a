// A PocketBase pb_data (the conformance fixture) served by Isobase: its bcrypt hashes log in and the
// tokens PocketBase issued for it stay valid; a password change ends them.
import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import PocketBase from 'pocketbase'
import { openNodeApp, type NodeApp } from '../node-app.js'
import { startServer, type RunningServer } from '../server.js'
import { POCKETBASE_FIXTURE } from '../test-util/shared-dir.js'

const FIXTURE = POCKETBASE_FIXTURE
// issued by PocketBase for users/4q1xlclmfloku33 (test@example.com), valid until 2049
const PB_USER_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjRxMXhsY2xtZmxva3UzMyIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoiX3BiX3VzZXJzX2F1dGhfIiwiZXhwIjoyNTI0NjA0NDYxLCJyZWZyZXNoYWJsZSI6dHJ1ZX0.ZT3F0Z3iM-xbGgSG3LEKiEzHrPHr8t8IuHLZGGNuxLo'

describe('PocketBase pb_data compatibility of auth', () => {
  let root = ''
  let node: NodeApp
  let server: RunningServer
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'isobase-fixture-auth-'))
    cpSync(FIXTURE, join(root, 'pb_data'), { recursive: true })
    node = await openNodeApp({ dir: join(root, 'pb_data') })
    server = await startServer(node.app, '127.0.0.1', 0)
  })
  after(async () => {
    await server?.close(100)
    await node?.close()
    rmSync(root, { recursive: true, force: true })
  })

  test('a PocketBase-issued token authenticates and refreshes', async () => {
    const pb = new PocketBase(server.url)
    pb.authStore.save(PB_USER_TOKEN)
    const res = await pb.collection('users').authRefresh()
    assert.equal(res.record.id, '4q1xlclmfloku33')
    assert.equal(res.record.email, 'test@example.com')
    assert.notEqual(res.token, PB_USER_TOKEN)
  })

  test('PocketBase bcrypt hashes verify; a password change ends PocketBase-issued sessions', async () => {
    const client = await new PocketBase(server.url).collection('clients').authWithPassword('clients57772', '1234567890')
    assert.equal(client.record.email, 'test@example.com')

    const pb = new PocketBase(server.url)
    pb.authStore.save(PB_USER_TOKEN)
    await pb.collection('users').update('4q1xlclmfloku33', { oldPassword: '1234567890', password: 'changed-pass-1', passwordConfirm: 'changed-pass-1' })
    pb.authStore.save(PB_USER_TOKEN)
    await assert.rejects(pb.collection('users').authRefresh(), (e: { status: number }) => e.status === 401)
  })
})
