/**
 * @module SQLite's built-in math functions (`SQLITE_ENABLE_MATH_FUNCTIONS`, compiled into PocketBase's
 * SQLite) for the wa-sqlite builds, which lack them. The builds register `extension-functions.c` instead,
 * whose functions of the same names differ: text that is not a number is 0 there and NULL in SQLite,
 * `log(x)` is the natural log there and base 10 in SQLite. These JS versions replace them on every
 * connection, following SQLite's `func.c` (so filters such as `geoDistance(...)` and view queries give
 * PocketBase's results).
 */
import type { WaSqliteModule } from './wa-sqlite-module.js'

const SQLITE_INTEGER = 1
const SQLITE_FLOAT = 2
const SQLITE_UTF8 = 1
const SQLITE_DETERMINISTIC = 0x800
const SQLITE_INNOCUOUS = 0x200000

/** The module exports these functions use (present in every build of the package). */
interface MathExports {
  _sqlite3_value_numeric_type(value: number): number
  _sqlite3_value_double(value: number): number
  _sqlite3_value_int64(value: number): number
  _sqlite3_result_double(ctx: number, value: number): void
  _sqlite3_result_int(ctx: number, value: number): void
  _sqlite3_result_int64(ctx: number, lo: number, hi: number): void
  _sqlite3_result_null(ctx: number): void
  _getTempRet0(): number
}

type MathModule = WaSqliteModule & MathExports
/** A function body: `a`/`b` are the first two `sqlite3_value*` arguments (0 when absent). */
type Impl = (m: MathModule, ctx: number, a: number, b: number) => void

const isNumber = (m: MathModule, v: number) => {
  const t = m._sqlite3_value_numeric_type(v)
  return t === SQLITE_INTEGER || t === SQLITE_FLOAT
}

// note: SQLite stores a NaN result as NULL
const resultDouble = (m: MathModule, ctx: number, x: number) =>
  Number.isNaN(x) ? m._sqlite3_result_null(ctx) : m._sqlite3_result_double(ctx, x)

/** `math1Func`: NULL unless the argument is numeric. */
const math1 =
  (f: (x: number) => number): Impl =>
  (m, ctx, a) => {
    if (isNumber(m, a)) {
      resultDouble(m, ctx, f(m._sqlite3_value_double(a)))
    }
  }

/** `math2Func`: NULL unless both arguments are numeric. */
const math2 =
  (f: (x: number, y: number) => number): Impl =>
  (m, ctx, a, b) => {
    if (isNumber(m, a) && isNumber(m, b)) {
      resultDouble(m, ctx, f(m._sqlite3_value_double(a), m._sqlite3_value_double(b)))
    }
  }

/** `ceilingFunc`: integers pass through unchanged, reals are rounded, anything else is NULL. */
const rounding =
  (f: (x: number) => number): Impl =>
  (m, ctx, a) => {
    const t = m._sqlite3_value_numeric_type(a)
    if (t === SQLITE_INTEGER) {
      const lo = m._sqlite3_value_int64(a)
      m._sqlite3_result_int64(ctx, lo, m._getTempRet0())
    } else if (t === SQLITE_FLOAT) {
      resultDouble(m, ctx, f(m._sqlite3_value_double(a)))
    }
  }

/** `logFunc` with one argument: NULL for non-numbers and x <= 0. */
const log1 =
  (f: (x: number) => number): Impl =>
  (m, ctx, a) => {
    if (isNumber(m, a)) {
      const x = m._sqlite3_value_double(a)
      if (x > 0) {
        resultDouble(m, ctx, f(x))
      }
    }
  }

/**
 * `logFunc` with two arguments, `log(B, X)`. note: like SQLite, only B's type is checked; X is read as a
 * double (so text is 0 and gives NULL).
 */
const log2args: Impl = (m, ctx, a, b) => {
  if (!isNumber(m, a)) {
    return
  }
  const base = m._sqlite3_value_double(a)
  if (base <= 0) {
    return
  }
  const lnBase = Math.log(base)
  if (lnBase <= 0) {
    return
  }
  const x = m._sqlite3_value_double(b)
  if (x > 0) {
    resultDouble(m, ctx, Math.log(x) / lnBase)
  }
}

const sign: Impl = (m, ctx, a) => {
  if (isNumber(m, a)) {
    const x = m._sqlite3_value_double(a)
    m._sqlite3_result_int(ctx, x < 0 ? -1 : x > 0 ? 1 : 0)
  }
}

/** Name, argument count, implementation: SQLite's list (func.c `aBuiltinFunc`, math part, and `sign`). */
const FUNCTIONS: [string, number, Impl][] = [
  ['ceil', 1, rounding(Math.ceil)],
  ['ceiling', 1, rounding(Math.ceil)],
  ['floor', 1, rounding(Math.floor)],
  ['trunc', 1, rounding(Math.trunc)],
  ['ln', 1, log1(Math.log)],
  ['log', 1, log1(Math.log10)],
  ['log10', 1, log1(Math.log10)],
  ['log2', 1, log1(Math.log2)],
  ['log', 2, log2args],
  ['exp', 1, math1(Math.exp)],
  ['pow', 2, math2(Math.pow)],
  ['power', 2, math2(Math.pow)],
  ['mod', 2, math2((x, y) => x % y)],
  ['acos', 1, math1(Math.acos)],
  ['asin', 1, math1(Math.asin)],
  ['atan', 1, math1(Math.atan)],
  ['atan2', 2, math2(Math.atan2)],
  ['cos', 1, math1(Math.cos)],
  ['sin', 1, math1(Math.sin)],
  ['tan', 1, math1(Math.tan)],
  ['cosh', 1, math1(Math.cosh)],
  ['sinh', 1, math1(Math.sinh)],
  ['tanh', 1, math1(Math.tanh)],
  ['acosh', 1, math1(Math.acosh)],
  ['asinh', 1, math1(Math.asinh)],
  ['atanh', 1, math1(Math.atanh)],
  ['sqrt', 1, math1(Math.sqrt)],
  ['radians', 1, math1((x) => x * (Math.PI / 180))],
  ['degrees', 1, math1((x) => x * (180 / Math.PI))],
  ['pi', 0, (m, ctx) => m._sqlite3_result_double(ctx, Math.PI)],
  ['sign', 1, sign],
]

type Target = (method: number, ctx: number, argc: number, argv: number) => number

/** Per module: the JS target of each function, which the C relay calls for `xFunc`. */
const moduleTargets = new WeakMap<WaSqliteModule, Target[]>()

function targetsFor(m: MathModule): Target[] {
  let targets = moduleTargets.get(m)
  if (targets === undefined) {
    // note: a plain function target (rather than `{ xFunc }`) spares the relay decoding the method name
    // on every call; it still passes that name's pointer first
    targets = FUNCTIONS.map(([, , impl]) => (_method: number, ctx: number, argc: number, argv: number) => {
      const heap = m.HEAP32
      impl(m, ctx, argc > 0 ? heap[argv >> 2]! : 0, argc > 1 ? heap[(argv >> 2) + 1]! : 0)
      return 0
    })
    moduleTargets.set(m, targets)
  }
  return targets
}

/**
 * Registers SQLite's math functions on a connection, replacing `extension-functions.c`'s, and returns
 * the relay keys. note: SQLite frees each key (libfunction passes `sqlite3_free` as the destructor) when
 * the connection closes, so keys are never shared; the caller drops their JS targets then
 * ({@link forgetMathFunctions}). A module without the relay keeps the extension versions.
 */
export function registerMathFunctions(module: WaSqliteModule, db: number): number[] {
  const m = module as MathModule
  if (typeof m.setCallback !== 'function') {
    return []
  }
  const targets = targetsFor(m)
  const flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS
  const keys: number[] = []
  FUNCTIONS.forEach(([name, nArg], i) => {
    const key = m._sqlite3_malloc(4)
    if (key === 0) {
      return
    }
    m.HEAP32[key >> 2] = 0 // a synchronous xFunc
    m.setCallback!(key, targets[i]!)
    // note: on failure SQLite has already freed the key through the destructor
    const rc = m.ccall(
      'libfunction_create_function',
      'number',
      ['number', 'string', 'number', 'number', 'number', 'number', 'number', 'number'],
      [db, name, nArg, flags, key, 1, 0, 0],
    )
    if (rc === 0) {
      keys.push(key)
    } else {
      m.deleteCallback?.(key)
    }
  })
  return keys
}

/** Drops the JS targets of a closed connection's math functions (SQLite freed their keys). */
export function forgetMathFunctions(module: WaSqliteModule, keys: readonly number[]): void {
  for (const key of keys) {
    module.deleteCallback?.(key)
  }
}
