/**
 * @module Google (PocketBase `tools/auth/google.go`).
 */
import { GOOGLE_LOGO } from './provider-logos.js'
import { OAuth2Provider, str, userFromToken, type OAuth2User } from './oauth2-provider.js'
import type { OAuth2Token } from './oauth2-token.js'

export class GoogleProvider extends OAuth2Provider {
  constructor() {
    super()
    this.order = 2
    this.logo = GOOGLE_LOGO
    this.displayName = 'Google'
    this.pkce = true
    this.scopes = ['https://www.googleapis.com/auth/userinfo.profile', 'https://www.googleapis.com/auth/userinfo.email']
    this.authURL = 'https://accounts.google.com/o/oauth2/v2/auth'
    this.tokenURL = 'https://oauth2.googleapis.com/token'
    this.userInfoURL = 'https://www.googleapis.com/oauth2/v3/userinfo'
  }

  override async fetchAuthUser(token: OAuth2Token): Promise<OAuth2User> {
    const raw = await this.fetchUserInfoObject(token)
    return userFromToken(token, raw, {
      id: str(raw, 'sub'),
      name: str(raw, 'name'),
      avatarURL: str(raw, 'picture'),
      email: raw.email_verified === true ? str(raw, 'email') : '',
    })
  }
}
