import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { findAuthRecordByToken } from '../auth/record-tokens.js'
import { findRecordById } from '../records/record-query.js'
import {
  call,
  createAuthRecord,
  newAuthTestApp,
  patchCollection,
  settle,
  tokenFromMail,
  waitForMails,
  type AuthTestApp,
} from './record-auth.test-util.js'

const login = async (t: AuthTestApp, identity: string, password: string, collection = 'users') =>
  call(t.app, 'POST', `/api/collections/${collection}/auth-with-password`, { identity, password })

describe('verification', () => {
  let t: AuthTestApp
  before(async () => {
    t = await newAuthTestApp()
    await createAuthRecord(t.app, 'users', { email: 'ann@example.com', password: 'secret-123' })
    await createAuthRecord(t.app, 'users', { email: 'done@example.com', password: 'secret-123', verified: true })
  })
  after(() => t.close())

  test('request mails a link; the token verifies the record; resends are throttled for 2 minutes', async () => {
    const res = await call(t.app, 'POST', '/api/collections/users/request-verification', { email: 'ann@example.com' })
    assert.equal(res.status, 204)
    await waitForMails(t.mailer, 1)
    const mail = t.mailer.lastMessage()!
    assert.deepEqual(mail.to, [{ address: 'ann@example.com' }])
    assert.equal(mail.subject, 'Verify your Acme email')
    assert.deepEqual(mail.from, { name: 'Support', address: 'support@example.com' })
    assert.match(mail.text ?? '', /\[Verify\]\(http:\/\/localhost:8090\/_\/#\/auth\/confirm-verification\//)

    const again = await call(t.app, 'POST', '/api/collections/users/request-verification', { email: 'ann@example.com' })
    assert.equal(again.status, 204)
    await settle()
    assert.equal(t.mailer.messages.length, 1)

    const token = tokenFromMail(mail.html, 'confirm-verification')
    const confirm = await call(t.app, 'POST', '/api/collections/users/confirm-verification', { token })
    assert.equal(confirm.status, 204)
    const record = await findAuthRecordByToken(t.app, token, 'verification')
    assert.equal(record.getBool('verified'), true)
    // confirming again is harmless
    assert.equal((await call(t.app, 'POST', '/api/collections/users/confirm-verification', { token })).status, 204)
  })

  test('unknown and already verified addresses: 204 and no mail', async () => {
    const before = t.mailer.messages.length
    for (const email of ['nobody@example.com', 'done@example.com']) {
      const res = await call(t.app, 'POST', '/api/collections/users/request-verification', { email })
      assert.equal(res.status, 204)
    }
    await settle()
    assert.equal(t.mailer.messages.length, before)
  })

  test('token errors', async () => {
    const auth = (await login(t, 'done@example.com', 'secret-123')).json.token as string
    const cases: [string, unknown, string][] = [
      ['missing', {}, 'validation_required'],
      ['auth token (no email claim)', { token: auth }, 'validation_invalid_token_claims'],
      ['garbage', { token: 'a.b.c' }, 'validation_invalid_token_claims'],
    ]
    for (const [name, body, code] of cases) {
      const res = await call(t.app, 'POST', '/api/collections/users/confirm-verification', body)
      assert.equal(res.status, 400, name)
      assert.equal(res.json.data.token.code, code, name)
    }
    const su = await call(t.app, 'POST', '/api/collections/_superusers/request-verification', { email: 'a@b.c' })
    assert.equal(su.json.message, 'All superusers are verified by default.')
  })
})

describe('password reset', () => {
  let t: AuthTestApp
  before(async () => {
    t = await newAuthTestApp()
    await createAuthRecord(t.app, 'users', { email: 'bob@example.com', password: 'old-password' })
  })
  after(() => t.close())

  test('reset logs out every session and its token is single-use', async () => {
    const session = (await login(t, 'bob@example.com', 'old-password')).json.token as string
    assert.equal((await call(t.app, 'POST', '/api/collections/users/auth-refresh', undefined, { authorization: session })).status, 200)

    assert.equal((await call(t.app, 'POST', '/api/collections/users/request-password-reset', { email: 'bob@example.com' })).status, 204)
    await waitForMails(t.mailer, 1)
    assert.equal(t.mailer.lastMessage()!.subject, 'Reset your Acme password')
    const token = tokenFromMail(t.mailer.lastMessage()!.html, 'confirm-password-reset')

    const mismatch = await call(t.app, 'POST', '/api/collections/users/confirm-password-reset', {
      token,
      password: 'new-password',
      passwordConfirm: 'other-password',
    })
    assert.equal(mismatch.status, 400)
    assert.equal(mismatch.json.data.passwordConfirm.code, 'validation_values_mismatch')

    const ok = await call(t.app, 'POST', '/api/collections/users/confirm-password-reset', {
      token,
      password: 'new-password',
      passwordConfirm: 'new-password',
    })
    assert.equal(ok.status, 204)
    assert.equal((await login(t, 'bob@example.com', 'old-password')).status, 400)
    const fresh = await login(t, 'bob@example.com', 'new-password')
    assert.equal(fresh.status, 200)
    assert.equal(fresh.json.record.verified, true)

    // the old session and the reset token stopped working
    assert.equal((await call(t.app, 'POST', '/api/collections/users/auth-refresh', undefined, { authorization: session })).status, 401)
    const reuse = await call(t.app, 'POST', '/api/collections/users/confirm-password-reset', {
      token,
      password: 'third-password',
      passwordConfirm: 'third-password',
    })
    assert.equal(reuse.status, 400)
    assert.equal(reuse.json.data.token.code, 'validation_invalid_token')
  })

  test('unknown email: 204 without mail; disabled password auth: 400', async () => {
    const before = t.mailer.messages.length
    assert.equal((await call(t.app, 'POST', '/api/collections/users/request-password-reset', { email: 'x@example.com' })).status, 204)
    await settle()
    assert.equal(t.mailer.messages.length, before)
    await patchCollection(t.app, 'users', { passwordAuth: { enabled: false, identityFields: ['email'] } })
    const res = await call(t.app, 'POST', '/api/collections/users/request-password-reset', { email: 'bob@example.com' })
    assert.equal(res.status, 400)
    assert.equal(res.json.message, 'The collection is not configured to allow password authentication.')
  })
})

describe('email change', () => {
  let t: AuthTestApp
  before(async () => {
    t = await newAuthTestApp()
    await createAuthRecord(t.app, 'users', { email: 'cat@example.com', password: 'secret-123' })
    await createAuthRecord(t.app, 'users', { email: 'taken@example.com', password: 'secret-123' })
  })
  after(() => t.close())

  test('request (auth required) mails the new address; confirm needs the password and ends sessions', async () => {
    const session = (await login(t, 'cat@example.com', 'secret-123')).json.token as string
    const auth = { authorization: session }
    assert.equal((await call(t.app, 'POST', '/api/collections/users/request-email-change', { newEmail: 'new@example.com' })).status, 401)
    const taken = await call(t.app, 'POST', '/api/collections/users/request-email-change', { newEmail: 'taken@example.com' }, auth)
    assert.equal(taken.json.data.newEmail.code, 'validation_invalid_new_email')
    const same = await call(t.app, 'POST', '/api/collections/users/request-email-change', { newEmail: 'cat@example.com' }, auth)
    assert.equal(same.json.data.newEmail.code, 'validation_not_in_invalid')

    assert.equal((await call(t.app, 'POST', '/api/collections/users/request-email-change', { newEmail: 'new@example.com' }, auth)).status, 204)
    const mail = t.mailer.lastMessage()!
    assert.deepEqual(mail.to, [{ address: 'new@example.com' }])
    const token = tokenFromMail(mail.html, 'confirm-email-change')

    const wrong = await call(t.app, 'POST', '/api/collections/users/confirm-email-change', { token, password: 'nope-nope' })
    assert.equal(wrong.json.data.password.code, 'validation_invalid_password')
    assert.equal((await call(t.app, 'POST', '/api/collections/users/confirm-email-change', { token, password: 'secret-123' })).status, 204)

    const relog = await login(t, 'new@example.com', 'secret-123')
    assert.equal(relog.status, 200)
    assert.equal(relog.json.record.verified, true)
    assert.equal((await call(t.app, 'POST', '/api/collections/users/auth-refresh', undefined, auth)).status, 401)
    const reuse = await call(t.app, 'POST', '/api/collections/users/confirm-email-change', { token, password: 'secret-123' })
    assert.equal(reuse.status, 400)
  })
})

describe('OTP and MFA', () => {
  let t: AuthTestApp
  let userId = ''
  before(async () => {
    t = await newAuthTestApp()
    userId = (await createAuthRecord(t.app, 'users', { email: 'otp@example.com', password: 'secret-123' })).id
    await patchCollection(t.app, 'users', {
      otp: { ...(t.app.findCachedCollection('users')!.otp as object), enabled: true, length: 6, duration: 180 },
    })
  })
  after(() => t.close())

  const requestOtp = async (email: string) => {
    const before = t.mailer.messages.length
    const res = await call(t.app, 'POST', '/api/collections/users/request-otp', { email })
    assert.equal(res.status, 200)
    await waitForMails(t.mailer, before + 1)
    const code = /<strong>(\d+)<\/strong>/.exec(t.mailer.lastMessage()!.html)![1]!
    return { otpId: res.json.otpId as string, code }
  }

  test('unknown email still answers an otpId; no mail', async () => {
    const before = t.mailer.messages.length
    const res = await call(t.app, 'POST', '/api/collections/users/request-otp', { email: 'ghost@example.com' })
    assert.equal(res.status, 200)
    assert.match(res.json.otpId, /^[a-z0-9]{15}$/)
    await settle()
    assert.equal(t.mailer.messages.length, before)
  })

  test('OTP login verifies the address it was mailed to; the OTP is single-use', async () => {
    const { otpId, code } = await requestOtp('otp@example.com')
    assert.equal(code.length, 6)
    const bad = await call(t.app, 'POST', '/api/collections/users/auth-with-otp', { otpId, password: '000000' === code ? '111111' : '000000' })
    assert.deepEqual(bad.json, { data: {}, message: 'Invalid or expired OTP.', status: 400 })
    const ok = await call(t.app, 'POST', '/api/collections/users/auth-with-otp', { otpId, password: code })
    assert.equal(ok.status, 200, JSON.stringify(ok.json))
    assert.equal(ok.json.record.verified, true)
    const again = await call(t.app, 'POST', '/api/collections/users/auth-with-otp', { otpId, password: code })
    assert.equal(again.status, 400)
    // without MFA, the OTP verification reset the password (pre-hijacking guard)
    assert.equal((await login(t, 'otp@example.com', 'secret-123')).status, 400)
  })

  test('expired OTPs are refused; at most 5 attempts per record per 3 minutes', async () => {
    const { otpId, code } = await requestOtp('otp@example.com')
    t.advance(181_000)
    assert.equal((await call(t.app, 'POST', '/api/collections/users/auth-with-otp', { otpId, password: code })).status, 400)
    t.advance(200_000)
    const fresh = await requestOtp('otp@example.com')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      statuses.push((await call(t.app, 'POST', '/api/collections/users/auth-with-otp', { otpId: fresh.otpId, password: 'x' })).status)
    }
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429])
    t.advance(181_000)
  })

  test('MFA: the first method answers 401 {mfaId}; a different second method completes', async () => {
    const record = (await findRecordById(t.app, 'users', userId))!
    record.set('password', 'mfa-pass-123')
    const { saveRecord } = await import('../records/record-save.js')
    await saveRecord(t.app, record)
    await patchCollection(t.app, 'users', { mfa: { enabled: true, duration: 600, rule: '' } })

    const first = await login(t, 'otp@example.com', 'mfa-pass-123')
    assert.equal(first.status, 401)
    assert.deepEqual(Object.keys(first.json), ['mfaId'])
    const mfaId = first.json.mfaId as string

    const same = await call(t.app, 'POST', '/api/collections/users/auth-with-password', {
      identity: 'otp@example.com',
      password: 'mfa-pass-123',
      mfaId,
    })
    assert.equal(same.json.message, 'A different authentication method is required.')

    const { otpId, code } = await requestOtp('otp@example.com')
    const done = await call(t.app, 'POST', `/api/collections/users/auth-with-otp?mfaId=${mfaId}`, { otpId, password: code })
    assert.equal(done.status, 200, JSON.stringify(done.json))
    assert.ok(done.json.token)

    const stale = await call(t.app, 'POST', '/api/collections/users/auth-with-password', {
      identity: 'otp@example.com',
      password: 'mfa-pass-123',
      mfaId,
    })
    assert.equal(stale.json.message, 'Invalid or expired MFA session.')

    await patchCollection(t.app, 'users', { mfa: { enabled: true, duration: 600, rule: "email = 'someone-else@example.com'" } })
    assert.equal((await login(t, 'otp@example.com', 'mfa-pass-123')).status, 200)
  })
})
