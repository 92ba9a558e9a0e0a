/**
 * @module Microsoft Entra ID / personal accounts (PocketBase `tools/auth/microsoft.go`). The email is
 * `mail` from Graph, or (with `extra.idTokenEmailClaim`) a claim of the id_token.
 */
import { MICROSOFT_LOGO } from './provider-logos.js'
import { decodeJwt, validateIdTokenClaims } from './id-token.js'
import { claimBool, OAuth2Provider, str, userFromToken, type OAuth2User } from './oauth2-provider.js'
import type { OAuth2Token } from './oauth2-token.js'

export class MicrosoftProvider extends OAuth2Provider {
  constructor() {
    super()
    this.order = 3
    this.logo = MICROSOFT_LOGO
    this.displayName = 'Microsoft'
    this.pkce = true
    this.scopes = ['User.Read']
    this.authURL = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize'
    this.tokenURL = 'https://login.microsoftonline.com/common/oauth2/v2.0/token'
    this.userInfoURL = 'https://graph.microsoft.com/v1.0/me'
  }

  override setExtra(extra: Record<string, unknown>): void {
    super.setExtra(extra)
    if (typeof extra.idTokenEmailClaim === 'string' && extra.idTokenEmailClaim !== '' && !this.scopes.includes('openid')) {
      this.scopes = [...this.scopes, 'openid']
    }
  }

  override async fetchAuthUser(token: OAuth2Token): Promise<OAuth2User> {
    const raw = await this.fetchUserInfoObject(token)
    let email: string
    switch (this.extra.idTokenEmailClaim) {
      case 'any_verified':
        email = this.idTokenClaim(token, 'verified_primary_email') || this.xmsEdovEmail(token)
        break
      case 'verified_primary_email':
        email = this.idTokenClaim(token, 'verified_primary_email')
        break
      case 'email_and_xms_edov':
        email = this.xmsEdovEmail(token)
        break
      case 'email':
        email = this.idTokenClaim(token, 'email')
        break
      default:
        email = str(raw, 'mail')
    }
    return userFromToken(token, raw, { id: str(raw, 'id'), name: str(raw, 'displayName'), email })
  }

  /** Claims of the id_token received straight from the token endpoint (so trusted without a signature check). */
  private idTokenClaims(token: OAuth2Token): Record<string, unknown> {
    try {
      const idToken = typeof token.raw.id_token === 'string' ? token.raw.id_token : ''
      const { claims } = decodeJwt(idToken)
      validateIdTokenClaims(claims, { now: this.now() })
      return claims
    } catch {
      return {}
    }
  }

  private idTokenClaim(token: OAuth2Token, name: string): string {
    return str(this.idTokenClaims(token), name)
  }

  private xmsEdovEmail(token: OAuth2Token): string {
    const claims = this.idTokenClaims(token)
    return claimBool(claims.xms_edov) ? str(claims, 'email') : ''
  }
}
