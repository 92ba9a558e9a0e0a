/**
 * @module GitHub (PocketBase `tools/auth/github.go`): the verified primary email comes from
 * `<userInfoURL>/emails`.
 */
import { GITHUB_LOGO } from './provider-logos.js'
import { OAuth2Provider, str, userFromToken, type OAuth2User } from './oauth2-provider.js'
import type { OAuth2Token } from './oauth2-token.js'

export class GithubProvider extends OAuth2Provider {
  constructor() {
    super()
    this.order = 7
    this.logo = GITHUB_LOGO
    this.displayName = 'GitHub'
    // note: GitHub ignores the PKCE parameters, so sending them is harmless (as PocketBase does)
    this.pkce = true
    this.scopes = ['read:user', 'user:email']
    this.authURL = 'https://github.com/login/oauth/authorize'
    this.tokenURL = 'https://github.com/login/oauth/access_token'
    this.userInfoURL = 'https://api.github.com/user'
  }

  override async fetchAuthUser(token: OAuth2Token): Promise<OAuth2User> {
    const raw = await this.fetchUserInfoObject(token)
    const id = typeof raw.id === 'number' ? String(Math.trunc(raw.id)) : '0'
    return userFromToken(token, raw, {
      id,
      name: str(raw, 'name'),
      username: str(raw, 'login'),
      avatarURL: str(raw, 'avatar_url'),
      email: await this.fetchVerifiedPrimaryEmail(token),
    })
  }

  private async fetchVerifiedPrimaryEmail(token: OAuth2Token): Promise<string> {
    const res = await this.authorizedGet(this.userInfoURL + '/emails', token)
    // a token without the user:email scope: no email, not an error
    if (res.status === 401 || res.status === 403 || res.status === 404) {
      return ''
    }
    const emails = JSON.parse(await res.text()) as unknown
    if (!Array.isArray(emails)) {
      throw new Error('invalid GitHub emails response')
    }
    for (const e of emails as Record<string, unknown>[]) {
      if (e && e.verified === true && e.primary === true && typeof e.email === 'string') {
        return e.email
      }
    }
    return ''
  }
}
