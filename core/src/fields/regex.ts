/**
 * @module User-supplied regular expressions (field patterns), compiled once and cached.
 */

const cache = new Map<string, RegExp | null>()

/**
 * Compiles a Go-style (RE2) pattern as a JS RegExp with Unicode semantics, or `null` when JS can't
 * compile it. Cached, since patterns come from collection settings and repeat on every save.
 */
export function compilePattern(pattern: string): RegExp | null {
  let re = cache.get(pattern)
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u')
    } catch {
      re = null
    }
    if (cache.size > 1000) {
      cache.clear()
    }
    cache.set(pattern, re)
  }
  return re
}
