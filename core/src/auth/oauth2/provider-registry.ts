/**
 * @module The OAuth2 providers by name and how a collection's provider config sets one up
 * (PocketBase's `auth.Providers` and `OAuth2ProviderConfig.InitProvider`).
 */
import { AppleProvider } from './apple.js'
import { DiscordProvider } from './discord.js'
import { GithubProvider } from './github.js'
import { GitlabProvider } from './gitlab.js'
import { GoogleProvider } from './google.js'
import { MicrosoftProvider } from './microsoft.js'
import type { OAuth2Provider, OAuth2ProviderConfig } from './oauth2-provider.js'
import { OIDCProvider } from './oidc.js'

/**
 * Every provider name PocketBase v0.39 knows (`_externalAuths.provider` accepts these, so a PocketBase
 * `pb_data` with links to any of them stays valid), implemented here or not.
 */
export const OAUTH2_PROVIDER_NAMES: readonly string[] = [
  'apple', 'bitbucket', 'box', 'discord', 'facebook', 'gitea', 'gitee', 'github', 'gitlab', 'google',
  'instagram2', 'kakao', 'lark', 'linear', 'livechat', 'mailcow', 'microsoft', 'monday', 'notion', 'oidc',
  'oidc2', 'oidc3', 'patreon', 'planningcenter', 'spotify', 'strava', 'trakt', 'twitch', 'twitter', 'vk',
  'wakatime', 'yandex',
]

/** The providers this build implements, by name. */
export const OAUTH2_PROVIDERS: ReadonlyMap<string, () => OAuth2Provider> = new Map<string, () => OAuth2Provider>([
  ['apple', () => new AppleProvider()],
  ['discord', () => new DiscordProvider()],
  ['github', () => new GithubProvider()],
  ['gitlab', () => new GitlabProvider()],
  ['google', () => new GoogleProvider()],
  ['microsoft', () => new MicrosoftProvider()],
  ['oidc', () => new OIDCProvider()],
  ['oidc2', () => new OIDCProvider()],
  ['oidc3', () => new OIDCProvider()],
])

/** Creates the provider named in `config` with the config's overrides applied; throws for unknown names. */
export function initProvider(config: OAuth2ProviderConfig): OAuth2Provider {
  const factory = OAUTH2_PROVIDERS.get(config.name)
  if (!factory) {
    throw new Error('missing provider ' + config.name)
  }
  const p = factory()
  if (config.clientId) p.clientId = config.clientId
  if (config.clientSecret) p.clientSecret = config.clientSecret
  if (config.authURL) p.authURL = config.authURL
  if (config.userInfoURL) p.userInfoURL = config.userInfoURL
  if (config.tokenURL) p.tokenURL = config.tokenURL
  if (config.displayName) p.displayName = config.displayName
  if (typeof config.pkce === 'boolean') p.pkce = config.pkce
  if (config.extra && typeof config.extra === 'object') p.setExtra(config.extra)
  return p
}

/** The collection's `oauth2.providers` entries. */
export function providerConfigs(collection: { readonly [key: string]: unknown }): OAuth2ProviderConfig[] {
  const oauth2 = (collection.oauth2 ?? {}) as { providers?: unknown }
  return Array.isArray(oauth2.providers) ? (oauth2.providers as OAuth2ProviderConfig[]).filter((p) => p && typeof p.name === 'string') : []
}

/** The first provider config named `name` of the collection, if any. */
export function findProviderConfig(collection: { readonly [key: string]: unknown }, name: string): OAuth2ProviderConfig | undefined {
  return providerConfigs(collection).find((p) => p.name === name)
}
