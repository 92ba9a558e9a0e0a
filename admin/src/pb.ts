/**
 * @module The one PocketBase SDK client of the dashboard; every server call goes through it.
 */
import PocketBase, { BaseAuthStore, LocalAuthStore } from 'pocketbase'

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
 * What a host page may set on `window.isobaseAdmin` before the dashboard script runs, to reach a
 * backend that is not behind the page's origin (the in-page playground hands its `fetch` here).
 */
export interface AdminHost {
  /** API base URL (default: the parent of the dashboard's directory) */
  baseUrl?: string
  /** the fetch every SDK request goes through (default: the global fetch) */
  fetch?: (url: RequestInfo | URL, init?: RequestInit) => Promise<Response>
}

declare global {
  interface Window {
    isobaseAdmin?: AdminHost
  }
}

const host: AdminHost = window.isobaseAdmin ?? {}

/**
 * The SDK client. The session is stored under its own key so that an app using the default
 * `pocketbase_auth` key on the same origin keeps its own login.
 */
export const pb = new PocketBase(
  host.baseUrl ?? apiBaseUrl(),
  new LocalAuthStore('__isobase_superuser_auth__'),
)

if (host.fetch) {
  const hostFetch = host.fetch
  pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: hostFetch } })
}

/**
 * A separate client for the public pages (email confirmations): same server and fetch, but an
 * in-memory session, so that the superuser's stored session is neither used nor changed.
 */
export function guestClient(): PocketBase {
  const client = new PocketBase(pb.baseURL, new BaseAuthStore())
  client.beforeSend = pb.beforeSend
  client.autoCancellation(false)
  return client
}

// note: like PocketBase's own UI, the dashboard never wants the SDK to cancel a request because
// another one with the same path started (e.g. two tables of the same collection).
pb.autoCancellation(false)
