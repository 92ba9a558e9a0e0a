import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { createAuthRecord, newAuthTestApp, type AuthTestApp } from '../apis/record-auth.test-util.js'
import {
  requireAuth,
  requireGuestOnly,
  requireSameCollectionContextAuth,
  requireSuperuserAuth,
  requireSuperuserOrOwnerAuth,
} from './auth-middleware.js'
import { newAuthToken } from './record-tokens.js'

// The route guards PocketBase's apis/middlewares_test.go binds to custom routes, answered as the
// reference binary answers them (statuses and messages checked there).

let t: AuthTestApp
const tokens: Record<'user' | 'superuser', string> = { user: '', superuser: '' }
let userId = ''

before(async () => {
  t = await newAuthTestApp()
  const user = await createAuthRecord(t.app, 'users', { email: 'u@example.com', password: '1234567890' })
  const su = await createAuthRecord(t.app, '_superusers', { email: 's@example.com', password: '1234567890' })
  userId = user.id
  tokens.user = await newAuthToken(t.app, user)
  tokens.superuser = await newAuthToken(t.app, su)
  const ok = () => new Response('test123')
  t.app.router.get('/guest', requireGuestOnly(), ok)
  t.app.router.get('/auth', requireAuth(), ok)
  t.app.router.get('/auth-users', requireAuth('users', 'demo1'), ok)
  t.app.router.get('/superuser', requireSuperuserAuth(), ok)
  t.app.router.get('/owner/:id', requireSuperuserOrOwnerAuth(''), ok)
  t.app.router.get('/owner-test/:id', requireSuperuserOrOwnerAuth('test'), ok)
  t.app.router.get('/owner-custom/:test', requireSuperuserOrOwnerAuth('test'), ok)
  t.app.router.get('/same/:collection', requireSameCollectionContextAuth(''), ok)
  t.app.router.get('/same-custom/:c', requireSameCollectionContextAuth('c'), ok)
})

after(() => t.close())

const cases: Array<{
  name: string
  path: (id: string) => string
  as?: 'user' | 'superuser'
  status: number
  message?: string
}> = [
  { name: 'guest only: guest', path: () => '/guest', status: 200 },
  { name: 'guest only: user', path: () => '/guest', as: 'user', status: 400, message: 'The request can be accessed only by guests.' },
  { name: 'guest only: superuser', path: () => '/guest', as: 'superuser', status: 400 },
  { name: 'auth: guest', path: () => '/auth', status: 401, message: 'The request requires valid record authorization token.' },
  { name: 'auth: user', path: () => '/auth', as: 'user', status: 200 },
  { name: 'auth (users, demo1): superuser', path: () => '/auth-users', as: 'superuser', status: 403, message: 'The authorized record is not allowed to perform this action.' },
  { name: 'auth (users, demo1): user', path: () => '/auth-users', as: 'user', status: 200 },
  { name: 'superuser: user', path: () => '/superuser', as: 'user', status: 403 },
  { name: 'superuser: superuser', path: () => '/superuser', as: 'superuser', status: 200 },
  { name: 'owner: guest', path: (id) => `/owner/${id}`, status: 401, message: 'The request requires superuser or record authorization token.' },
  { name: 'owner: owner', path: (id) => `/owner/${id}`, as: 'user', status: 200 },
  { name: 'owner: other user', path: () => '/owner/abc', as: 'user', status: 403, message: 'You are not allowed to perform this request.' },
  { name: 'owner: superuser', path: () => '/owner/abc', as: 'superuser', status: 200 },
  { name: 'owner (param test): route has only :id', path: (id) => `/owner-test/${id}`, as: 'user', status: 403 },
  { name: 'owner (param test): owner', path: (id) => `/owner-custom/${id}`, as: 'user', status: 200 },
  { name: 'same collection: guest', path: () => '/same/users', status: 401 },
  { name: 'same collection: user of users', path: () => '/same/users', as: 'user', status: 200 },
  { name: 'same collection: by id', path: () => '/same/_pb_users_auth_', as: 'user', status: 200 },
  { name: 'same collection: other collection', path: () => '/same/clients', as: 'user', status: 403, message: 'The request requires auth record from users collection.' },
  { name: 'same collection: superuser gets no exception', path: () => '/same/users', as: 'superuser', status: 403, message: 'The request requires auth record from _superusers collection.' },
  { name: 'same collection (param c): user of users', path: () => '/same-custom/users', as: 'user', status: 200 },
]

for (const c of cases) {
  test(`route guard: ${c.name}`, async () => {
    const headers: Record<string, string> = c.as ? { Authorization: tokens[c.as] } : {}
    const res = await t.app.request(c.path(userId), { headers })
    assert.equal(res.status, c.status)
    if (c.status === 200) {
      assert.equal(await res.text(), 'test123')
      return
    }
    const body = (await res.json()) as { data: unknown; message: string }
    assert.deepEqual(body.data, {})
    if (c.message) {
      assert.equal(body.message, c.message)
    }
  })
}
