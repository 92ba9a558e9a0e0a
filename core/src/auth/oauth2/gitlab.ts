/**
 * @module GitLab (PocketBase `tools/auth/gitlab.go`): the email counts as verified once `confirmed_at`
 * is set.
 */
import { GITLAB_LOGO } from './provider-logos.js'
import { OAuth2Provider, str, userFromToken, type OAuth2User } from './oauth2-provider.js'
import type { OAuth2Token } from './oauth2-token.js'

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

export class GitlabProvider extends OAuth2Provider {
  constructor() {
    super()
    this.order = 8
    this.logo = GITLAB_LOGO
    this.displayName = 'GitLab'
    this.pkce = true
    this.scopes = ['read_user']
    this.authURL = 'https://gitlab.com/oauth/authorize'
    this.tokenURL = 'https://gitlab.com/oauth/token'
    this.userInfoURL = 'https://gitlab.com/api/v4/user'
  }

  override async fetchAuthUser(token: OAuth2Token): Promise<OAuth2User> {
    const raw = await this.fetchUserInfoObject(token)
    const confirmedAt = str(raw, 'confirmed_at')
    const confirmed = RFC3339.test(confirmedAt) && !Number.isNaN(Date.parse(confirmedAt))
    return userFromToken(token, raw, {
      id: typeof raw.id === 'number' ? String(Math.trunc(raw.id)) : '0',
      name: str(raw, 'name'),
      username: str(raw, 'username'),
      avatarURL: str(raw, 'avatar_url'),
      email: confirmed ? str(raw, 'email') : '',
    })
  }
}
