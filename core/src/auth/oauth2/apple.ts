/**
 * @module Sign in with Apple (PocketBase `tools/auth/apple.go`): the user is the verified id_token
 * (issuer Apple, audience = client id, signature from Apple's JWKS). Apple sends the user's name only
 * to the redirect, which forwards it (see `record-auth-with-oauth2-redirect.ts`).
 */
import { APPLE_LOGO } from './provider-logos.js'
import { decodeJwt, validateIdTokenClaims, verifyJwksSignature } from './id-token.js'
import { claimBool, OAuth2Provider, str, userFromToken, type OAuth2User } from './oauth2-provider.js'
import type { OAuth2Token } from './oauth2-token.js'

export class AppleProvider extends OAuth2Provider {
  jwksURL = 'https://appleid.apple.com/auth/keys'

  constructor() {
    super()
    this.order = 1
    this.logo = APPLE_LOGO
    this.displayName = 'Apple'
    this.pkce = true
    this.scopes = ['name', 'email']
    this.authURL = 'https://appleid.apple.com/auth/authorize'
    this.tokenURL = 'https://appleid.apple.com/auth/token'
  }

  override async fetchRawUserInfo(token: OAuth2Token): Promise<string> {
    const idToken = typeof token.raw.id_token === 'string' ? token.raw.id_token : ''
    if (idToken === '') {
      throw new Error('empty id_token')
    }
    const { claims } = decodeJwt(idToken)
    validateIdTokenClaims(claims, {
      now: this.now(),
      expirationRequired: true,
      issuer: 'https://appleid.apple.com',
      audience: this.clientId,
    })
    await verifyJwksSignature(idToken, this.jwksURL, { fetch: this.fetch, signal: this.signal })
    return JSON.stringify(claims)
  }

  override async fetchAuthUser(token: OAuth2Token): Promise<OAuth2User> {
    const raw = await this.fetchUserInfoObject(token)
    return userFromToken(token, raw, {
      id: str(raw, 'sub'),
      name: str(raw, 'name'),
      email: claimBool(raw.email_verified) ? str(raw, 'email') : '',
    })
  }
}
