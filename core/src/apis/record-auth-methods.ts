/**
 * @module `GET /api/collections/:collection/auth-methods` (PocketBase `apis/record_auth_methods.go`):
 * which auth methods the collection allows, with ready-made OAuth2 authorization URLs.
 */
import { s256Challenge } from '../auth/pkce.js'
import { initProvider, providerConfigs } from '../auth/oauth2/provider-registry.js'
import type { RequestEvent } from '../http/request-event.js'
import { randomString } from '../tools/random.js'
import { findAuthCollection } from './record-auth-form.js'

interface ProviderInfo {
  name: string
  displayName: string
  logo: string
  state: string
  authURL: string
  authUrl: string
  codeVerifier: string
  codeChallenge: string
  codeChallengeMethod: string
}

interface Toggle {
  enabled?: boolean
  duration?: number
  identityFields?: string[]
}

/** Handler of `GET …/auth-methods`. */
export async function recordAuthMethods(e: RequestEvent): Promise<Response> {
  const collection = findAuthCollection(e)
  const password = (collection.passwordAuth ?? {}) as Toggle
  const otp = (collection.otp ?? {}) as Toggle
  const mfa = (collection.mfa ?? {}) as Toggle
  const oauth2 = (collection.oauth2 ?? {}) as Toggle

  const passwordEnabled = password.enabled === true
  const identityFields = passwordEnabled && Array.isArray(password.identityFields) ? password.identityFields : []
  const providers: ProviderInfo[] = []

  if (oauth2.enabled === true) {
    for (const config of providerConfigs(collection)) {
      let provider
      try {
        provider = initProvider(config)
      } catch (err) {
        e.app.logger.debug('Failed to setup OAuth2 provider', { name: config.name, error: String(err) })
        continue
      }
      const info: ProviderInfo = {
        name: config.name,
        displayName: provider.displayName || config.name,
        logo: provider.logo,
        state: randomString(30),
        authURL: '',
        authUrl: '',
        codeVerifier: '',
        codeChallenge: '',
        codeChallengeMethod: '',
      }
      const params: Record<string, string> = {}
      if (config.name === 'apple') {
        // Apple posts the result back (form_post) when name/email scopes are requested
        params.response_mode = 'form_post'
      }
      if (provider.pkce) {
        info.codeVerifier = randomString(43)
        info.codeChallenge = await s256Challenge(info.codeVerifier)
        info.codeChallengeMethod = 'S256'
        params.code_challenge = info.codeChallenge
        params.code_challenge_method = info.codeChallengeMethod
      }
      // note: an empty redirect_uri at the end, for the client to append its own
      info.authURL = provider.buildAuthURL(info.state, params) + '&redirect_uri='
      info.authUrl = info.authURL
      providers.push(info)
    }
  }

  const oauth2Enabled = oauth2.enabled === true
  return e.json(200, {
    password: { identityFields, enabled: passwordEnabled },
    oauth2: { providers, enabled: oauth2Enabled },
    mfa: { enabled: mfa.enabled === true, duration: mfa.enabled === true ? Number(mfa.duration ?? 0) : 0 },
    otp: { enabled: otp.enabled === true, duration: otp.enabled === true ? Number(otp.duration ?? 0) : 0 },
    // legacy fields (PocketBase < 0.23 clients)
    authProviders: oauth2Enabled ? providers.map((p) => ({ ...p, logo: '' })) : null,
    usernamePassword: passwordEnabled && identityFields.includes('username'),
    emailPassword: passwordEnabled && identityFields.includes('email'),
  })
}
