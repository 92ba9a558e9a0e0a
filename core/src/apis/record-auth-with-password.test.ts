import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { decodeJwtClaims } from '../auth/jwt.js'
import { findAuthRecordByToken } from '../auth/record-tokens.js'
import { call, createAuthRecord, newAuthTestApp, patchCollection, type AuthTestApp } from './record-auth.test-util.js'

describe('auth-with-password', () => {
  let t: AuthTestApp
  beforeEach(async () => {
    t = await newAuthTestApp()
    await createAuthRecord(t.app, 'users', { email: 'Alice@Example.com', password: 'secret-123', name: 'Alice' })
    await createAuthRecord(t.app, '_superusers', { email: 'root@example.com', password: 'root-pass-1' })
  })
  afterEach(() => t.close())

  const cases: { name: string; body: unknown; status: number; check?: (json: any) => void }[] = [
    { name: 'valid credentials', body: { identity: 'Alice@Example.com', password: 'secret-123' }, status: 200 },
    {
      name: 'wrong password',
      body: { identity: 'Alice@Example.com', password: 'nope-nope' },
      status: 400,
      check: (j) => assert.deepEqual(j, { data: {}, message: 'Failed to authenticate.', status: 400 }),
    },
    {
      name: 'unknown identity looks the same as a wrong password',
      body: { identity: 'bob@example.com', password: 'secret-123' },
      status: 400,
      check: (j) => assert.deepEqual(j, { data: {}, message: 'Failed to authenticate.', status: 400 }),
    },
    {
      name: 'email match is case-sensitive without a NOCASE index',
      body: { identity: 'alice@example.com', password: 'secret-123' },
      status: 400,
    },
    {
      name: 'empty fields',
      body: { identity: '', password: '', identityField: 'name' },
      status: 400,
      check: (j) => {
        assert.equal(j.message, 'An error occurred while validating the submitted data.')
        assert.deepEqual(Object.keys(j.data), ['identity', 'identityField', 'password'])
        assert.equal(j.data.identityField.code, 'validation_in_invalid')
      },
    },
    {
      name: 'non-string identity in JSON',
      body: { identity: 12, password: 'x' },
      status: 400,
      check: (j) => assert.equal(j.message, 'An error occurred while loading the submitted data.'),
    },
    { name: 'malformed JSON', body: '{"identity', status: 400, check: (j) => assert.deepEqual(j.data, {}) },
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', c.body)
      assert.equal(res.status, c.status, JSON.stringify(res.json))
      c.check?.(res.json)
    })
  }

  test('the response holds the record (email visible) and a refreshable PocketBase-format token', async () => {
    const res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', {
      identity: 'Alice@Example.com',
      password: 'secret-123',
    })
    assert.deepEqual(Object.keys(res.json), ['record', 'token'])
    assert.equal(res.json.record.email, 'Alice@Example.com')
    assert.equal(res.json.record.password, undefined)
    assert.equal(res.json.record.tokenKey, undefined)
    const claims = decodeJwtClaims(res.json.token)
    assert.deepEqual(Object.keys(claims), ['collectionId', 'exp', 'id', 'refreshable', 'type'])
    assert.equal(claims.type, 'auth')
    assert.equal(claims.refreshable, true)
    assert.equal(claims.collectionId, '_pb_users_auth_')
    const lifetime = (claims.exp as number) - Math.floor(Date.now() / 1000)
    assert.ok(Math.abs(lifetime - 432000) <= 2)
    const found = await findAuthRecordByToken(t.app, res.json.token, 'auth')
    assert.equal(found.id, res.json.record.id)
  })

  test('superusers see hidden fields of themselves but never the password or tokenKey', async () => {
    const res = await call(t.app, 'POST', '/api/collections/_superusers/auth-with-password', {
      identity: 'root@example.com',
      password: 'root-pass-1',
    })
    assert.equal(res.status, 200)
    assert.equal(res.json.record.collectionName, '_superusers')
    assert.equal(res.json.record.password, undefined)
    assert.equal(res.json.record.tokenKey, undefined)
    assert.equal((decodeJwtClaims(res.json.token).exp as number) - Math.floor(Date.now() / 1000) <= 86400, true)
  })

  test('identity fields: email tried first, then username; explicit identityField restricts', async () => {
    await patchCollection(t.app, 'users', {
      passwordAuth: { enabled: true, identityFields: ['name', 'email'] },
      indexes: [...t.app.findCachedCollection('users')!.indexes],
    })
    // no unique index on name: it can't be an identity
    let res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', { identity: 'Alice', password: 'secret-123' })
    assert.equal(res.status, 400)
    res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', {
      identity: 'Alice@Example.com',
      password: 'secret-123',
      identityField: 'name',
    })
    assert.equal(res.status, 400)
    res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', {
      identity: 'Alice@Example.com',
      password: 'secret-123',
      identityField: 'email',
    })
    assert.equal(res.status, 200)
  })

  test('disabled password auth is a 403; non-auth and unknown collections 404', async () => {
    await patchCollection(t.app, 'users', { passwordAuth: { enabled: false, identityFields: ['email'] } })
    let res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', { identity: 'a@b.c', password: 'x' })
    assert.equal(res.status, 403)
    assert.equal(res.json.message, 'The collection is not configured to allow password authentication.')
    res = await call(t.app, 'POST', '/api/collections/_mfas/auth-with-password', { identity: 'a@b.c', password: 'x' })
    assert.equal(res.status, 404)
    assert.equal(res.json.message, 'Missing or invalid auth collection context.')
    res = await call(t.app, 'POST', '/api/collections/nope/auth-with-password', { identity: 'a@b.c', password: 'x' })
    assert.equal(res.status, 404)
    assert.equal(res.json.message, 'Missing or invalid collection context.')
  })

  test('authRule: the record must match it', async () => {
    await patchCollection(t.app, 'users', { authRule: 'verified = true' })
    let res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', { identity: 'Alice@Example.com', password: 'secret-123' })
    assert.equal(res.status, 403)
    assert.equal(res.json.message, "The request doesn't satisfy the collection requirements to authenticate.")
    await patchCollection(t.app, 'users', { authRule: null })
    res = await call(t.app, 'POST', '/api/collections/users/auth-with-password', { identity: 'Alice@Example.com', password: 'secret-123' })
    assert.equal(res.status, 403)
  })
})
