/**
 * @module Request auth: loading the auth record from the `Authorization` header, and the guards
 * PocketBase routes use (`RequireAuth`, `RequireSuperuserAuth`, …).
 */
import { SUPERUSERS } from '../collections/system-collections.js'
import { badRequest, forbidden, unauthorized } from '../http/api-error.js'
import { isIPInList, requestIP } from '../http/real-ip.js'
import type { RequestEvent } from '../http/request-event.js'
import { getSettings } from '../settings/settings-store.js'
import { findAuthRecordByToken } from './record-tokens.js'

/** The raw token of a request: the `Authorization` header, with an optional case-insensitive `Bearer `. */
export function authTokenFromRequest(request: Request): string {
  const header = request.headers.get('authorization') ?? ''
  return header.replace(/^bearer\s+/i, '').trim()
}

/**
 * An `onRequest` handler that sets `e.auth` from a valid auth token. Invalid, expired or foreign tokens
 * are ignored silently (the request is a guest's), exactly as PocketBase does.
 */
export async function loadAuthToken(e: RequestEvent): Promise<void> {
  if (!e.auth) {
    const token = authTokenFromRequest(e.request)
    if (token !== '') {
      try {
        e.auth = await findAuthRecordByToken(e.app, token, 'auth')
      } catch (err) {
        e.app.logger.debug('loadAuthToken failure', { error: String(err) })
      }
    }
  }
  await e.next()
}

/** 401 unless authenticated (optionally: as a record of one of `collections`, else 403). */
export function requireAuth(...collections: string[]) {
  return (e: RequestEvent): void => {
    if (!e.auth) {
      throw unauthorized('The request requires valid record authorization token.')
    }
    if (
      collections.length > 0 &&
      !collections.includes(e.auth.collection.name) &&
      !collections.includes(e.auth.collection.id)
    ) {
      throw forbidden('The authorized record is not allowed to perform this action.')
    }
  }
}

/** 401 for guests, 403 for non-superusers. */
export const requireSuperuserAuth = () => requireAuth(SUPERUSERS)

/** 400 when the request is authenticated (PocketBase's `RequireGuestOnly`). */
export function requireGuestOnly() {
  return (e: RequestEvent): void => {
    if (e.auth) {
      throw badRequest('The request can be accessed only by guests.')
    }
  }
}

/**
 * 401 for guests; 403 unless the auth record is a superuser or has the id of the route's
 * `ownerIdPathParam` parameter (default `id`), as PocketBase's `RequireSuperuserOrOwnerAuth`.
 */
export function requireSuperuserOrOwnerAuth(ownerIdPathParam = '') {
  const param = ownerIdPathParam || 'id'
  return (e: RequestEvent): void => {
    if (!e.auth) {
      throw unauthorized('The request requires superuser or record authorization token.')
    }
    if (e.hasSuperuserAuth()) {
      return
    }
    // note: comparing only the id is safe: auth record ids are unique across auth collections
    if (e.auth.id !== (e.params[param] ?? '')) {
      throw forbidden('You are not allowed to perform this request.')
    }
  }
}

/**
 * 401 for guests; 403 unless the auth record is from the collection named by the route's
 * `collectionPathParam` parameter (default `collection`), as PocketBase's
 * `RequireSameCollectionContextAuth`.
 */
export function requireSameCollectionContextAuth(collectionPathParam = '') {
  const param = collectionPathParam || 'collection'
  return (e: RequestEvent): void => {
    if (!e.auth) {
      throw unauthorized('The request requires valid record authorization token.')
    }
    const routeCollection = e.app.findCachedCollection(e.params[param] ?? '')
    if (!routeCollection || routeCollection.id !== e.auth.collection.id) {
      // note: PocketBase names the auth record's own collection in this message
      throw forbidden(`The request requires auth record from ${e.auth.collection.name} collection.`)
    }
  }
}

/** Id and priority of {@link superuserIPsWhitelist} (PocketBase: right after loading the auth token). */
export const DEFAULT_SUPERUSER_IPS_WHITELIST_MIDDLEWARE_ID = 'pbSuperuserIPsWhitelist'
export const DEFAULT_SUPERUSER_IPS_WHITELIST_MIDDLEWARE_PRIORITY = -1015

/**
 * An `onRequest` handler: a request authenticated as a superuser from an IP outside
 * `settings.superuserIPs` (when set) is refused with 403, on every route.
 */
export async function superuserIPsWhitelist(e: RequestEvent): Promise<void> {
  if (e.hasSuperuserAuth()) {
    const ips = (await getSettings(e.app)).superuserIPs
    if (ips.length > 0 && !isIPInList(ips, await requestIP(e))) {
      throw forbidden(undefined, new Error('superuser IP is not whitelisted'))
    }
  }
  await e.next()
}
