/**
 * @module Filter functions: `geoDistance(lonA, latA, lonB, latB)` and `strftime(format, [time, mods…])`.
 */
import type { Operand } from './filter-ast.js'
import { FilterResolveError } from './filter-error.js'
import type { ResolvedOperand } from './field-resolver.js'

/** Resolves one argument the same way a comparison operand is resolved. */
export type ArgResolver = (arg: Operand) => ResolvedOperand

type TokenFunction = (resolveArg: ArgResolver, args: readonly Operand[]) => ResolvedOperand

const MAX_STRFTIME_ARGS = 10

/**
 * Haversine distance in kilometres. Arguments are identifiers or numbers; like SQLite's own functions it
 * applies no "all values" constraint to multi-valued arguments (any joined row may satisfy the check).
 */
const geoDistance: TokenFunction = (resolveArg, args) => {
  if (args.length !== 4) {
    throw new FilterResolveError(`[geoDistance] expected 4 arguments, got ${args.length}`)
  }
  const [lonA, latA, lonB, latB] = args.map((arg, i) => {
    if (arg.kind !== 'Identifier' && arg.kind !== 'Number') {
      throw new FilterResolveError(`[geoDistance] argument ${i} must be an identifier or number`)
    }
    return resolveArg(arg)
  }) as [ResolvedOperand, ResolvedOperand, ResolvedOperand, ResolvedOperand]
  const parts = [latA, latB, lonB, lonA, latA, latB]
  const sql =
    `(6371 * acos(cos(radians(${latA.sql})) * cos(radians(${latB.sql})) * ` +
    `cos(radians(${lonB.sql}) - radians(${lonA.sql})) + ` +
    `sin(radians(${latA.sql})) * sin(radians(${latB.sql}))))`
  return {
    sql,
    params: parts.flatMap((p) => p.params),
    nullFallback: 'disabled',
    isValue: [lonA, latA, lonB, latB].some(isValueOperand),
  }
}

/**
 * SQLite's `strftime` with PocketBase's argument rules: a text format, then an optional time value (text,
 * number or identifier) and text modifiers. A multi-valued time value keeps its "all values" check.
 */
const strftime: TokenFunction = (resolveArg, args) => {
  if (args.length < 1) {
    throw new FilterResolveError(`[strftime] expected at least 1 arguments, got ${args.length}`)
  }
  if (args.length > MAX_STRFTIME_ARGS) {
    throw new FilterResolveError(
      `[strftime] too many arguments (max allowed ${MAX_STRFTIME_ARGS}, got ${args.length})`,
    )
  }
  if (args[0]!.kind !== 'Text') {
    throw new FilterResolveError('[strftime] expects the first argument to be a format string')
  }
  const format = resolveArg(args[0]!)
  if (args.length === 1) {
    return {
      sql: `strftime(${format.sql})`,
      params: format.params,
      nullFallback: 'enforced',
      isValue: true,
    }
  }
  const timeArg = args[1]!
  if (timeArg.kind !== 'Text' && timeArg.kind !== 'Identifier' && timeArg.kind !== 'Number') {
    throw new FilterResolveError(
      '[strftime] expects the second argument to be of a valid time-value type',
    )
  }
  const time = resolveArg(timeArg)
  const modifiers = args.slice(2).map((arg, i) => {
    if (arg.kind !== 'Text') {
      throw new FilterResolveError(`[strftime] invalid modifier argument ${i} - can be only string`)
    }
    return resolveArg(arg)
  })
  const call = (value: { sql: string; params: readonly unknown[] }) => ({
    sql: `strftime(${[format, value, ...modifiers].map((p) => p.sql).join(',')})`,
    params: [format, value, ...modifiers].flatMap((p) => p.params as ResolvedOperand['params']),
  })
  const result = call(time)
  const mm = time.multiMatch
  return {
    ...result,
    nullFallback: 'enforced',
    // note: the format is always a bound value, so PocketBase treats the call as having params
    isValue: true,
    ...(mm ? { multiMatch: { value: call(mm.value), build: mm.build } } : {}),
  }
}

const FUNCTIONS: Readonly<Record<string, TokenFunction>> = Object.freeze({ geoDistance, strftime })

/** Compiles a function call; unknown names are a {@link FilterResolveError}. */
export function resolveTokenFunction(
  name: string,
  args: readonly Operand[],
  resolveArg: ArgResolver,
): ResolvedOperand {
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined
  if (!fn) {
    throw new FilterResolveError(`unknown function ${JSON.stringify(name)}`)
  }
  return fn(resolveArg, args)
}

/** PocketBase's "has params" notion for an operand (see {@link ResolvedOperand.isValue}). */
export function isValueOperand(op: ResolvedOperand): boolean {
  return op.isValue ?? op.params.length > 0
}
