/**
 * @module A small least-recently-used map (Map insertion order does the bookkeeping).
 */

/** Keeps at most `capacity` entries, evicting the least recently read or written one. */
export class LruCache<K, V> {
  readonly #capacity: number
  readonly #map = new Map<K, V>()

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity)
  }

  /** Number of cached entries. */
  get size(): number {
    return this.#map.size
  }

  /** Returns the value and marks it most recently used. */
  get(key: K): V | undefined {
    const value = this.#map.get(key)
    if (value !== undefined) {
      this.#map.delete(key)
      this.#map.set(key, value)
    }
    return value
  }

  /** Stores the value as most recently used, evicting the oldest entry when full. */
  set(key: K, value: V): void {
    this.#map.delete(key)
    this.#map.set(key, value)
    if (this.#map.size > this.#capacity) {
      this.#map.delete(this.#map.keys().next().value as K)
    }
  }

  /** Drops every entry. */
  clear(): void {
    this.#map.clear()
  }
}
