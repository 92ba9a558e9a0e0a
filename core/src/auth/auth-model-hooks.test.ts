import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { call, createAuthRecord, newAuthTestApp, type AuthTestApp } from '../apis/record-auth.test-util.js'
import { findRecordById } from '../records/record-query.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import { createExternalAuth, findAllExternalAuthsByRecord } from './external-auths.js'
import { createMFA } from './mfa.js'
import { createOTP, findAllOTPsByRecord } from './otp.js'

describe('auth system collection hooks', () => {
  let t: AuthTestApp
  let su = ''
  before(async () => {
    t = await newAuthTestApp()
    await createAuthRecord(t.app, '_superusers', { email: 'su@example.com', password: 'secret-123' })
    su = (await call(t.app, 'POST', '/api/collections/_superusers/auth-with-password', { identity: 'su@example.com', password: 'secret-123' })).json.token
  })
  after(() => t.close())

  const count = async (table: string, recordId: string) =>
    Number((await t.app.db().get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE recordRef = ?`, [recordId]))?.n)

  test('ref rows must point at an existing auth record', async () => {
    const user = await createAuthRecord(t.app, 'users', { email: 'a@example.com', password: 'secret-123' })
    const ghost = user.clone()
    ghost.setRaw('id', 'nosuchrecord123')
    await assert.rejects(createOTP(t.app, ghost, '123456'), (err: { data?: Record<string, { code: string }> }) => err.data?.recordRef?.code === 'validation_invalid_record')
    await assert.rejects(createExternalAuth(t.app, user, 'myspace', 'x'), (err: { data?: Record<string, { code: string }> }) => err.data?.provider?.code === 'validation_in_invalid')
  })

  test('deleting an auth record deletes its OTPs, MFA sessions, links and origins', async () => {
    const user = await createAuthRecord(t.app, 'users', { email: 'b@example.com', password: 'secret-123' })
    await createOTP(t.app, user, '123456')
    await createMFA(t.app, user, 'password')
    await createExternalAuth(t.app, user, 'github', '42')
    await deleteRecord(t.app, user)
    for (const table of ['_otps', '_mfas', '_externalAuths']) {
      assert.equal(await count(table, user.id), 0, table)
    }
  })

  test('a new password drops MFA sessions; a new tokenKey drops OTPs; verifying drops OAuth2 links', async () => {
    const user = await createAuthRecord(t.app, 'users', { email: 'c@example.com', password: 'secret-123' })
    await createMFA(t.app, user, 'password')
    await createOTP(t.app, user, '123456')
    await createExternalAuth(t.app, user, 'github', '43')
    const tokenKey = user.getString('tokenKey')

    const fresh = (await findRecordById(t.app, 'users', user.id))!
    fresh.set('verified', true)
    await saveRecord(t.app, fresh)
    assert.equal((await findAllExternalAuthsByRecord(t.app, fresh)).length, 0)
    assert.notEqual(fresh.getString('tokenKey'), tokenKey)
    assert.equal((await findAllOTPsByRecord(t.app, fresh)).length, 0)

    await createMFA(t.app, fresh, 'password')
    fresh.set('password', 'another-pass-1')
    await saveRecord(t.app, fresh)
    assert.equal(await count('_mfas', user.id), 0)
  })

  test('deleting an auth collection deletes its rows in the system collections', async () => {
    const created = await call(t.app, 'POST', '/api/collections', { name: 'members', type: 'auth' }, { authorization: su })
    assert.equal(created.status, 200, JSON.stringify(created.json))
    const member = await createAuthRecord(t.app, 'members', { email: 'm@example.com', password: 'secret-123' })
    await createOTP(t.app, member, '123456')
    await createExternalAuth(t.app, member, 'google', 'g-1')
    const res = await call(t.app, 'DELETE', '/api/collections/members', undefined, { authorization: su })
    assert.equal(res.status, 204, JSON.stringify(res.json))
    assert.equal(await count('_otps', member.id), 0)
    assert.equal(await count('_externalAuths', member.id), 0)
  })

  test('_superusers keeps password auth, no OAuth2, and OTP only with MFA', async () => {
    const res = await call(
      t.app,
      'PATCH',
      '/api/collections/_superusers',
      { passwordAuth: { enabled: false }, oauth2: { enabled: true }, otp: { enabled: true }, mfa: { enabled: false } },
      { authorization: su },
    )
    assert.equal(res.status, 200, JSON.stringify(res.json))
    assert.equal(res.json.passwordAuth.enabled, true)
    assert.equal(res.json.oauth2.enabled, false)
    assert.equal(res.json.otp.enabled, true)
    assert.equal(res.json.mfa.enabled, true)
  })
})
