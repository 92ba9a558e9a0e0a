import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { findAuthRecordByEmail, getSettings, validateRecordPassword } from '@isobase/core'
import { openNodeApp } from '../node-app.js'
import { printInstallerLink } from './installer-link.js'
import { superuserCreate, superuserDelete, superuserIPs, superuserOTP, superuserUpdate, superuserUpsert } from './superuser.js'

describe('superuser commands and the installer link', () => {
  let root = ''
  let dir = ''
  const lines: string[] = []
  const out = { write: (l: string) => lines.push(l) }

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'isobase-superuser-'))
    dir = join(root, 'pb_data')
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  const inspect = async <T>(fn: (app: Awaited<ReturnType<typeof openNodeApp>>['app']) => Promise<T>): Promise<T> => {
    const node = await openNodeApp({ dir })
    try {
      return await fn(node.app)
    } finally {
      await node.close()
    }
  }

  test('installer link while no superuser exists; the first superuser removes the installer account', async () => {
    let printed = ''
    await inspect((app) => printInstallerLink(app, 'http://127.0.0.1:8090/', (t) => (printed += t)))
    const m = /http:\/\/127\.0\.0\.1:8090\/_\/#\/pbinstall\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(printed)
    assert.ok(m, printed)
    const claims = JSON.parse(Buffer.from(m[1]!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    assert.equal(claims.refreshable, false)
    assert.equal(claims.collectionId, 'pbc_3142635823')
    assert.ok(Math.abs((claims.exp as number) - Date.now() / 1000 - 1800) < 10)
    assert.ok(await inspect((app) => findAuthRecordByEmail(app, '_superusers', '__pbinstaller@example.com')))

    await superuserUpsert(dir, ['admin@example.com', 'first-pass-1'], out)
    assert.equal(lines.pop(), 'Successfully saved superuser "admin@example.com"!')
    assert.equal(await inspect((app) => findAuthRecordByEmail(app, '_superusers', '__pbinstaller@example.com')), undefined)
    printed = ''
    await inspect((app) => printInstallerLink(app, 'http://127.0.0.1:8090', (t) => (printed += t)))
    assert.equal(printed, '')
  })

  test('upsert updates, create refuses duplicates, update changes the password, delete removes', async () => {
    await superuserUpsert(dir, ['admin@example.com', 'second-pass-2'], out)
    await assert.rejects(superuserCreate(dir, ['admin@example.com', 'x-pass-12345'], out), /failed to create new superuser account: email: Value must be unique/)
    await assert.rejects(superuserCreate(dir, ['not-an-email', 'x-pass-12345'], out), /missing or invalid email address/)
    await assert.rejects(superuserCreate(dir, ['a@example.com'], out), /missing email and password arguments/)
    await superuserCreate(dir, ['second@example.com', 'other-pass-1'], out)
    await assert.rejects(superuserUpdate(dir, ['admin@example.com', 'short'], out), /password: Must be at least 8 character/)
    await superuserUpdate(dir, ['admin@example.com', 'third-pass-3'], out)
    assert.equal(lines.pop(), 'Successfully changed superuser "admin@example.com" password!')
    const ok = await inspect(async (app) => validateRecordPassword((await findAuthRecordByEmail(app, '_superusers', 'admin@example.com'))!, 'third-pass-3'))
    assert.equal(ok, true)
    await superuserDelete(dir, ['second@example.com'], out)
    assert.equal(lines.pop(), 'Successfully deleted superuser "second@example.com"!')
    await superuserDelete(dir, ['second@example.com'], out)
    assert.equal(lines.pop(), 'superuser "second@example.com" is missing or already deleted')
    await assert.rejects(superuserUpdate(dir, ['ghost@example.com', 'some-pass-123'], out), /doesn't exist/)
  })

  test('otp needs OTP auth enabled; ips sets and clears the whitelist', async () => {
    await assert.rejects(superuserOTP(dir, ['admin@example.com'], out), /OTP auth is not enabled/)
    await inspect(async (app) => {
      const row = await app.db().get<{ options: string }>("SELECT options FROM _collections WHERE name = '_superusers'")
      const options = JSON.parse(row!.options) as { otp: Record<string, unknown> }
      options.otp.enabled = true
      await app.db().run("UPDATE _collections SET options = ? WHERE name = '_superusers'", [JSON.stringify(options)])
    })
    await superuserOTP(dir, ['admin@example.com'], out)
    const pass = /Pass: {2}(\d{8})/.exec(lines.join('\n'))
    assert.ok(pass, lines.join('\n'))
    const otps = await inspect((app) => app.db().all('SELECT id FROM _otps'))
    assert.equal(otps.length, 1)

    await assert.rejects(superuserIPs(dir, ['nope'], out), /invalid IP address or subnet/)
    await superuserIPs(dir, ['127.0.0.1', '10.0.0.0/24'], out)
    assert.deepEqual((await inspect((app) => getSettings(app))).superuserIPs, ['127.0.0.1', '10.0.0.0/24'])
    await superuserIPs(dir, [], out)
    assert.deepEqual((await inspect((app) => getSettings(app))).superuserIPs, [])
  })
})
