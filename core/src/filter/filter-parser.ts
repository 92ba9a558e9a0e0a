/**
 * @module fexpr's parser, ported: filter text → frozen {@link GroupNode}, with an LRU cache of parsed texts.
 */
import {
  ExprNode,
  FunctionNode,
  GroupNode,
  IdentifierNode,
  NumberNode,
  TextNode,
  type GroupItem,
  type JoinOp,
  type Operand,
  type SignOp,
} from './filter-ast.js'
import { FilterLimitError, FilterSyntaxError } from './filter-error.js'
import { FILTER_LIMITS } from './filter-limits.js'
import { FilterScanner, type Token } from './filter-scanner.js'
import { utf8Length } from './utf8-length.js'
import { LruCache } from './lru-cache.js'

/** Options of {@link parseFilter}. */
export interface ParseFilterOptions {
  /** Reject texts longer than this many UTF-8 bytes (client filters use `FILTER_LIMITS.maxFilterLength`). */
  readonly maxLength?: number
}

// note: PocketBase caches up to 500 parsed filters; we keep the 500 most recently used ones
const cache = new LruCache<string, GroupNode>(500)
/** Texts longer than this are parsed every time instead of being cached (keeps the cache small). */
const MAX_CACHED_TEXT = 16_384

/**
 * Parses a filter or rule into its AST. An empty text (or one with only whitespace and comments) is an
 * error, as in PocketBase: callers skip empty filters and treat an empty rule as "everyone".
 *
 * @throws FilterSyntaxError on invalid syntax; FilterLimitError when a size limit is exceeded.
 * @example parseFilter("title ~ 'abc' && (total > 1 || @request.auth.id != '')")
 */
export function parseFilter(text: string, options: ParseFilterOptions = {}): GroupNode {
  // note: PocketBase measures the limit in bytes (Go's len)
  if (options.maxLength !== undefined && utf8Length(text) > options.maxLength) {
    throw new FilterLimitError('max filter length limit reached')
  }
  const cached = cache.get(text)
  if (cached !== undefined) {
    return cached
  }
  const scanner = new FilterScanner(text, { maxFuncDepth: FILTER_LIMITS.maxFunctionDepth })
  const root = GroupNode.create(parseItems(text, scanner, 0))
  if (text.length <= MAX_CACHED_TEXT) {
    cache.set(text, root)
  }
  return root
}

/** Empties the parse cache (tests and benchmarks). */
export function clearFilterCache(): void {
  cache.clear()
}

const enum Step {
  BeforeSign,
  Sign,
  AfterSign,
  Join,
}

const OPERAND_TYPES = new Set(['identifier', 'text', 'number', 'function'])

function parseItems(text: string, scanner: FilterScanner, depth: number): GroupItem[] {
  const items: GroupItem[] = []
  let step = Step.BeforeSign
  let join: JoinOp = '&&'
  let left: Operand | undefined
  let op: SignOp | undefined

  for (;;) {
    const token = scanner.scan()
    if (token.type === 'eof') {
      break
    }
    if (token.type === 'whitespace' || token.type === 'comment') {
      continue
    }
    if (token.type === 'group') {
      if (depth + 1 > FILTER_LIMITS.maxGroupDepth) {
        throw new FilterLimitError(
          `max group nesting reached (max: ${FILTER_LIMITS.maxGroupDepth})`,
        )
      }
      const inner = new FilterScanner(text, {
        start: token.start,
        end: token.end,
        maxFuncDepth: FILTER_LIMITS.maxFunctionDepth,
        groupEnds: scanner.groupEnds,
      })
      // note: like fexpr, a group is accepted at any step and moves to "expect a join"; an operand or
      // operator typed just before it is dropped (`a = (b = 1)` parses as `(b = 1)`)
      items.push({ join, node: GroupNode.create(parseItems(text, inner, depth + 1)) })
      step = Step.Join
      continue
    }
    switch (step) {
      case Step.BeforeSign:
        if (!OPERAND_TYPES.has(token.type)) {
          throw new FilterSyntaxError(
            `expected left operand (identifier, function, text or number), got ${JSON.stringify(token.literal)} (${token.type})`,
          )
        }
        left = toOperand(token)
        op = undefined
        step = Step.Sign
        break
      case Step.Sign:
        if (token.type !== 'sign') {
          throw new FilterSyntaxError(
            `expected a sign operator, got ${JSON.stringify(token.literal)} (${token.type})`,
          )
        }
        op = token.literal as SignOp
        step = Step.AfterSign
        break
      case Step.AfterSign:
        if (!OPERAND_TYPES.has(token.type)) {
          throw new FilterSyntaxError(
            `expected right operand (identifier, function text or number), got ${JSON.stringify(token.literal)} (${token.type})`,
          )
        }
        items.push({ join, node: ExprNode.create(left!, op!, toOperand(token)) })
        step = Step.Join
        break
      case Step.Join:
        if (token.type !== 'join') {
          throw new FilterSyntaxError(
            `expected && or ||, got ${JSON.stringify(token.literal)} (${token.type})`,
          )
        }
        join = token.literal as JoinOp
        step = Step.BeforeSign
        break
    }
  }

  if (step !== Step.Join) {
    if (items.length === 0 && left === undefined) {
      throw new FilterSyntaxError('empty filter expression')
    }
    throw new FilterSyntaxError('invalid or incomplete filter expression')
  }
  return items
}

function toOperand(token: Token): Operand {
  switch (token.type) {
    case 'identifier':
      return IdentifierNode.create(token.literal)
    case 'text':
      return TextNode.create(token.literal)
    case 'number':
      return NumberNode.create(token.literal)
    default:
      return FunctionNode.create(token.literal, (token.args ?? []).map(toOperand))
  }
}
