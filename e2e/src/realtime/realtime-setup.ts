/**
 * @module Data for the realtime tests on any target, made through the API as the e2e superuser: an auth
 * collection `rt_users` with two users, a collection `rt_posts` that each user sees only their own posts
 * of (`owner = @request.auth.id`), and a public one, `rt_public`.
 */
import assert from 'node:assert/strict'
import { targetRequest, type Target } from '../harness/target.js'
import { E2E_SUPERUSER } from '../routes/e2e-routes.js'

/** The two `rt_users` records (password for both: {@link PASSWORD}). */
export const USERS = {
  alice: { id: 'rtalice00000001', email: 'alice@example.com' },
  bob: { id: 'rtbob0000000001', email: 'bob@example.com' },
} as const
export const PASSWORD = 'realtime-pass-1'

/** The e2e superuser's auth token (every e2e backend has that superuser). */
export async function superuserToken(target: Target): Promise<string> {
  const res = await target.fetch(
    targetRequest(target, '/api/collections/_superusers/auth-with-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: E2E_SUPERUSER.email, password: E2E_SUPERUSER.password }),
    }),
  )
  const text = await res.text()
  assert.equal(res.status, 200, text)
  return (JSON.parse(text) as { token: string }).token
}

/** A JSON API call on `target` as the superuser; asserts the status. */
export async function api(
  target: Target,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  status = 200,
): Promise<unknown> {
  const res = await target.fetch(
    targetRequest(target, path, {
      method,
      headers: { authorization: token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
  const text = await res.text()
  assert.equal(res.status, status, `${method} ${path} → ${res.status} ${text}`)
  return text === '' ? null : JSON.parse(text)
}

/** Creates `rt_users` (alice, bob), `rt_posts` (own posts only) and `rt_public`; returns the superuser token. */
export async function createRealtimeData(target: Target): Promise<string> {
  const token = await superuserToken(target)
  const users = (await api(target, token, 'POST', '/api/collections', {
    name: 'rt_users',
    type: 'auth',
    listRule: 'id = @request.auth.id',
    viewRule: 'id = @request.auth.id',
    passwordAuth: { enabled: true, identityFields: ['email'] },
  })) as { id: string }
  for (const u of Object.values(USERS)) {
    await api(target, token, 'POST', '/api/collections/rt_users/records', {
      id: u.id,
      email: u.email,
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      verified: true,
    })
  }
  await api(target, token, 'POST', '/api/collections', {
    name: 'rt_posts',
    type: 'base',
    listRule: 'owner = @request.auth.id',
    viewRule: 'owner = @request.auth.id',
    createRule: '@request.auth.id != "" && owner = @request.auth.id',
    updateRule: 'owner = @request.auth.id',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'owner', type: 'relation', collectionId: users.id, maxSelect: 1 },
    ],
  })
  await api(target, token, 'POST', '/api/collections', {
    name: 'rt_public',
    type: 'base',
    listRule: '',
    viewRule: '',
    createRule: '',
    fields: [
      { name: 'title', type: 'text' },
      { name: 'big', type: 'editor' },
    ],
  })
  return token
}
