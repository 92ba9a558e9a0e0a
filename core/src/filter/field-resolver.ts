/**
 * @module The resolver port: how the generic compiler learns what an identifier means in SQL.
 *
 * Like PocketBase's `search.FieldResolver`, a resolver turns `author.name:lower` into an SQL expression
 * (and records the joins it needs); the compiler knows nothing about records or collections.
 */
import type { SqlValue } from '../db/sqlite-port.js'
import type { SqlFragment, SqlJoin } from './sql-fragment.js'

/**
 * How `=`/`!=` treat NULL against `''` (PocketBase `NullFallbackPreference`):
 * `auto` compares NULL and `''` as equal, `disabled` compares with plain `IS`/`IS NOT` (json values),
 * `enforced` never takes the "known non-empty" shortcut (function results that may be NULL).
 */
export type NullFallback = 'auto' | 'disabled' | 'enforced'

/**
 * The "all values" check of a multi-valued path: a correlated subquery returning every value of the
 * path for the current row as a `multiMatchValue` column.
 */
export interface MultiMatchSubquery {
  /** The value expression inside the subquery. */
  readonly value: SqlFragment
  /** Builds `SELECT <value> AS "multiMatchValue" FROM … WHERE <correlated to the outer row>`. */
  build(value: SqlFragment): SqlFragment
}

/** What an identifier (or literal, or function call) compiles to. */
export interface ResolvedOperand extends SqlFragment {
  /** Must be an atomic SQL expression (column, call, `CASE … END`, or parenthesised). */
  readonly sql: string
  readonly params: readonly SqlValue[]
  /** Defaults to `auto`. */
  readonly nullFallback?: NullFallback
  /**
   * Whether the operand is a bound value rather than a column expression (drives `~` wrapping and the
   * `''`/NULL shortcuts, as PocketBase's "has params" checks do). Defaults to `params.length > 0`.
   */
  readonly isValue?: boolean
  /**
   * The values PocketBase's `''`/NULL shortcuts of `=`/`!=` inspect, when they differ from `params`
   * (default: `params` for value operands, none otherwise). A `@request.body.f:each` operand, whose
   * JSON is bound in its join, counts as a non-empty value there, as in PocketBase.
   */
  readonly valueParams?: readonly SqlValue[]
  /**
   * The values to turn into `%…%` patterns instead of `params` when this operand is the right side of
   * `~`/`!~`: PocketBase stringifies the original value there (`false` → `'%false%'`) while binding it as
   * `0` everywhere else. Same length as `params`.
   */
  readonly patternParams?: readonly SqlValue[]
  /** Present when the path can yield several values (plain operators then require all of them to match). */
  readonly multiMatch?: MultiMatchSubquery
  /** Rewrites the whole comparison this operand takes part in (e.g. adds `emailVisibility = TRUE`). */
  readonly afterBuild?: (expr: SqlFragment) => SqlFragment
}

/** The query changes implied by everything a resolver resolved so far (PocketBase `UpdateQuery`). */
export interface QueryParts {
  /** Deduplicated LEFT JOINs, in registration order. */
  readonly joins: readonly SqlJoin[]
  /** Extra WHERE terms to AND into the query (e.g. list rules of related collections). */
  readonly where: readonly SqlFragment[]
  /** Whether rows must be deduplicated (`SELECT DISTINCT`), true whenever there are joins. */
  readonly distinct: boolean
}

/** Resolves identifiers for {@link compileFilter} and {@link compileSort}. */
export interface FieldResolver {
  /**
   * Returns the SQL for an identifier such as `title`, `author.name:lower`, `@request.auth.id`.
   * Must throw a `FilterError` (usually `FilterResolveError`) when the identifier is not allowed.
   */
  resolve(identifier: string): ResolvedOperand
  /** Joins and extra conditions the resolved identifiers need; absent for single-table resolvers. */
  queryParts?(): QueryParts
  /** SQL of the row id column for `@rowid` sorting; `null` when the table has none (views). */
  readonly rowid?: string | null
  /** The clock used by datetime macros (`@now`, `@todayStart`, …); defaults to the system clock. */
  now?(): Date
}
