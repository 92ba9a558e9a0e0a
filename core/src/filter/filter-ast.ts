/**
 * @module The filter AST: frozen, `kind`-tagged nodes, each with a factory of the same name.
 *
 * The shape follows fexpr's: a filter is a {@link GroupNode} whose items are comparisons or nested groups,
 * each carrying the join (`&&`/`||`) that precedes it. Joins are kept flat, so the SQL precedence of
 * AND over OR applies when compiled, exactly as in PocketBase.
 */

/** The comparison operators (`?`-prefixed ones are the "any of" variants). */
export type SignOp =
  | '='
  | '!='
  | '~'
  | '!~'
  | '<'
  | '<='
  | '>'
  | '>='
  | '?='
  | '?!='
  | '?~'
  | '?!~'
  | '?<'
  | '?<='
  | '?>'
  | '?>='

/** The join operators. */
export type JoinOp = '&&' | '||'

const SIGN_OPS: ReadonlySet<string> = new Set<SignOp>([
  '=',
  '!=',
  '~',
  '!~',
  '<',
  '<=',
  '>',
  '>=',
  '?=',
  '?!=',
  '?~',
  '?!~',
  '?<',
  '?<=',
  '?>',
  '?>=',
])

/** Whether `text` is one of the 16 comparison operators. */
export function isSignOp(text: string): text is SignOp {
  return SIGN_OPS.has(text)
}

/** Whether `op` is an "any of" operator (`?=`, `?!=`, …): no all-values constraint on multi-valued paths. */
export function isAnyOp(op: SignOp): boolean {
  return op.charCodeAt(0) === 63 // '?'
}

/** A field path, macro or keyword such as `title`, `author.name:lower`, `@request.auth.id`, `@now`, `null`. */
export interface IdentifierNode {
  readonly kind: 'Identifier'
  readonly name: string
}

/** A quoted string, already unescaped. */
export interface TextNode {
  readonly kind: 'Text'
  readonly value: string
}

/** A number literal; `value` is what gets bound (PocketBase binds float64). */
export interface NumberNode {
  readonly kind: 'Number'
  readonly literal: string
  readonly value: number
}

/** A function call such as `geoDistance(lon, lat, 1, 2)` or `strftime('%Y', created)`. */
export interface FunctionNode {
  readonly kind: 'Function'
  readonly name: string
  readonly args: readonly Operand[]
}

/** Either side of a comparison. */
export type Operand = IdentifierNode | TextNode | NumberNode | FunctionNode

/** One comparison: `left op right`. */
export interface ExprNode {
  readonly kind: 'Expr'
  readonly left: Operand
  readonly op: SignOp
  readonly right: Operand
}

/** A group member and the join that precedes it (ignored for the first member). */
export interface GroupItem {
  readonly join: JoinOp
  readonly node: ExprNode | GroupNode
}

/** A parenthesised sequence of comparisons and groups; the whole filter is one too. */
export interface GroupNode {
  readonly kind: 'Group'
  readonly items: readonly GroupItem[]
}

/** Any node of the filter tree. */
export type FilterNode = Operand | ExprNode | GroupNode

/** Factory and guard of {@link IdentifierNode}. */
export const IdentifierNode = Object.freeze({
  is: (n: FilterNode): n is IdentifierNode => n.kind === 'Identifier',
  create: (name: string): IdentifierNode => Object.freeze({ kind: 'Identifier', name }),
})

/** Factory and guard of {@link TextNode}. */
export const TextNode = Object.freeze({
  is: (n: FilterNode): n is TextNode => n.kind === 'Text',
  create: (value: string): TextNode => Object.freeze({ kind: 'Text', value }),
})

/** Factory and guard of {@link NumberNode}. */
export const NumberNode = Object.freeze({
  is: (n: FilterNode): n is NumberNode => n.kind === 'Number',
  create: (literal: string): NumberNode => {
    const value = Number(literal)
    // note: Go's cast.ToFloat64 yields 0 when ParseFloat fails (out of range → ±Inf is an error there)
    return Object.freeze({ kind: 'Number', literal, value: Number.isFinite(value) ? value : 0 })
  },
})

/** Factory and guard of {@link FunctionNode}. */
export const FunctionNode = Object.freeze({
  is: (n: FilterNode): n is FunctionNode => n.kind === 'Function',
  create: (name: string, args: readonly Operand[]): FunctionNode =>
    Object.freeze({ kind: 'Function', name, args: Object.freeze([...args]) }),
})

/** Factory and guard of {@link ExprNode}. */
export const ExprNode = Object.freeze({
  is: (n: FilterNode): n is ExprNode => n.kind === 'Expr',
  create: (left: Operand, op: SignOp, right: Operand): ExprNode =>
    Object.freeze({ kind: 'Expr', left, op, right }),
})

/** Factory and guard of {@link GroupNode}. */
export const GroupNode = Object.freeze({
  is: (n: FilterNode): n is GroupNode => n.kind === 'Group',
  create: (items: readonly GroupItem[]): GroupNode =>
    Object.freeze({
      kind: 'Group',
      items: Object.freeze(items.map((i) => Object.freeze({ join: i.join, node: i.node }))),
    }),
})
