/**
 * @module Discord (PocketBase `tools/auth/discord.go`).
 */
import { DISCORD_LOGO } from './provider-logos.js'
import { OAuth2Provider, str, userFromToken, type OAuth2User } from './oauth2-provider.js'
import type { OAuth2Token } from './oauth2-token.js'

export class DiscordProvider extends OAuth2Provider {
  constructor() {
    super()
    this.order = 12
    this.logo = DISCORD_LOGO
    this.displayName = 'Discord'
    this.pkce = true
    this.scopes = ['identify', 'email']
    this.authURL = 'https://discord.com/api/oauth2/authorize'
    this.tokenURL = 'https://discord.com/api/oauth2/token'
    this.userInfoURL = 'https://discord.com/api/users/@me'
  }

  override async fetchAuthUser(token: OAuth2Token): Promise<OAuth2User> {
    const raw = await this.fetchUserInfoObject(token)
    const id = str(raw, 'id')
    const avatar = str(raw, 'avatar')
    let name = str(raw, 'global_name')
    if (name === '') {
      name = str(raw, 'username')
      const discriminator = str(raw, 'discriminator')
      if (discriminator !== '' && discriminator !== '0') {
        name += '#' + discriminator
      }
    }
    return userFromToken(token, raw, {
      id,
      name,
      username: str(raw, 'username'),
      avatarURL: avatar !== '' ? `https://cdn.discordapp.com/avatars/${id}/${avatar}.png` : '',
      email: raw.verified === true ? str(raw, 'email') : '',
    })
  }
}
