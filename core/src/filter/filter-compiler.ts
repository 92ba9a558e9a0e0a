/**
 * @module Filter AST → parameterised SQL (PocketBase `tools/search/filter.go`, ported).
 *
 * Every literal, macro value and `@request.*` value is a bound `?` parameter; identifiers become SQL only
 * through the {@link FieldResolver}. Comparisons on multi-valued paths get PocketBase's "multi-match"
 * subquery so that plain operators mean "every value matches" and `?`-operators mean "any value matches".
 */
import type { SqlValue } from '../db/sqlite-port.js'
import { isAnyOp, type ExprNode, type GroupNode, type Operand, type SignOp } from './filter-ast.js'
import { FilterError, FilterLimitError, FilterResolveError, FilterSyntaxError } from './filter-error.js'
import { FILTER_LIMITS } from './filter-limits.js'
import { parseFilter } from './filter-parser.js'
import type {
  FieldResolver,
  MultiMatchSubquery,
  NullFallback,
  ResolvedOperand,
} from './field-resolver.js'
import { formatFloat, toString as castToString } from '../tools/cast.js'
import { formatDateTime, resolveIdentifierMacro } from './identifier-macros.js'
import { REAL_PARAM, type SqlFragment } from './sql-fragment.js'
import { isValueOperand, resolveTokenFunction } from './token-functions.js'

/** Options of {@link compileFilter}. */
export interface CompileFilterOptions {
  /** Max comparisons (default `FILTER_LIMITS.maxExpressions`, 200, applied to rules too as PocketBase does). */
  readonly maxExpressions?: number
  /** Max UTF-8 bytes of the text (pass `FILTER_LIMITS.maxFilterLength` for client filters). */
  readonly maxLength?: number
  /**
   * Server-side `{:name}` placeholders (PocketBase's `BuildExpr(resolver, dbx.Params)`): each is replaced by
   * a quoted literal (`null`, booleans and numbers as keywords/numbers) before parsing.
   */
  readonly placeholders?: Readonly<Record<string, unknown>>
  /** Clock for datetime macros; defaults to `resolver.now`, then the system clock. */
  readonly now?: () => Date
}

/**
 * Compiles a filter or rule into a WHERE expression. Joins the resolver registered on the way are read
 * afterwards from `resolver.queryParts()` (see {@link buildSelect}).
 *
 * @throws FilterError (syntax, unknown field, limits, …): never anything else for bad input.
 * @example
 * const where = compileFilter("title ~ 'abc' && total > 2", resolver)
 * // where.sql: ("demo"."title" LIKE ? ESCAPE '\' AND "demo"."total" > ?), where.params: ['%abc%', 2]
 */
export function compileFilter(
  filter: string | GroupNode,
  resolver: FieldResolver,
  options: CompileFilterOptions = {},
): SqlFragment {
  let root: GroupNode
  if (typeof filter === 'string') {
    const text = options.placeholders ? replacePlaceholders(filter, options.placeholders) : filter
    root = parseFilter(
      text,
      options.maxLength === undefined ? {} : { maxLength: options.maxLength },
    )
  } else {
    root = filter
  }
  const compiler = new Compiler(resolver, options)
  return compiler.group(root)
}

/** The token text PocketBase's errors quote: the identifier or function name, the literal as written. */
function operandLiteral(node: Operand): string {
  switch (node.kind) {
    case 'Identifier':
    case 'Function':
      return node.name
    case 'Text':
      return node.value
    case 'Number':
      return node.literal
  }
}

// if a `null`/`true`/`false` field is missing, the identifier is the SQL keyword
const NORMALIZED_IDENTIFIERS: ReadonlyMap<string, string> = new Map([
  ['null', 'NULL'],
  ['true', '1'],
  ['false', '0'],
])

class Compiler {
  readonly #resolver: FieldResolver
  readonly #clock: () => Date
  #now: Date | undefined
  #budget: number
  #aliasSeq = 0

  constructor(resolver: FieldResolver, options: CompileFilterOptions) {
    this.#resolver = resolver
    this.#clock = options.now ?? (resolver.now ? () => resolver.now!() : () => new Date())
    this.#budget = options.maxExpressions ?? FILTER_LIMITS.maxExpressions
  }

  group(node: GroupNode): SqlFragment {
    if (node.items.length === 0) {
      throw new FilterSyntaxError('empty filter expression')
    }
    let sql = ''
    const params: SqlValue[] = []
    node.items.forEach((item, i) => {
      const part = item.node.kind === 'Expr' ? this.#expr(item.node) : this.group(item.node)
      if (i > 0) {
        sql += item.join === '||' ? ' OR ' : ' AND '
      }
      sql += part.sql
      params.push(...part.params)
    })
    // note: PocketBase emits joins in sequence, so SQL's AND-over-OR precedence applies
    return node.items.length === 1 ? { sql, params } : { sql: `(${sql})`, params }
  }

  #expr(node: ExprNode): SqlFragment {
    if (this.#budget <= 0) {
      throw new FilterLimitError('max filter expressions limit reached')
    }
    this.#budget--
    const left = this.#side(node.left, 'left')
    const right = this.#side(node.right, 'right')
    return this.#build(left, node.op, right)
  }

  /** One side of a comparison; resolution errors name the side, as PocketBase's `resolveTokenizedExpr`. */
  #side(node: Operand, side: 'left' | 'right'): ResolvedOperand {
    try {
      return this.#operand(node)
    } catch (err) {
      if (err instanceof FilterResolveError) {
        // note: shown to users in rule validation errors ("Invalid rule. Raw error: invalid left
        // operand "x" - unknown field "x".")
        throw new FilterResolveError(
          `invalid ${side} operand ${JSON.stringify(operandLiteral(node))} - ${err.message}`,
          { cause: err },
        )
      }
      throw err
    }
  }

  #operand = (node: Operand): ResolvedOperand => {
    switch (node.kind) {
      case 'Text':
        return { sql: '?', params: [node.value] }
      case 'Number':
        // note: PocketBase binds number literals as float64 (see REAL_PARAM)
        return { sql: REAL_PARAM, params: [node.value] }
      case 'Function':
        return resolveTokenFunction(node.name, node.args, this.#operand)
      case 'Identifier': {
        // note: PocketBase field names can never be exactly null/true/false, so skip the resolver
        // (and the exception it would throw) for the common spelling
        const exact =
          node.name === node.name.toLowerCase() ? NORMALIZED_IDENTIFIERS.get(node.name) : undefined
        if (exact !== undefined) {
          return { sql: exact, params: [] }
        }
        const macro = resolveIdentifierMacro(node.name, this.#nowDate())
        if (macro !== undefined) {
          return { sql: '?', params: [macro] }
        }
        try {
          return this.#resolver.resolve(node.name)
        } catch (err) {
          const keyword = NORMALIZED_IDENTIFIERS.get(node.name.toLowerCase())
          if (err instanceof FilterError && keyword !== undefined) {
            return { sql: keyword, params: [] }
          }
          throw err
        }
      }
    }
  }

  #nowDate(): Date {
    // one instant per compiled filter, so `@todayStart` and `@todayEnd` always agree
    this.#now ??= this.#clock()
    return this.#now
  }

  #alias(prefix: string): string {
    return `${prefix}${++this.#aliasSeq}`
  }

  #build(left: ResolvedOperand, op: SignOp, right: ResolvedOperand): SqlFragment {
    let expr = compare(left, op, right)
    if (!isAnyOp(op)) {
      if (left.multiMatch && right.multiMatch) {
        expr = andEnclosed(expr, this.#manyVsMany(left, op, right))
      } else if (left.multiMatch) {
        expr = andEnclosed(
          expr,
          this.#manyVsOne(left.multiMatch, left.nullFallback, op, right, false),
        )
      } else if (right.multiMatch) {
        expr = andEnclosed(
          expr,
          this.#manyVsOne(right.multiMatch, right.nullFallback, op, left, true),
        )
      }
    }
    if (left.afterBuild) {
      expr = left.afterBuild(expr)
    }
    if (right.afterBuild) {
      expr = right.afterBuild(expr)
    }
    return expr
  }

  /** `NOT EXISTS` a value of the multi-valued side that fails the comparison. */
  #manyVsOne(
    subquery: MultiMatchSubquery,
    nullFallback: NullFallback | undefined,
    op: SignOp,
    other: ResolvedOperand,
    inverse: boolean,
  ): SqlFragment {
    const alias = this.#alias('__sm')
    const value: ResolvedOperand = {
      sql: `"${alias}"."multiMatchValue"`,
      params: [],
      nullFallback: nullFallback ?? 'auto',
      afterBuild: not,
    }
    const plain: ResolvedOperand = {
      sql: other.sql,
      params: other.params,
      ...(other.isValue === undefined ? {} : { isValue: other.isValue }),
      ...(other.patternParams === undefined ? {} : { patternParams: other.patternParams }),
      ...(other.valueParams === undefined ? {} : { valueParams: other.valueParams }),
    }
    const where = inverse ? this.#build(plain, op, value) : this.#build(value, op, plain)
    const from = subquery.build(subquery.value)
    return {
      sql: `NOT EXISTS (SELECT 1 FROM (${from.sql}) "${alias}" WHERE ${where.sql})`,
      params: [...from.params, ...where.params],
    }
  }

  #manyVsMany(left: ResolvedOperand, op: SignOp, right: ResolvedOperand): SqlFragment {
    const l = this.#alias('__ml')
    const r = this.#alias('__mr')
    const where = this.#build(
      { sql: `"${l}"."multiMatchValue"`, params: [], nullFallback: left.nullFallback ?? 'auto' },
      op,
      {
        sql: `"${r}"."multiMatchValue"`,
        params: [],
        nullFallback: right.nullFallback ?? 'auto',
        afterBuild: not,
      },
    )
    const lq = left.multiMatch!.build(left.multiMatch!.value)
    const rq = right.multiMatch!.build(right.multiMatch!.value)
    return {
      sql: `NOT EXISTS (SELECT 1 FROM (${lq.sql}) "${l}" LEFT JOIN (${rq.sql}) "${r}" WHERE ${where.sql})`,
      params: [...lq.params, ...rq.params, ...where.params],
    }
  }
}

function not(expr: SqlFragment): SqlFragment {
  return { sql: `NOT (${expr.sql})`, params: expr.params }
}

function andEnclosed(a: SqlFragment, b: SqlFragment): SqlFragment {
  return { sql: `((${a.sql}) AND (${b.sql}))`, params: [...a.params, ...b.params] }
}

const ESCAPE = ` ESCAPE '\\'`

function compare(left: ResolvedOperand, op: SignOp, right: ResolvedOperand): SqlFragment {
  switch (op) {
    case '=':
    case '?=':
      return equality(true, left, right)
    case '!=':
    case '?!=':
      return equality(false, left, right)
    case '~':
    case '?~':
      return like('LIKE', left, right)
    case '!~':
    case '?!~':
      return like('NOT LIKE', left, right)
    default: {
      const sqlOp = op.startsWith('?') ? op.slice(1) : op
      return { sql: `${left.sql} ${sqlOp} ${right.sql}`, params: [...left.params, ...right.params] }
    }
  }
}

function like(
  sqlOp: 'LIKE' | 'NOT LIKE',
  left: ResolvedOperand,
  right: ResolvedOperand,
): SqlFragment {
  if (!isValueOperand(right)) {
    // a column on the right: "contains" its value
    return {
      sql: `${left.sql} ${sqlOp} ('%' || ${right.sql} || '%')${ESCAPE}`,
      params: [...left.params, ...right.params],
    }
  }
  if (right.params.length === 0) {
    // note: a value bound elsewhere (`@request.body.f:each`, whose items feed a json_each join) cannot be
    // a pattern; PocketBase wraps that join's JSON in %…% and the query fails (400), so reject it here
    throw new FilterResolveError('a @request.body.*:each operand cannot be the right side of ~ or !~')
  }
  // the values become text patterns, so numbers lose their REAL wrapper
  return {
    sql: `${left.sql} ${sqlOp} ${right.sql.replaceAll(REAL_PARAM, '?')}${ESCAPE}`,
    params: [...left.params, ...(right.patternParams ?? right.params).map(wrapLikeParam)],
  }
}

/**
 * Resolves `=`/`!=` minimising COALESCE and treating NULL and `''` alike, like PocketBase's
 * `resolveEqualExpr` (`!=` is always `IS NOT`, so a NULL column is "not equal" rather than NULL).
 */
function equality(equal: boolean, left: ResolvedOperand, right: ResolvedOperand): SqlFragment {
  const eqOp = equal ? '=' : 'IS NOT'
  const nullEqOp = equal ? 'IS' : 'IS NOT'
  const concat = equal ? 'OR' : 'AND'
  const nullExpr = equal ? 'IS NULL' : 'IS NOT NULL'
  const lf = left.nullFallback ?? 'auto'
  const rf = right.nullFallback ?? 'auto'

  if (lf === 'disabled' || rf === 'disabled') {
    return {
      sql: `${left.sql} ${nullEqOp} ${right.sql}`,
      params: [...left.params, ...right.params],
    }
  }

  const leftEmpty = isEmptyIdentifier(left) || (lf === 'auto' && hasSingleEmptyValue(left))
  const rightEmpty = isEmptyIdentifier(right) || (rf === 'auto' && hasSingleEmptyValue(right))

  if (leftEmpty && rightEmpty) {
    return { sql: `'' ${eqOp} ''`, params: [] }
  }
  if (isKnownNonEmpty(left) || isKnownNonEmpty(right)) {
    const l = leftEmpty ? EMPTY : left
    const r = rightEmpty ? EMPTY : right
    return { sql: `${l.sql} ${eqOp} ${r.sql}`, params: [...l.params, ...r.params] }
  }
  if (leftEmpty) {
    return {
      sql: `('' ${eqOp} ${right.sql} ${concat} ${right.sql} ${nullExpr})`,
      params: [...right.params, ...right.params],
    }
  }
  if (rightEmpty) {
    return {
      sql: `(${left.sql} ${eqOp} '' ${concat} ${left.sql} ${nullExpr})`,
      params: [...left.params, ...left.params],
    }
  }
  return {
    sql: `COALESCE(${left.sql}, '') ${eqOp} COALESCE(${right.sql}, '')`,
    params: [...left.params, ...right.params],
  }
}

const EMPTY: SqlFragment = { sql: "''", params: [] }
const EMPTY_IDENTIFIERS = new Set(['', 'null', "''", '""', '``'])
const NON_EMPTY_IDENTIFIERS = new Set(['1', '0', 'false', 'true'])

function isEmptyIdentifier(op: ResolvedOperand): boolean {
  return EMPTY_IDENTIFIERS.has(op.sql.toLowerCase())
}

/** The bound values PocketBase's ''/NULL shortcuts look at (see {@link ResolvedOperand.valueParams}). */
function valuesOf(op: ResolvedOperand): readonly SqlValue[] {
  return op.valueParams ?? (isValueOperand(op) ? op.params : NO_VALUES)
}

const NO_VALUES: readonly SqlValue[] = Object.freeze([])

function hasEmptyValue(values: readonly SqlValue[]): boolean {
  return values.some((p) => p === null || p === '')
}

function hasSingleEmptyValue(op: ResolvedOperand): boolean {
  const values = valuesOf(op)
  return values.length === 1 && hasEmptyValue(values)
}

function isKnownNonEmpty(op: ResolvedOperand): boolean {
  if (op.nullFallback === 'enforced') {
    return false
  }
  if (NON_EMPTY_IDENTIFIERS.has(op.sql.toLowerCase())) {
    return true
  }
  const values = valuesOf(op)
  return values.length > 0 && !hasEmptyValue(values) && !isEmptyIdentifier(op)
}

/**
 * `~` on a value: wrapped as `%value%` with `\`, `%`, `_` escaped, unless it already contains an
 * unescaped `%` (then it is used as the LIKE pattern as typed).
 */
function wrapLikeParam(value: SqlValue): string {
  const s = castToString(value)
  if (containsUnescapedChar(s, '%')) {
    return s
  }
  return '%' + escapeUnescapedChars(s, ['\\', '%', '_']) + '%'
}

function containsUnescapedChar(s: string, ch: string): boolean {
  let prev = ''
  for (const c of s) {
    if (c === ch && prev !== '\\') {
      return true
    }
    prev = c === '\\' && prev === '\\' ? '' : c
  }
  return false
}

// note: a faithful port of PocketBase's escapeUnescapedChars, including its right-to-left walk
function escapeUnescapedChars(s: string, chars: readonly string[]): string {
  const rs = [...s]
  const out: string[] = []
  let match = false
  for (let i = rs.length - 1; i >= 0; i--) {
    if (match) {
      if (rs[i] !== '\\') {
        out.push('\\')
      }
      match = false
    } else if (chars.includes(rs[i]!)) {
      match = true
    }
    out.push(rs[i]!)
    if (i === 0 && match) {
      out.push('\\')
    }
  }
  return out.reverse().join('')
}

/** Replaces `{:name}` placeholders by literals, as PocketBase's `FilterData.BuildExpr` params do. */
function replacePlaceholders(
  text: string,
  placeholders: Readonly<Record<string, unknown>>,
): string {
  let out = text
  for (const [key, value] of Object.entries(placeholders)) {
    out = out.replaceAll(`{:${key}}`, placeholderLiteral(value))
  }
  return out
}

function placeholderLiteral(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null'
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value)
  }
  if (typeof value === 'number') {
    return formatFloat(value)
  }
  let text: string
  if (typeof value === 'string') {
    text = value
  } else if (value instanceof Date) {
    text = formatDateTime(value)
  } else {
    text = JSON.stringify(value) ?? ''
  }
  return '"' + text.replace(/[\\"\n\r\t]/g, (c) => QUOTE_ESCAPES[c]!) + '"'
}

const QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}
