/**
 * @module The auth routes of auth collections (PocketBase `apis/record_auth.go`), each with its
 * collection-tagged rate limit (`<collection>:<tag>`, `*:<tag>`).
 */
import type { App } from '../app.js'
import { requireSameCollectionContextAuth, requireSuperuserAuth } from '../auth/auth-middleware.js'
import { collectionPathRateLimit, excludeFromGlobalRateLimit } from '../http/rate-limit.js'
import type { RouteHandler } from '../http/router.js'
import { recordConfirmEmailChange } from './record-auth-email-change-confirm.js'
import { recordRequestEmailChange } from './record-auth-email-change-request.js'
import { recordAuthImpersonate } from './record-auth-impersonate.js'
import { recordAuthMethods } from './record-auth-methods.js'
import { recordRequestOTP } from './record-auth-otp-request.js'
import { recordConfirmPasswordReset } from './record-auth-password-reset-confirm.js'
import { recordRequestPasswordReset } from './record-auth-password-reset-request.js'
import { recordAuthRefresh } from './record-auth-refresh.js'
import { recordConfirmVerification } from './record-auth-verification-confirm.js'
import { recordRequestVerification } from './record-auth-verification-request.js'
import { recordAuthWithOAuth2 } from './record-auth-with-oauth2.js'
import { oauth2SubscriptionRedirect } from './record-auth-with-oauth2-redirect.js'
import { recordAuthWithOTP } from './record-auth-with-otp.js'
import { recordAuthWithPassword } from './record-auth-with-password.js'

const BASE = '/api/collections/:collection'

interface AuthRoute {
  method: 'GET' | 'POST'
  action: string
  tags: string[]
  handler: RouteHandler
  sameCollectionAuth?: boolean
}

const ROUTES: AuthRoute[] = [
  { method: 'GET', action: 'auth-methods', tags: ['listAuthMethods'], handler: recordAuthMethods },
  { method: 'POST', action: 'auth-refresh', tags: ['authRefresh'], handler: recordAuthRefresh, sameCollectionAuth: true },
  { method: 'POST', action: 'auth-with-password', tags: ['authWithPassword', 'auth'], handler: recordAuthWithPassword },
  { method: 'POST', action: 'auth-with-oauth2', tags: ['authWithOAuth2', 'auth'], handler: recordAuthWithOAuth2 },
  { method: 'POST', action: 'request-otp', tags: ['requestOTP'], handler: recordRequestOTP },
  { method: 'POST', action: 'auth-with-otp', tags: ['authWithOTP', 'auth'], handler: recordAuthWithOTP },
  { method: 'POST', action: 'request-password-reset', tags: ['requestPasswordReset'], handler: recordRequestPasswordReset },
  { method: 'POST', action: 'confirm-password-reset', tags: ['confirmPasswordReset'], handler: recordConfirmPasswordReset },
  { method: 'POST', action: 'request-verification', tags: ['requestVerification'], handler: recordRequestVerification },
  { method: 'POST', action: 'confirm-verification', tags: ['confirmVerification'], handler: recordConfirmVerification },
  {
    method: 'POST',
    action: 'request-email-change',
    tags: ['requestEmailChange'],
    handler: recordRequestEmailChange,
    sameCollectionAuth: true,
  },
  { method: 'POST', action: 'confirm-email-change', tags: ['confirmEmailChange'], handler: recordConfirmEmailChange },
]

/** Registers the auth endpoints and the OAuth2 redirect. */
export function bindRecordAuthApi(app: App): void {
  app.router.get('/api/oauth2-redirect', oauth2SubscriptionRedirect)
  // note: also POST, for providers answering with response_mode=form_post (Apple)
  app.router.post('/api/oauth2-redirect', oauth2SubscriptionRedirect)

  for (const route of ROUTES) {
    const path = `${BASE}/${route.action}`
    const handlers: RouteHandler[] = [collectionPathRateLimit(`${route.method} ${path}`, ...route.tags)]
    if (route.sameCollectionAuth) {
      handlers.push(requireSameCollectionContextAuth())
    }
    handlers.push(route.handler)
    if (route.method === 'GET') {
      app.router.get(path, ...handlers)
    } else {
      app.router.post(path, ...handlers)
    }
    // these routes check their collection-tagged rate limits instead of the global one
    excludeFromGlobalRateLimit(app, { method: route.method, path: new RegExp(`^/api/collections/[^/]+/${route.action}$`) })
  }

  app.router.post(`${BASE}/impersonate/:id`, requireSuperuserAuth(), recordAuthImpersonate)
}
