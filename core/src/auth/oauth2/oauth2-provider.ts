/**
 * @module The OAuth2 provider base (PocketBase `tools/auth/base_provider.go`): endpoints, client
 * credentials, scopes and PKCE, the code exchange and the user info request. Each provider maps its
 * user info to an {@link OAuth2User}.
 */
import { buildAuthCodeURL, exchangeCode, type OAuth2Client, type OAuth2Token } from './oauth2-token.js'

/** The user an OAuth2 login resolved to (PocketBase's `auth.AuthUser`). */
export interface OAuth2User {
  id: string
  name: string
  username: string
  /** Only set when the provider says the address is verified. */
  email: string
  avatarURL: string
  accessToken: string
  refreshToken: string
  expiry: Date | null
  rawUser: Record<string, unknown>
}

/** A provider entry of an auth collection's `oauth2.providers` (overrides of the defaults). */
export interface OAuth2ProviderConfig {
  name: string
  clientId?: string
  clientSecret?: string
  authURL?: string
  tokenURL?: string
  userInfoURL?: string
  displayName?: string
  pkce?: boolean | null
  extra?: Record<string, unknown> | null
}

/** A provider: its defaults, overridable per collection, and how it reads the user. */
export abstract class OAuth2Provider implements OAuth2Client {
  displayName = ''
  logo = ''
  /** Sort key of the admin UI's provider list. */
  order = 0
  pkce = false
  scopes: string[] = []
  clientId = ''
  clientSecret = ''
  authURL = ''
  tokenURL = ''
  userInfoURL = ''
  redirectURL = ''
  #extra: Record<string, unknown> = {}

  /** How HTTP requests go out (tests and platforms may swap it). */
  fetch: typeof fetch = (input, init) => fetch(input, init)
  /** Aborts the exchange (PocketBase gives it 30 s). */
  signal: AbortSignal | undefined
  /** The clock (id_token checks, token expiry). */
  now: () => Date = () => new Date()

  /** Provider-specific settings (`issuers`, `jwksURL`, `idTokenEmailClaim`…). */
  get extra(): Record<string, unknown> {
    return { ...this.#extra }
  }

  setExtra(extra: Record<string, unknown>): void {
    this.#extra = { ...extra }
  }

  /** The authorization URL for `state` with extra query parameters. */
  buildAuthURL(state: string, params: Record<string, string> = {}): string {
    return buildAuthCodeURL(this, state, params)
  }

  /** Exchanges the authorization code for a token. */
  fetchToken(code: string, params: Record<string, string> = {}): Promise<OAuth2Token> {
    return exchangeCode(this, code, params, { fetch: this.fetch, signal: this.signal, now: this.now() })
  }

  /** GETs `url` with the token as Bearer credentials; returns the response. */
  protected authorizedGet(url: string, token: OAuth2Token): Promise<Response> {
    return this.fetch(url, {
      headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' },
      signal: this.signal,
    })
  }

  /** The raw user info JSON text from `userInfoURL`. */
  async fetchRawUserInfo(token: OAuth2Token): Promise<string> {
    const res = await this.authorizedGet(this.userInfoURL, token)
    const text = await res.text()
    if (res.status >= 400) {
      throw new Error(`failed to fetch OAuth2 user profile via ${this.userInfoURL} (${res.status}):\n${text}`)
    }
    return text
  }

  /** The user info parsed as a JSON object. */
  protected async fetchUserInfoObject(token: OAuth2Token): Promise<Record<string, unknown>> {
    const parsed: unknown = JSON.parse(await this.fetchRawUserInfo(token))
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error('invalid OAuth2 user info')
    }
    return parsed as Record<string, unknown>
  }

  /** Reads the user behind a token (user info endpoint or id_token, per provider). */
  abstract fetchAuthUser(token: OAuth2Token): Promise<OAuth2User>
}

/** A string property of a JSON object ('' when absent or not a string). */
export function str(obj: Record<string, unknown>, key: string): string {
  const v = obj[key]
  return typeof v === 'string' ? v : ''
}

/** A user with the token parts filled in. */
export function userFromToken(token: OAuth2Token, rawUser: Record<string, unknown>, fields: Partial<OAuth2User>): OAuth2User {
  return {
    id: '',
    name: '',
    username: '',
    email: '',
    avatarURL: '',
    ...fields,
    accessToken: token.accessToken,
    refreshToken: token.refreshToken,
    expiry: token.expiry,
    rawUser,
  }
}

/** Go `cast.ToBool` for claims such as `email_verified` (bools, "true"/"1", numbers). */
export function claimBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'string') return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value.trim())
  return false
}
