import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { base64UrlEncode, decodeJwtClaims, newJwt } from '../auth/jwt.js'
import { newRecordToken } from '../auth/record-tokens.js'
import { findRecordById } from '../records/record-query.js'
import { call, createAuthRecord, newAuthTestApp, patchCollection, patchSettings, settle, type AuthTestApp } from './record-auth.test-util.js'

describe('tokens, refresh and impersonate', () => {
  let t: AuthTestApp
  let userToken = ''
  let userId = ''
  let suToken = ''
  before(async () => {
    t = await newAuthTestApp()
    userId = (await createAuthRecord(t.app, 'users', { email: 'u@example.com', password: 'secret-123' })).id
    await createAuthRecord(t.app, '_superusers', { email: 'su@example.com', password: 'secret-123' })
    userToken = (await call(t.app, 'POST', '/api/collections/users/auth-with-password', { identity: 'u@example.com', password: 'secret-123' })).json.token
    suToken = (await call(t.app, 'POST', '/api/collections/_superusers/auth-with-password', { identity: 'su@example.com', password: 'secret-123' })).json.token
  })
  after(() => t.close())

  const refresh = (token: string, collection = 'users') =>
    call(t.app, 'POST', `/api/collections/${collection}/auth-refresh`, undefined, { authorization: token })

  test('refresh issues a new token for the same record', async () => {
    const res = await refresh(userToken)
    assert.equal(res.status, 200)
    assert.equal(res.json.record.id, userId)
    assert.equal(decodeJwtClaims(res.json.token).refreshable, true)
    const bearer = await refresh('Bearer ' + userToken)
    assert.equal(bearer.status, 200)
  })

  test('tampered, expired, wrong-type, wrong-collection tokens are guests (401); other collections 403', async () => {
    const record = (await findRecordById(t.app, 'users', userId))!
    const [h, p, s] = userToken.split('.')
    const claims = decodeJwtClaims(userToken)
    const tampered = `${h}.${base64UrlEncode(new TextEncoder().encode(JSON.stringify({ ...claims, id: 'x' + userId.slice(1) })))}.${s}`
    const badSig = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BB' : 'AA'}`
    const secret = record.getString('tokenKey') + (record.collection.authToken as { secret: string }).secret
    const expired = await newJwt({ id: userId, type: 'auth', collectionId: record.collection.id, refreshable: true }, secret, 1, new Date(Date.now() - 60_000))
    const valid = await newJwt({ id: userId, type: 'auth', collectionId: record.collection.id, refreshable: true }, secret, 60)
    assert.equal((await refresh(valid)).status, 200)
    const past = await newJwt({ id: userId, type: 'auth', collectionId: record.collection.id, refreshable: true }, 'k', 1, new Date(Date.now() - 60_000))
    const verification = await newRecordToken(t.app, record, 'verification', { email: 'u@example.com' })
    const unsigned = `${base64UrlEncode(new TextEncoder().encode('{"alg":"none"}'))}.${p}.`
    for (const [name, token] of Object.entries({ tampered, badSig, expired, past, verification, unsigned })) {
      const res = await refresh(token)
      assert.equal(res.status, 401, name)
      assert.equal(res.json.message, 'The request requires valid record authorization token.', name)
    }
    const other = await refresh(suToken)
    assert.equal(other.status, 403)
    assert.equal(other.json.message, 'The request requires auth record from _superusers collection.')
  })

  test('impersonate: superusers only, non-refreshable token, refresh keeps it', async () => {
    assert.equal((await call(t.app, 'POST', `/api/collections/users/impersonate/${userId}`)).status, 401)
    assert.equal((await call(t.app, 'POST', `/api/collections/users/impersonate/${userId}`, undefined, { authorization: userToken })).status, 403)
    const bad = await call(t.app, 'POST', `/api/collections/users/impersonate/${userId}`, { duration: -1 }, { authorization: suToken })
    assert.equal(bad.json.data.duration.code, 'validation_min_greater_equal_than_required')
    assert.equal((await call(t.app, 'POST', '/api/collections/users/impersonate/missing', {}, { authorization: suToken })).status, 404)

    const res = await call(t.app, 'POST', `/api/collections/users/impersonate/${userId}`, { duration: 100 }, { authorization: suToken })
    assert.equal(res.status, 200)
    const claims = decodeJwtClaims(res.json.token)
    assert.equal(claims.refreshable, false)
    assert.ok(Math.abs((claims.exp as number) - Math.floor(Date.now() / 1000) - 100) <= 2)
    const refreshed = await refresh(res.json.token)
    assert.equal(refreshed.status, 200)
    assert.equal(refreshed.json.token, res.json.token)
  })

  test('superuser IP whitelist refuses logins from other IPs', async () => {
    await patchSettings(t.app, { superuserIPs: ['10.0.0.0/8'] })
    const res = await call(t.app, 'POST', '/api/collections/_superusers/auth-with-password', { identity: 'su@example.com', password: 'secret-123' })
    assert.equal(res.status, 403)
    // an already issued superuser token is refused on every route from other IPs
    assert.equal((await call(t.app, 'GET', '/api/health', undefined, { authorization: suToken })).status, 403)
    assert.equal((await call(t.app, 'GET', '/api/health', undefined, { authorization: userToken })).status, 200)
    await patchSettings(t.app, { superuserIPs: ['127.0.0.0/8'] })
    assert.equal((await call(t.app, 'GET', '/api/health', undefined, { authorization: suToken })).status, 200)
    await patchSettings(t.app, { superuserIPs: [] })
  })

  test('rate limits: *:auth applies per IP to the auth actions; superusers are exempt', async () => {
    await patchSettings(t.app, {
      rateLimits: { enabled: true, excludedIPs: [], rules: [{ label: '*:auth', audience: '', duration: 60, maxRequests: 2 }] },
    })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(t.app, 'POST', '/api/collections/users/auth-with-password', { identity: 'u@example.com', password: 'nope' })).status)
    }
    assert.deepEqual(statuses, [400, 400, 429])
    // another tag is not limited by *:auth
    assert.equal((await call(t.app, 'GET', '/api/collections/users/auth-methods')).status, 200)
    const su = await call(t.app, 'POST', '/api/collections/users/auth-with-password', { identity: 'u@example.com', password: 'nope' }, { authorization: suToken })
    assert.equal(su.status, 400)
    await patchSettings(t.app, { rateLimits: { enabled: false, excludedIPs: [], rules: [] } })
  })
})

describe('new-login alerts', () => {
  let t: AuthTestApp
  before(async () => {
    t = await newAuthTestApp()
    await createAuthRecord(t.app, 'users', { email: 'al@example.com', password: 'secret-123' })
  })
  after(() => t.close())

  const loginAs = (ua: string) =>
    call(t.app, 'POST', '/api/collections/users/auth-with-password', { identity: 'al@example.com', password: 'secret-123' }, { 'user-agent': ua })

  test('first login: no mail; same origin: no mail; new origin: alert; at most 5 origins', async () => {
    assert.equal((await loginAs('browser-1')).status, 200)
    assert.equal((await loginAs('browser-1')).status, 200)
    await settle()
    assert.equal(t.mailer.messages.length, 0)
    assert.equal((await loginAs('browser-2 <script>')).status, 200)
    assert.equal(t.mailer.messages.length, 1)
    const mail = t.mailer.lastMessage()!
    assert.equal(mail.subject, 'Login from a new location')
    assert.match(mail.html, /127\.0\.0\.1 browser-2 &lt;script&gt;/)
    for (let i = 3; i <= 7; i++) {
      await loginAs(`browser-${i}`)
    }
    const rows = await t.app.db().all('SELECT fingerprint FROM _authOrigins')
    assert.equal(rows.length, 5)

    await patchCollection(t.app, 'users', { authAlert: { ...(t.app.findCachedCollection('users')!.authAlert as object), enabled: false } })
    const before = t.mailer.messages.length
    await loginAs('browser-99')
    assert.equal(t.mailer.messages.length, before)
  })
})
