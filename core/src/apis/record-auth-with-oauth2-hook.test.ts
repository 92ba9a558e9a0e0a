import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { findExternalAuth } from '../auth/external-auths.js'
import { badRequest } from '../http/api-error.js'
import { findAuthRecordByEmail } from '../records/record-query.js'
import { call, createAuthRecord, newAuthTestApp, patchCollection, type AuthTestApp } from './record-auth.test-util.js'

const IDP = 'https://idp.test'

/** A fake OIDC identity provider behind `fetch`: every code yields the user `profile`. */
function fakeIdp(profile: Record<string, unknown>): typeof fetch {
  return async (input) => {
    const url = String(input instanceof Request ? input.url : input)
    if (url === `${IDP}/token`) {
      return Response.json({ access_token: 'at', token_type: 'Bearer', expires_in: 3600 })
    }
    if (url === `${IDP}/userinfo`) {
      return Response.json(profile)
    }
    return new Response('not found', { status: 404 })
  }
}

describe('auth-with-oauth2 request hook', () => {
  let t: AuthTestApp
  const realFetch = globalThis.fetch
  const login = (body: Record<string, unknown> = {}) =>
    call(t.app, 'POST', '/api/collections/users/auth-with-oauth2', {
      provider: 'oidc',
      code: 'code-1',
      codeVerifier: 'verifier',
      redirectURL: 'https://app.test/cb',
      ...body,
    })

  beforeEach(async () => {
    t = await newAuthTestApp()
    const users = t.app.findCachedCollection('users')!
    await patchCollection(t.app, 'users', {
      oauth2: {
        ...(users.oauth2 as object),
        enabled: true,
        providers: [
          {
            name: 'oidc',
            clientId: 'client',
            clientSecret: 'secret',
            authURL: `${IDP}/auth`,
            tokenURL: `${IDP}/token`,
            userInfoURL: `${IDP}/userinfo`,
          },
        ],
      },
    })
    globalThis.fetch = fakeIdp({ sub: 'idp-42', email: 'ann@example.com', email_verified: true, name: 'Ann' })
  })
  afterEach(async () => {
    globalThis.fetch = realFetch
    await t.close()
  })

  test('sign-up: fires for the collection with no record and the provider user', async () => {
    const seen: string[] = []
    t.app.onRecordAuthWithOAuth2Request('users').bindFunc(async (e) => {
      seen.push(`${e.providerName} ${e.oauth2User.id} ${e.record === undefined} ${e.isNewRecord}`)
      await e.next()
      seen.push(`after: ${e.record?.getString('email')}`)
    })
    t.app.onRecordAuthWithOAuth2Request('_superusers').bindFunc(() => {
      seen.push('wrong tag')
    })
    const res = await login()
    assert.equal(res.status, 200, JSON.stringify(res.json))
    assert.equal(res.json.meta.isNew, true)
    assert.deepEqual(seen, ['oidc idp-42 true true', 'after: ann@example.com'])
  })

  test('existing account: the record found by email', async () => {
    const ann = await createAuthRecord(t.app, 'users', { email: 'ann@example.com', password: 'secret-123', verified: true })
    let found = ''
    t.app.onRecordAuthWithOAuth2Request().bindFunc(async (e) => {
      found = `${e.record?.id} ${e.isNewRecord}`
      await e.next()
    })
    const res = await login()
    assert.equal(res.status, 200)
    assert.equal(found, `${ann.id} false`)
    assert.equal(res.json.meta.isNew, false)
  })

  test('a handler can change the create data', async () => {
    t.app.onRecordAuthWithOAuth2Request().bindFunc(async (e) => {
      e.createData = { name: 'from hook' }
      await e.next()
    })
    const res = await login({ createData: { name: 'from client' } })
    assert.equal(res.status, 200)
    assert.equal(res.json.record.name, 'from hook')
  })

  test('failing handler, or a rolled back handler transaction: no record and no link', async () => {
    const id = t.app.onRecordAuthWithOAuth2Request().bindFunc(() => {
      throw badRequest('no oauth2')
    })
    assert.equal((await login()).json.message, 'No oauth2.')
    t.app.onRecordAuthWithOAuth2Request().unbind(id)

    t.app.onRecordAuthWithOAuth2Request().bindFunc(async (e) => {
      const original = e.app
      await e.app.runInTransaction(async (txApp) => {
        e.app = txApp
        try {
          await e.next()
        } finally {
          e.app = original
        }
        throw badRequest('TX_ERROR')
      })
    })
    const res = await login()
    assert.equal(res.status, 400)
    assert.equal(res.json.message, 'TX_ERROR.')
    const users = t.app.findCachedCollection('users')!
    assert.equal(await findAuthRecordByEmail(t.app, users, 'ann@example.com'), undefined)
    assert.equal(await findExternalAuth(t.app, users.id, 'oidc', 'idp-42'), undefined)
  })
})
