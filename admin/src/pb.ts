/**
 * @module The one PocketBase SDK client of the dashboard; every server call goes through it.
 */
import PocketBase, { LocalAuthStore } from 'pocketbase'

/** Name of the superusers system collection. */
export const SUPERUSERS = '_superusers'

/**
 * The API base URL: the parent of the directory the dashboard is served from, so `/_/` talks to `/`
 * and a dashboard mounted at `/some/prefix/_/` talks to `/some/prefix/`.
 */
export function apiBaseUrl(href: string = location.href): string {
  const url = new URL('../', href)
  url.hash = ''
  url.search = ''
  return url.href.replace(/\/$/, '')
}

/**
 * The SDK client. The session is stored under its own key so that an app using the default
 * `pocketbase_auth` key on the same origin keeps its own login.
 */
export const pb = new PocketBase(apiBaseUrl(), new LocalAuthStore('__isobase_superuser_auth__'))

// note: like PocketBase's own UI, the dashboard never wants the SDK to cancel a request because
// another one with the same path started (e.g. two tables of the same collection).
pb.autoCancellation(false)
