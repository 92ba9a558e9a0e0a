/**
 * @module Generic OpenID Connect (PocketBase `tools/auth/oidc.go`, registered as `oidc`, `oidc2` and
 * `oidc3`). The user comes from `userInfoURL` or, when that is empty, from the id_token, whose claims
 * are checked (time, audience = client id, `extra.issuers`) and whose signature is verified against
 * `extra.jwksURL` when set.
 */
import { OIDC_LOGO } from './provider-logos.js'
import { decodeJwt, validateIdTokenClaims, verifyJwksSignature } from './id-token.js'
import { claimBool, OAuth2Provider, str, userFromToken, type OAuth2User } from './oauth2-provider.js'
import type { OAuth2Token } from './oauth2-token.js'

/** Compares two strings without an early exit on the first difference. */
function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a)
  const y = new TextEncoder().encode(b)
  let diff = x.length ^ y.length
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  }
  return diff === 0
}

export class OIDCProvider extends OAuth2Provider {
  constructor() {
    super()
    this.order = 99
    this.logo = OIDC_LOGO
    this.displayName = 'OIDC'
    this.pkce = true
    this.scopes = ['openid', 'email', 'profile']
  }

  override async fetchRawUserInfo(token: OAuth2Token): Promise<string> {
    if (this.userInfoURL !== '') {
      return super.fetchRawUserInfo(token)
    }
    return JSON.stringify(await this.parseIdToken(token))
  }

  override async fetchAuthUser(token: OAuth2Token): Promise<OAuth2User> {
    const raw = await this.fetchUserInfoObject(token)
    return userFromToken(token, raw, {
      id: str(raw, 'sub'),
      name: str(raw, 'name'),
      username: str(raw, 'preferred_username'),
      avatarURL: str(raw, 'picture'),
      email: claimBool(raw.email_verified) ? str(raw, 'email') : '',
    })
  }

  private async parseIdToken(token: OAuth2Token): Promise<Record<string, unknown>> {
    const idToken = typeof token.raw.id_token === 'string' ? token.raw.id_token : ''
    if (idToken === '') {
      throw new Error('empty id_token')
    }
    const { claims } = decodeJwt(idToken)
    validateIdTokenClaims(claims, { now: this.now(), audience: this.clientId })
    const extra = this.extra
    const issuers = Array.isArray(extra.issuers) ? extra.issuers.map(String) : typeof extra.issuers === 'string' ? [extra.issuers] : []
    if (issuers.length > 0) {
      const iss = typeof claims.iss === 'string' ? claims.iss : ''
      if (!issuers.some((issuer) => constantTimeEqual(iss, issuer))) {
        throw new Error(`iss must be one of ${JSON.stringify(issuers)}, got ${JSON.stringify(claims.iss)}`)
      }
    }
    const jwksURL = typeof extra.jwksURL === 'string' ? extra.jwksURL : ''
    if (jwksURL !== '') {
      await verifyJwksSignature(idToken, jwksURL, { fetch: this.fetch, signal: this.signal })
    }
    return claims
  }
}
