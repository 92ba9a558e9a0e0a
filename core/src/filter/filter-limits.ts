/**
 * @module Size limits of filters and sorts (PocketBase's `tools/search/provider.go` values plus our own
 * nesting guard).
 */

/** Limits applied while parsing and compiling; the defaults are {@link FILTER_LIMITS}. */
export interface FilterLimits {
  /** Max characters of a client `filter` (PocketBase `MaxFilterLength`); rules are not length-limited. */
  readonly maxFilterLength: number
  /** Max comparison expressions compiled per filter or rule (PocketBase `DefaultFilterExprLimit`). */
  readonly maxExpressions: number
  /**
   * Max nesting of `( )` groups. PocketBase has none (its 3500-byte limit bounds client filters to 1748
   * levels); ours accepts every client filter PocketBase does and keeps recursion bounded for rules of
   * any length.
   */
  readonly maxGroupDepth: number
  /** Max nested function calls as the scanner counts them (fexpr `maxFuncDepth`). */
  readonly maxFunctionDepth: number
  /** Max `sort` fields (PocketBase `DefaultSortExprLimit`). */
  readonly maxSortFields: number
  /** Max characters of one sort field (PocketBase `MaxSortFieldLength`). */
  readonly maxSortFieldLength: number
}

/** PocketBase v0.39's limits (and a 1750-level group nesting guard of ours). */
export const FILTER_LIMITS: FilterLimits = Object.freeze({
  maxFilterLength: 3500,
  maxExpressions: 200,
  maxGroupDepth: 1750,
  maxFunctionDepth: 3,
  maxSortFields: 8,
  maxSortFieldLength: 255,
})
