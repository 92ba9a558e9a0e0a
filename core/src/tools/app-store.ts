/**
 * @module A per-app in-memory key/value store (PocketBase's `app.Store()`): short-lived flags such as
 * "verification mail sent recently", rate limiter state, Apple's forwarded user name.
 *
 * Entries may carry a time to live; expired entries read as absent. The store belongs to the app's
 * platform object, so every transaction-bound view of an app shares it.
 */
import type { App } from '../app.js'

interface Entry {
  value: unknown
  /** Epoch milliseconds after which the entry is gone; undefined = never. */
  expires: number | undefined
}

/** Keys and values with optional expiry. */
export class AppStore {
  readonly #entries = new Map<string, Entry>()
  readonly #clock: () => number

  constructor(clock: () => number = Date.now) {
    this.#clock = clock
  }

  /** Whether `key` holds an unexpired value. */
  has(key: string): boolean {
    return this.#live(key) !== undefined
  }

  /** The value of `key`, or undefined. */
  get<T = unknown>(key: string): T | undefined {
    return this.#live(key)?.value as T | undefined
  }

  /** Sets `key`; with `ttlMs` the entry expires after that many milliseconds. */
  set(key: string, value: unknown, ttlMs?: number): void {
    this.#entries.set(key, { value, expires: ttlMs === undefined ? undefined : this.#clock() + ttlMs })
  }

  /** The value of `key`, creating it with `init` when absent. */
  getOrSet<T>(key: string, init: () => T): T {
    const entry = this.#live(key)
    if (entry) {
      return entry.value as T
    }
    const value = init()
    this.set(key, value)
    return value
  }

  /** Removes `key`. */
  remove(key: string): void {
    this.#entries.delete(key)
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key)
    if (entry && entry.expires !== undefined && entry.expires <= this.#clock()) {
      this.#entries.delete(key)
      return undefined
    }
    return entry
  }
}

const stores = new WeakMap<object, AppStore>()

/** The store of `app` (shared by its transaction-bound views). */
export function appStore(app: App): AppStore {
  let store = stores.get(app.platform)
  if (!store) {
    store = new AppStore(() => app.now().getTime())
    stores.set(app.platform, store)
  }
  return store
}
