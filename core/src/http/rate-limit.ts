/**
 * @module Rate limiting as PocketBase's settings define it (`apis/middlewares_rate_limit.go`): fixed
 * windows of "max N requests per D seconds" per rule and client IP, off by default, never for
 * superusers or excluded IPs.
 *
 * The global middleware matches `METHOD /path`, `/path` and prefix (`/api/`) labels. Routes that check
 * their collection's tagged labels (`users:authWithPassword`, `*:auth`, …) call
 * {@link checkCollectionRateLimit} (or bind {@link collectionPathRateLimit}) and are left out of the
 * global check, as PocketBase's per-route binding replaces the global middleware.
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { appStore } from '../tools/app-store.js'
import { getSettings, type RateLimitRule, type RateLimitSettings } from '../settings/settings-store.js'
import { notFound, tooManyRequests } from './api-error.js'
import { isIPInList, requestIP } from './real-ip.js'
import type { RequestEvent } from './request-event.js'
import { SQL_NO_ROWS } from '../db/sql-no-rows.js'

/** Id and priority of the global middleware (PocketBase's `pbRateLimit`, -1000: after the auth token). */
export const DEFAULT_RATE_LIMIT_MIDDLEWARE_ID = 'pbRateLimit'
export const DEFAULT_RATE_LIMIT_MIDDLEWARE_PRIORITY = -1000

const LIMITERS_KEY = '__pbRateLimiters__'
const OWN_ROUTES_KEY = '__pbRateLimitOwnRoutes__'

/** A fixed-window counter per client key. */
class RateLimiter {
  readonly #clients = new Map<string, { available: number; start: number }>()

  constructor(
    readonly maxAllowed: number,
    readonly interval: number,
  ) {}

  /** Takes one request from the client's window; false when none is left. */
  allow(key: string, nowSeconds: number): boolean {
    let client = this.#clients.get(key)
    if (!client) {
      client = { available: 0, start: 0 }
      this.#clients.set(key, client)
    }
    if (nowSeconds - client.start >= this.interval) {
      client.available = this.maxAllowed
      client.start = nowSeconds
    }
    if (client.available > 0) {
      client.available--
      return true
    }
    return false
  }

  /** Drops clients whose window ended more than `minElapsed` seconds ago. */
  clean(nowSeconds: number, minElapsed: number): void {
    for (const [key, c] of this.#clients) {
      if (nowSeconds - (c.start + this.interval) > minElapsed) {
        this.#clients.delete(key)
      }
    }
  }
}

interface LimitersState {
  /** The settings object the limiters were made for; new settings start fresh windows. */
  settings: RateLimitSettings | undefined
  limiters: Map<string, RateLimiter>
  lastClean: number
}

function limitersState(app: App, settings: RateLimitSettings | undefined): LimitersState {
  const state = appStore(app).getOrSet<LimitersState>(LIMITERS_KEY, () => ({ settings, limiters: new Map(), lastClean: 0 }))
  if (settings && state.settings !== settings) {
    // note: PocketBase drops its limiters whenever the settings reload
    state.settings = settings
    state.limiters.clear()
  }
  return state
}

/**
 * The first rule for the labels, in label order (exact labels first, then `/`-ending prefix rules),
 * restricted to the given audiences (PocketBase's `FindRateLimitRule`).
 */
export function findRateLimitRule(
  rules: readonly RateLimitRule[],
  labels: readonly string[],
  audiences?: readonly string[],
): RateLimitRule | undefined {
  const audienceOk = (r: RateLimitRule) => !audiences || audiences.length === 0 || audiences.includes(r.audience ?? '')
  const prefixRules: RateLimitRule[] = []
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!
    for (const rule of rules) {
      if (label === rule.label && audienceOk(rule)) {
        return rule
      }
      if (i === 0 && rule.label.endsWith('/')) {
        prefixRules.push(rule)
      }
    }
    for (const rule of prefixRules) {
      if ((label + '/').startsWith(rule.label) && audienceOk(rule)) {
        return rule
      }
    }
  }
  return undefined
}

/**
 * Counts one request against `rule` for the client IP under `id`; throws 429 when over the limit.
 * Audience `@guest` only counts guests, `@auth` only authenticated requests.
 */
export async function checkRateLimit(e: RequestEvent, id: string, rule: RateLimitRule): Promise<void> {
  if ((rule.audience === '@guest' && e.auth) || (rule.audience === '@auth' && !e.auth)) {
    return
  }
  const now = Math.floor(e.app.now().getTime() / 1000)
  const state = limitersState(e.app, undefined)
  if (now - state.lastClean > 3600) {
    state.lastClean = now
    for (const limiter of state.limiters.values()) {
      limiter.clean(now, 1800)
    }
  }
  let limiter = state.limiters.get(id)
  if (!limiter) {
    limiter = new RateLimiter(Math.trunc(Number(rule.maxRequests) || 0), Math.trunc(Number(rule.duration) || 0))
    state.limiters.set(id, limiter)
  }
  const key = await requestIP(e)
  if (key === '') {
    return
  }
  if (!limiter.allow(key, now)) {
    throw tooManyRequests(undefined, new Error(`triggered rate limit rule: ${rule.label} ${rule.audience}`))
  }
}

async function skipRateLimit(e: RequestEvent): Promise<RateLimitSettings | undefined> {
  const settings = await getSettings(e.app)
  const rl = settings.rateLimits
  if (!rl.enabled || e.hasSuperuserAuth() || isIPInList(rl.excludedIPs, await requestIP(e))) {
    return undefined
  }
  limitersState(e.app, rl)
  return rl
}

const audiencesOf = (e: RequestEvent) => (e.auth ? ['', '@auth'] : ['', '@guest'])
const defaultLabels = (e: RequestEvent) => [`${e.request.method} ${e.url.pathname}`, e.url.pathname]

/**
 * Checks the collection-tagged labels of a route: `<collection>:<tag>` for each tag, `*:<tag>`, then
 * the request's default labels.
 */
export async function checkCollectionRateLimit(
  e: RequestEvent,
  collection: CollectionModel,
  routeId: string,
  ...tags: string[]
): Promise<void> {
  const rl = await skipRateLimit(e)
  if (!rl) {
    return
  }
  const labels = [...tags.map((t) => `${collection.name}:${t}`), ...tags.map((t) => `*:${t}`), ...defaultLabels(e)]
  const rule = findRateLimitRule(rl.rules, labels, audiencesOf(e))
  if (rule) {
    await checkRateLimit(e, collection.id + routeId + tags.join('') + (rule.audience ?? ''), rule)
  }
}

/**
 * A route handler for routes under `/api/collections/:collection/…` (PocketBase's
 * `collectionPathRateLimit`): 404 for an unknown collection, then {@link checkCollectionRateLimit}.
 */
export function collectionPathRateLimit(routeId: string, ...tags: string[]) {
  return async (e: RequestEvent): Promise<void> => {
    const collection = e.app.findCachedCollection(e.params.collection ?? '')
    if (!collection) {
      throw notFound('Missing or invalid collection context.', SQL_NO_ROWS)
    }
    await checkCollectionRateLimit(e, collection, routeId, ...tags)
  }
}

/** A route (method + path regex) that does its own rate limiting and skips the global middleware. */
export interface OwnRateLimitRoute {
  method: string
  path: RegExp
}

/** Declares routes whose handlers check their own rate limits (the global middleware skips them). */
export function excludeFromGlobalRateLimit(app: App, ...routes: OwnRateLimitRoute[]): void {
  appStore(app).getOrSet<OwnRateLimitRoute[]>(OWN_ROUTES_KEY, () => []).push(...routes)
}

/** The global middleware (bind on `app.onRequest` after the auth token middleware). */
export async function rateLimitMiddleware(e: RequestEvent): Promise<void> {
  const own = appStore(e.app).get<OwnRateLimitRoute[]>(OWN_ROUTES_KEY) ?? []
  const method = e.request.method === 'HEAD' ? 'GET' : e.request.method
  const skipped = own.some((r) => r.method === method && r.path.test(e.url.pathname))
  if (!skipped) {
    const rl = await skipRateLimit(e)
    if (rl) {
      const rule = findRateLimitRule(rl.rules, defaultLabels(e), audiencesOf(e))
      if (rule) {
        await checkRateLimit(e, rule.label + (rule.audience ?? ''), rule)
      }
    }
  }
  await e.next()
}
