/**
 * @module The OAuth2 authorization-code exchange on `fetch` (what Go's `golang.org/x/oauth2` does for
 * PocketBase): the auth URL, the token request with client credentials in the Basic header first and in
 * the body as the fallback, and the token response in JSON or form encoding.
 */

/** A token response. */
export interface OAuth2Token {
  accessToken: string
  tokenType: string
  refreshToken: string
  /** When the access token expires, or null when the server said nothing. */
  expiry: Date | null
  /** Every field of the response (`id_token` among them). */
  raw: Record<string, unknown>
}

/** Raised when the token endpoint refuses the code or answers garbage. */
export class OAuth2TokenError extends Error {
  constructor(
    message: string,
    readonly status = 0,
    readonly body = '',
  ) {
    super(message)
    this.name = 'OAuth2TokenError'
  }
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/

/** Go's `url.QueryEscape`: everything but `[A-Za-z0-9-_.~]` percent-encoded, space as `+`. */
export function goQueryEscape(text: string): string {
  let out = ''
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte)
    if (UNRESERVED.test(ch)) {
      out += ch
    } else if (ch === ' ') {
      out += '+'
    } else {
      out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
    }
  }
  return out
}

/** Go's `url.Values.Encode`: keys sorted, `k=v` pairs joined with `&`. */
export function encodeQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${goQueryEscape(k)}=${goQueryEscape(params[k]!)}`)
    .join('&')
}

/** The endpoint and client of one exchange. */
export interface OAuth2Client {
  clientId: string
  clientSecret: string
  authURL: string
  tokenURL: string
  redirectURL: string
  scopes: readonly string[]
}

/** The authorization URL for `state` with extra parameters (PKCE challenge, response mode…). */
export function buildAuthCodeURL(client: OAuth2Client, state: string, extra: Record<string, string> = {}): string {
  const params: Record<string, string> = { response_type: 'code', client_id: client.clientId }
  if (client.redirectURL !== '') {
    params.redirect_uri = client.redirectURL
  }
  if (client.scopes.length > 0) {
    params.scope = client.scopes.join(' ')
  }
  if (state !== '') {
    params.state = state
  }
  Object.assign(params, extra)
  return client.authURL + (client.authURL.includes('?') ? '&' : '?') + encodeQuery(params)
}

function parseTokenBody(text: string, contentType: string, now: Date): OAuth2Token {
  let raw: Record<string, unknown>
  const mime = contentType.split(';')[0]!.trim().toLowerCase()
  if (mime === 'application/x-www-form-urlencoded' || mime === 'text/plain') {
    raw = Object.fromEntries(new URLSearchParams(text))
  } else {
    try {
      const parsed: unknown = JSON.parse(text)
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('not an object')
      }
      raw = parsed as Record<string, unknown>
    } catch {
      throw new OAuth2TokenError('oauth2: cannot parse json')
    }
  }
  if (typeof raw.error === 'string' && raw.error !== '') {
    throw new OAuth2TokenError(`oauth2: "${raw.error}" "${String(raw.error_description ?? '')}"`, 200, text)
  }
  const accessToken = typeof raw.access_token === 'string' ? raw.access_token : ''
  if (accessToken === '') {
    throw new OAuth2TokenError('oauth2: server response missing access_token')
  }
  const expiresIn = Number(raw.expires_in ?? 0)
  return {
    accessToken,
    tokenType: typeof raw.token_type === 'string' ? raw.token_type : '',
    refreshToken: typeof raw.refresh_token === 'string' ? raw.refresh_token : '',
    expiry: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(now.getTime() + expiresIn * 1000) : null,
    raw,
  }
}

async function tokenRequest(
  fetchFn: typeof fetch,
  client: OAuth2Client,
  body: Record<string, string>,
  inHeader: boolean,
  signal: AbortSignal | undefined,
  now: Date,
): Promise<OAuth2Token> {
  const params = { ...body }
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  if (inHeader) {
    headers.authorization = 'Basic ' + btoa(`${goQueryEscape(client.clientId)}:${goQueryEscape(client.clientSecret)}`)
  } else {
    params.client_id = client.clientId
    if (client.clientSecret !== '') {
      params.client_secret = client.clientSecret
    }
  }
  const res = await fetchFn(client.tokenURL, { method: 'POST', headers, body: encodeQuery(params), signal })
  const text = await res.text()
  if (res.status < 200 || res.status > 299) {
    throw new OAuth2TokenError(`oauth2: cannot fetch token: ${res.status}`, res.status, text)
  }
  return parseTokenBody(text, res.headers.get('content-type') ?? '', now)
}

/**
 * Exchanges an authorization code for a token. Like Go's auto-detection, the client credentials go in
 * the Basic header first, then (when the server refuses that) in the form body.
 */
export async function exchangeCode(
  client: OAuth2Client,
  code: string,
  extra: Record<string, string> = {},
  options: { fetch?: typeof fetch; signal?: AbortSignal; now?: Date } = {},
): Promise<OAuth2Token> {
  const fetchFn = options.fetch ?? fetch
  const now = options.now ?? new Date()
  const body: Record<string, string> = { grant_type: 'authorization_code', code }
  if (client.redirectURL !== '') {
    body.redirect_uri = client.redirectURL
  }
  Object.assign(body, extra)
  try {
    return await tokenRequest(fetchFn, client, body, true, options.signal, now)
  } catch (err) {
    if (!(err instanceof OAuth2TokenError) || err.status === 0 || err.status >= 500) {
      throw err
    }
    return tokenRequest(fetchFn, client, body, false, options.signal, now)
  }
}
