/**
 * @module A small but real OAuth2 / OpenID Connect provider on 127.0.0.1 for tests: authorization
 * endpoint with PKCE, token endpoint with client authentication (Basic or body), user info, an
 * RS256-signed id_token and its JWKS, plus GitHub-style `/github/user` and `/github/user/emails`.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The user the provider logs in next. */
export interface ProviderUser {
  sub: string
  name?: string
  preferred_username?: string
  email?: string
  email_verified?: boolean
  picture?: string
  githubId?: number
}

interface PendingCode {
  clientId: string
  redirectUri: string
  challenge: string
  method: string
  user: ProviderUser
}

/** A running provider. */
export interface LocalOAuth2Provider {
  url: string
  clientId: string
  clientSecret: string
  /** Who logs in at the next `/authorize`. */
  user: ProviderUser
  /** Extra/overridden id_token claims for the next token (e.g. a wrong `aud`). */
  idTokenOverrides: Record<string, unknown>
  /** Corrupts the next id_token signature. */
  corruptNextSignature: boolean
  /** How each token request authenticated the client (`basic` or `body`). */
  clientAuthSeen: string[]
  /** Follows `authURL + redirectURL` like a browser and returns the code the redirect carries. */
  authorize(authURL: string, redirectURL: string): Promise<{ code: string; state: string }>
  close(): Promise<void>
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url')

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Starts the provider on 127.0.0.1:0. */
export async function startOAuth2Provider(): Promise<LocalOAuth2Provider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = 'test-key-1'
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }
  const codes = new Map<string, PendingCode>()
  const tokens = new Map<string, ProviderUser>()

  const provider = {
    url: '',
    clientId: 'isobase-client',
    clientSecret: 's3cr3t/+:=',
    user: { sub: 'user-1' } as ProviderUser,
    idTokenOverrides: {} as Record<string, unknown>,
    corruptNextSignature: false,
    clientAuthSeen: [] as string[],
  }

  const idToken = (user: ProviderUser): string => {
    const now = Math.floor(Date.now() / 1000)
    const claims = {
      iss: provider.url,
      aud: provider.clientId,
      iat: now,
      exp: now + 300,
      sub: user.sub,
      name: user.name,
      preferred_username: user.preferred_username,
      email: user.email,
      email_verified: user.email_verified,
      picture: user.picture,
      ...provider.idTokenOverrides,
    }
    const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${b64url(JSON.stringify(claims))}`
    let sig = sign('RSA-SHA256', Buffer.from(input), privateKey)
    if (provider.corruptNextSignature) {
      sig = Buffer.from(sig.map((b, i) => (i === 10 ? b ^ 0xff : b)))
      provider.corruptNextSignature = false
    }
    return `${input}.${b64url(sig)}`
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      if (req.method === 'GET' && url.pathname === '/authorize') {
        const q = url.searchParams
        if (q.get('client_id') !== provider.clientId || q.get('response_type') !== 'code') {
          return json(res, 400, { error: 'invalid_request' })
        }
        const code = randomBytes(12).toString('hex')
        codes.set(code, {
          clientId: q.get('client_id')!,
          redirectUri: q.get('redirect_uri') ?? '',
          challenge: q.get('code_challenge') ?? '',
          method: q.get('code_challenge_method') ?? '',
          user: { ...provider.user },
        })
        const to = new URL(q.get('redirect_uri')!)
        to.searchParams.set('code', code)
        to.searchParams.set('state', q.get('state') ?? '')
        res.writeHead(302, { location: to.toString() })
        return res.end()
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        const body = new URLSearchParams(await readBody(req))
        let clientId = body.get('client_id') ?? ''
        let secret = body.get('client_secret') ?? ''
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')
        if (basic) {
          const [id, pass] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')
          clientId = decodeURIComponent((id ?? '').replace(/\+/g, ' '))
          secret = decodeURIComponent((pass ?? '').replace(/\+/g, ' '))
        }
        provider.clientAuthSeen.push(basic ? 'basic' : 'body')
        if (clientId !== provider.clientId || secret !== provider.clientSecret) {
          return json(res, 401, { error: 'invalid_client' })
        }
        const pending = codes.get(body.get('code') ?? '')
        codes.delete(body.get('code') ?? '')
        if (!pending || body.get('grant_type') !== 'authorization_code' || pending.redirectUri !== (body.get('redirect_uri') ?? '')) {
          return json(res, 400, { error: 'invalid_grant' })
        }
        if (pending.challenge !== '') {
          const expected = createHash('sha256').update(body.get('code_verifier') ?? '').digest('base64url')
          if (pending.method !== 'S256' || expected !== pending.challenge) {
            return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' })
          }
        }
        const accessToken = randomBytes(16).toString('hex')
        tokens.set(accessToken, pending.user)
        return json(res, 200, {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 3600,
          refresh_token: 'refresh-' + accessToken.slice(0, 8),
          id_token: idToken(pending.user),
        })
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
      const user = tokens.get(bearer)
      if (req.method === 'GET' && url.pathname === '/jwks') {
        return json(res, 200, { keys: [jwk] })
      }
      if (!user) {
        return json(res, 401, { error: 'invalid_token' })
      }
      if (url.pathname === '/userinfo') {
        return json(res, 200, {
          sub: user.sub,
          name: user.name,
          preferred_username: user.preferred_username,
          email: user.email,
          email_verified: user.email_verified,
          picture: user.picture,
        })
      }
      if (url.pathname === '/github/user') {
        return json(res, 200, { id: user.githubId, login: user.preferred_username, name: user.name, avatar_url: user.picture })
      }
      if (url.pathname === '/github/user/emails') {
        return json(res, 200, [
          { email: 'secondary@example.com', verified: true, primary: false },
          { email: user.email, verified: user.email_verified === true, primary: true },
        ])
      }
      return json(res, 404, { error: 'not_found' })
    })().catch(() => {
      res.writeHead(500)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return Object.assign(provider, {
    async authorize(authURL: string, redirectURL: string) {
      const res = await fetch(authURL + encodeURIComponent(redirectURL), { redirect: 'manual' })
      const location = res.headers.get('location')
      if (res.status !== 302 || !location) {
        throw new Error(`authorize answered ${res.status}`)
      }
      const to = new URL(location)
      return { code: to.searchParams.get('code') ?? '', state: to.searchParams.get('state') ?? '' }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}
