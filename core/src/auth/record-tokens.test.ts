import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createAuthRecord, newAuthTestApp, type AuthTestApp } from '../apis/record-auth.test-util.js'
import { findAuthRecordByToken, newAuthToken } from './record-tokens.js'

// findAuthRecordByToken: every lookup answers the stored row as it is now (any cache in front of it
// must see every committed write, even raw SQL that bypasses the record layer).

let t: AuthTestApp
let token = ''
let userId = ''

before(async () => {
  t = await newAuthTestApp()
  const user = await createAuthRecord(t.app, 'users', { email: 'u@example.com', password: '1234567890' })
  userId = user.id
  token = await newAuthToken(t.app, user)
})

after(() => t.close())

test('findAuthRecordByToken: repeated lookups answer fresh records that callers may change', async () => {
  const a = await findAuthRecordByToken(t.app, token, 'auth')
  a.set('email', 'changed-in-memory@example.com')
  const b = await findAuthRecordByToken(t.app, token, 'auth')
  assert.notEqual(a, b)
  assert.equal(b.id, userId)
  assert.equal(b.getString('email'), 'u@example.com')
})

test('findAuthRecordByToken: sees raw SQL writes made between lookups', async () => {
  await findAuthRecordByToken(t.app, token, 'auth')
  await t.app.db().run('UPDATE users SET email = ? WHERE id = ?', ['raw@example.com', userId])
  assert.equal((await findAuthRecordByToken(t.app, token, 'auth')).getString('email'), 'raw@example.com')

  // a new tokenKey revokes the token at once
  await t.app.db().run('UPDATE users SET tokenKey = ? WHERE id = ?', ['another-key-0123456789', userId])
  await assert.rejects(findAuthRecordByToken(t.app, token, 'auth'), /signature is invalid/)
})

test('findAuthRecordByToken: a deleted owner is missing at once', async () => {
  const user = await createAuthRecord(t.app, 'users', { email: 'gone@example.com', password: '1234567890' })
  const own = await newAuthToken(t.app, user)
  assert.equal((await findAuthRecordByToken(t.app, own, 'auth')).id, user.id)
  await t.app.db().run('DELETE FROM users WHERE id = ?', [user.id])
  await assert.rejects(findAuthRecordByToken(t.app, own, 'auth'), /missing token record/)
})
