/**
 * @module The app settings as stored in `_params` (row `settings`), read once and cached per open
 * database (PocketBase's `app.Settings()`).
 *
 * The stored JSON is merged over the defaults the way Go unmarshals into a pre-filled struct: objects
 * merge key by key, everything else (arrays included) replaces the default.
 */
import type { App } from '../app.js'
import { formatDateTime } from '../tools/datetime.js'
import { defaultSettings } from './settings-defaults.js'
import { SettingsReloadEvent } from './settings-request-events.js'

/** SMTP settings (`settings.smtp`). */
export interface SmtpSettings {
  enabled: boolean
  port: number
  host: string
  username: string
  password: string
  /** `PLAIN` (default when empty) or `LOGIN`. */
  authMethod: string
  tls: boolean
  localName: string
}

/** `settings.meta`. */
export interface MetaSettings {
  accentColor: string
  appName: string
  appURL: string
  senderName: string
  senderAddress: string
  hideControls: boolean
}

/** One rate limit rule (`settings.rateLimits.rules[i]`). */
export interface RateLimitRule {
  label: string
  /** `''` everyone, `@guest`, `@auth`. */
  audience: string
  /** Window length in seconds. */
  duration: number
  maxRequests: number
}

/** `settings.rateLimits`. */
export interface RateLimitSettings {
  rules: RateLimitRule[]
  excludedIPs: string[]
  enabled: boolean
}

/** `settings.trustedProxy`. */
export interface TrustedProxySettings {
  headers: string[]
  useLeftmostIP: boolean
}

/** The settings object (typed where core reads it; the other groups are kept as they are). */
export interface Settings {
  superuserIPs: string[]
  smtp: SmtpSettings
  meta: MetaSettings
  rateLimits: RateLimitSettings
  trustedProxy: TrustedProxySettings
  [group: string]: unknown
}

const cache = new WeakMap<object, Promise<Settings>>()

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Merges `over` into a copy of `base` like Go's json.Unmarshal into a filled struct. */
export function mergeSettings(base: Record<string, unknown>, over: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  if (!isPlainObject(over)) {
    return out
  }
  for (const [key, value] of Object.entries(over)) {
    const current = out[key]
    if (isPlainObject(current) && isPlainObject(value)) {
      out[key] = mergeSettings(current, value)
    } else if (value !== null || !isPlainObject(current)) {
      out[key] = value === null && Array.isArray(current) ? [] : value
    }
  }
  return out
}

/** Parses a stored settings JSON text over the defaults (invalid or empty text → defaults). */
export function parseSettings(text: string | null | undefined): Settings {
  let stored: unknown = {}
  if (text) {
    try {
      stored = JSON.parse(text)
    } catch {
      stored = {}
    }
  }
  const s = mergeSettings(defaultSettings(), stored) as Settings
  s.superuserIPs ??= []
  s.rateLimits.rules ??= []
  s.rateLimits.excludedIPs ??= []
  s.trustedProxy.headers ??= []
  return s
}

async function readSettings(app: App): Promise<Settings> {
  const row = await app.rootDb().get<{ value: unknown }>("SELECT value FROM _params WHERE id = 'settings' LIMIT 1")
  // note: PocketBase writes the JSON column as text or as a blob (both must read back)
  const value = row?.value
  return parseSettings(value instanceof Uint8Array ? new TextDecoder().decode(value) : typeof value === 'string' ? value : null)
}

/**
 * The current settings (cached until {@link reloadSettings}). Treat the result as read-only; use
 * {@link saveSettings} to change them.
 */
export function getSettings(app: App): Promise<Settings> {
  const key = app.rootDb()
  let settings = cache.get(key)
  if (!settings) {
    settings = readSettings(app).catch((err: unknown) => {
      cache.delete(key)
      throw err
    })
    cache.set(key, settings)
  }
  return settings
}

/**
 * Drops the cached settings and reads them again (after another writer changed `_params`), through
 * the `onSettingsReload` hooks (PocketBase's `app.ReloadSettings()`). Answers the current settings,
 * the old ones when a handler stopped the chain.
 */
export async function reloadSettings(app: App): Promise<Settings> {
  await app.settingsHooks.reload.trigger(new SettingsReloadEvent(app), async (e) => {
    const key = e.app.rootDb()
    cache.delete(key)
    await getSettings(e.app)
  })
  return getSettings(app)
}

/** Writes the settings to `_params` (through the current executor) and refreshes the cache. */
export async function saveSettings(app: App, settings: Settings, now = app.now()): Promise<void> {
  const stamp = formatDateTime(now)
  await app
    .db()
    .run(
      "INSERT INTO _params (id, value, created, updated) VALUES ('settings', ?, ?, ?) ON CONFLICT(id) DO UPDATE SET value = excluded.value, updated = excluded.updated",
      [JSON.stringify(settings), stamp, stamp],
    )
  const key = app.rootDb()
  const fresh = parseSettings(JSON.stringify(settings))
  // note: PocketBase reloads the settings after a committed save (its `onSettingsReload` fires then);
  // the default action takes the saved value as is (no re-read)
  await app.afterCommit(async (finalApp) => {
    await finalApp.settingsHooks.reload.trigger(new SettingsReloadEvent(finalApp), async () => {
      cache.set(key, Promise.resolve(fresh))
      for (const listener of listeners.get(app.platform) ?? []) {
        await listener(finalApp, fresh)
      }
    })
  })
}

/** Called after committed settings saves (PocketBase's `OnSettingsReload` after a save). */
export type SettingsSavedListener = (app: App, settings: Settings) => Promise<void> | void

const listeners = new WeakMap<object, SettingsSavedListener[]>()

/** Calls `listener` after every committed {@link saveSettings} of `app` (and its transaction views). */
export function onSettingsSaved(app: App, listener: SettingsSavedListener): void {
  const list = listeners.get(app.platform) ?? []
  list.push(listener)
  listeners.set(app.platform, list)
}
