// OAuth2 through the official SDK against a real Node server and a real local OAuth2/OIDC provider:
// auth-methods URLs, the code exchange with PKCE, user info or verified id_tokens, record creation and
// linking, and the failure answers.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { EventSource } from 'eventsource'
import PocketBase from 'pocketbase'
import { refRows, seedAuthRecord, startHarness, updateAuthOptions, type Harness } from './server-harness.test-util.js'
import { startOAuth2Provider, type LocalOAuth2Provider } from './oauth2-provider.test-util.js'

const REDIRECT = 'http://127.0.0.1:1/callback'

describe('OAuth2 with a local provider (SDK)', () => {
  let h: Harness
  let op: LocalOAuth2Provider
  let pb: PocketBase

  const configure = async (providers: Record<string, unknown>[]) => {
    const oauth2 = h.app.findCachedCollection('users')!.oauth2 as Record<string, unknown>
    await updateAuthOptions(h.app, 'users', {
      oauth2: { ...oauth2, enabled: true, providers, mappedFields: { id: '', name: 'name', username: '', avatarURL: 'avatar' } },
    })
  }

  const oidc = (extra: Record<string, unknown> = {}) => ({
    name: 'oidc',
    clientId: op.clientId,
    clientSecret: op.clientSecret,
    authURL: `${op.url}/authorize`,
    tokenURL: `${op.url}/token`,
    userInfoURL: `${op.url}/userinfo`,
    displayName: 'Local OIDC',
    pkce: null,
    extra: null,
    ...extra,
  })

  /**
   * The SDK's manual flow: auth methods → browser redirect → authWithOAuth2Code. A fresh (guest) client
   * unless one is given: the SDK keeps the login, and a logged-in client links instead of signing in.
   */
  const login = async (providerName: string, createData?: Record<string, unknown>, client = new PocketBase(h.url)) => {
    const methods = await client.collection('users').listAuthMethods()
    const provider = methods.oauth2.providers.find((p) => p.name === providerName)
    assert.ok(provider, `provider ${providerName} not listed`)
    const { code, state } = await op.authorize(provider.authURL, REDIRECT)
    assert.equal(state, provider.state)
    return client.collection('users').authWithOAuth2Code(providerName, code, provider.codeVerifier, REDIRECT, createData)
  }

  before(async () => {
    op = await startOAuth2Provider()
    h = await startHarness()
    pb = new PocketBase(h.url)
  })
  after(async () => {
    await h?.close()
    await op?.close()
  })

  test('auth-methods lists the provider with a PKCE authorization URL', async () => {
    await configure([oidc()])
    const methods = await pb.collection('users').listAuthMethods()
    assert.equal(methods.oauth2.enabled, true)
    const [p] = methods.oauth2.providers
    assert.equal(p!.name, 'oidc')
    assert.equal(p!.displayName, 'Local OIDC')
    assert.equal(p!.codeChallengeMethod, 'S256')
    assert.equal(p!.codeVerifier.length, 43)
    assert.equal(p!.state.length, 30)
    const url = new URL(p!.authURL)
    assert.equal(url.origin + url.pathname, `${op.url}/authorize`)
    assert.equal(url.searchParams.get('scope'), 'openid email profile')
    assert.equal(url.searchParams.get('code_challenge'), p!.codeChallenge)
    assert.ok(p!.authURL.endsWith('&redirect_uri='))
  })

  test('first login creates a verified record from the provider user; the next one reuses it', async () => {
    op.user = { sub: 'oidc-100', name: 'Olga', email: 'olga@example.com', email_verified: true, picture: `${op.url}/avatar.png` }
    const first = await login('oidc', { emailVisibility: true })
    assert.equal(first.meta?.isNew, true)
    assert.equal(first.meta?.id, 'oidc-100')
    assert.equal(first.meta?.email, 'olga@example.com')
    assert.equal(first.meta?.avatarURL, `${op.url}/avatar.png`)
    assert.ok(String(first.meta?.accessToken).length > 0)
    assert.equal(first.record.email, 'olga@example.com')
    assert.equal(first.record.name, 'Olga')
    assert.equal(first.record.verified, true)
    assert.equal(first.record.emailVisibility, true)
    // the avatar URL points at a loopback address: the download is refused (SSRF guard), the login isn't
    assert.equal(first.record.avatar, '')
    assert.deepEqual(op.clientAuthSeen.slice(-1), ['basic'])

    const links = await refRows(h.app, '_externalAuths', first.record.id)
    assert.deepEqual(links.map((l) => [l.getString('provider'), l.getString('providerId')]), [['oidc', 'oidc-100']])

    const second = await login('oidc')
    assert.equal(second.meta?.isNew, false)
    assert.equal(second.record.id, first.record.id)
  })

  test('an existing unverified account with the same email is taken over safely', async () => {
    const victim = await seedAuthRecord(h.app, 'users', { email: 'vic@example.com', password: 'attacker-set-1' })
    op.user = { sub: 'oidc-200', name: 'Vic', email: 'vic@example.com', email_verified: true }
    const res = await login('oidc')
    assert.equal(res.meta?.isNew, false)
    assert.equal(res.record.id, victim.id)
    assert.equal(res.record.verified, true)
    // the pre-registered password no longer works
    await assert.rejects(pb.collection('users').authWithPassword('vic@example.com', 'attacker-set-1'), (e: { status: number }) => e.status === 400)
  })

  test('id_token flow: claims from a JWKS-verified id_token; bad signature or audience fail', async () => {
    await configure([oidc({ userInfoURL: '', extra: { jwksURL: `${op.url}/jwks`, issuers: [op.url] } })])
    op.user = { sub: 'oidc-300', name: 'Ida', email: 'ida@example.com', email_verified: true }
    const ok = await login('oidc')
    assert.equal(ok.meta?.id, 'oidc-300')
    assert.equal(ok.record.email, 'ida@example.com')
    assert.equal((ok.meta?.rawUser as Record<string, unknown>).iss, op.url)

    op.corruptNextSignature = true
    await assert.rejects(login('oidc'), (e: { status: number; response: { message: string } }) => {
      assert.equal(e.status, 400)
      assert.equal(e.response.message, 'Failed to fetch OAuth2 user.')
      return true
    })
    op.idTokenOverrides = { aud: 'someone-else' }
    await assert.rejects(login('oidc'), (e: { status: number }) => e.status === 400)
    op.idTokenOverrides = { iss: 'https://evil.example' }
    await assert.rejects(login('oidc'), (e: { status: number }) => e.status === 400)
    op.idTokenOverrides = {}
  })

  test('bad codes and PKCE verifiers are refused by the provider: 400 Failed to fetch OAuth2 token', async () => {
    await configure([oidc()])
    const methods = await pb.collection('users').listAuthMethods()
    const p = methods.oauth2.providers[0]!
    const { code } = await op.authorize(p.authURL, REDIRECT)
    await assert.rejects(
      pb.collection('users').authWithOAuth2Code('oidc', code, 'x'.repeat(43), REDIRECT),
      (e: { status: number; response: { message: string } }) => e.status === 400 && e.response.message === 'Failed to fetch OAuth2 token.',
    )
    await assert.rejects(pb.collection('users').authWithOAuth2Code('oidc', 'no-such-code', p.codeVerifier, REDIRECT), (e: { status: number }) => e.status === 400)
    await assert.rejects(pb.collection('users').authWithOAuth2Code('missing', 'c', 'v', REDIRECT), (e: { status: number; response: { data: Record<string, { code: string }> } }) => {
      assert.equal(e.response.data.provider?.code, 'validation_invalid_provider')
      return e.status === 400
    })
  })

  test('GitHub mapping: numeric id, login as username, verified primary email from /user/emails', async () => {
    await configure([
      {
        name: 'github',
        clientId: op.clientId,
        clientSecret: op.clientSecret,
        authURL: `${op.url}/authorize`,
        tokenURL: `${op.url}/token`,
        userInfoURL: `${op.url}/github/user`,
      },
    ])
    op.user = { sub: 'gh', githubId: 987654321, preferred_username: 'octo', name: 'Octo Cat', email: 'octo@example.com', email_verified: true }
    const res = await login('github')
    assert.equal(res.meta?.id, '987654321')
    assert.equal(res.meta?.username, 'octo')
    assert.equal(res.record.email, 'octo@example.com')
    assert.equal(res.record.name, 'Octo Cat')
  })

  test('logged-in users link a new provider to their own record', async () => {
    await configure([oidc()])
    const me = new PocketBase(h.url)
    await seedAuthRecord(h.app, 'users', { email: 'me@example.com', password: 'my-pass-1234', verified: true })
    await me.collection('users').authWithPassword('me@example.com', 'my-pass-1234')
    op.user = { sub: 'oidc-400', name: 'Other Name', email: 'different@example.com', email_verified: true }
    const res = await login('oidc', undefined, me)
    assert.equal(res.record.email, 'me@example.com')
    assert.equal(res.meta?.isNew, false)
  })

  test("the SDK's all-in-one realtime flow: the redirect endpoint hands the code to the SSE client", async () => {
    await configure([oidc()])
    const g = globalThis as { EventSource?: unknown }
    const previous = g.EventSource
    g.EventSource = EventSource
    const client = new PocketBase(h.url)
    try {
      op.user = { sub: 'oidc-500', name: 'Rita', email: 'rita@example.com', email_verified: true }
      const redirects: number[] = []
      const res = await client.collection('users').authWithOAuth2({
        provider: 'oidc',
        // the "browser": follow the provider's redirect to /api/oauth2-redirect, as a popup would
        urlCallback: async (url) => {
          const atProvider = await fetch(url, { redirect: 'manual' })
          const back = atProvider.headers.get('location')!
          assert.ok(back.startsWith(`${h.url}/api/oauth2-redirect?`), back)
          const atRedirect = await fetch(back, { redirect: 'manual' })
          redirects.push(atRedirect.status)
          assert.equal(atRedirect.headers.get('location'), '../_/#/auth/oauth2-redirect-success')
        },
      })
      assert.deepEqual(redirects, [307])
      assert.equal(res.record.email, 'rita@example.com')
      assert.equal(res.meta?.isNew, true)
      assert.equal(client.authStore.record?.id, res.record.id)
    } finally {
      client.realtime.unsubscribe().catch(() => {})
      g.EventSource = previous
    }
  })
})
