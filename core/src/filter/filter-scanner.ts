/**
 * @module The fexpr v0.6 scanner, ported: turns filter text into tokens one at a time.
 *
 * A `( … )` group is returned as one token spanning its inner text, which the parser scans again, as
 * fexpr does. Group extents are found by counting parentheses while skipping quoted text (comments are
 * not recognised at that stage, exactly like fexpr), and every nested extent found on the way is
 * remembered, so re-scanning nested groups stays linear in the text length.
 */
import { FilterLimitError, FilterSyntaxError } from './filter-error.js'
import { isSignOp } from './filter-ast.js'

/** Token kinds, named as fexpr names them. */
export type TokenType =
  | 'eof'
  | 'whitespace'
  | 'join'
  | 'sign'
  | 'identifier'
  | 'function'
  | 'number'
  | 'text'
  | 'group'
  | 'comment'

/** One scanned token. */
export interface Token {
  readonly type: TokenType
  /** The token text (unquoted and unescaped for `text`; the name for `function`). */
  readonly literal: string
  /** Function arguments (`function` tokens only). */
  readonly args?: readonly Token[]
  /** Inner text bounds in the source (`group` tokens only). */
  readonly start?: number
  readonly end?: number
}

const EOF = -1
/**
 * U+0000: fexpr reads it as its end-of-input marker. It ends the token being read (and is skipped), ends
 * the filter where a token would start (the rest is ignored), and is an error inside quotes, groups and
 * function calls, which cannot be closed past it.
 */
const CH_NUL = 0
const CH_TAB = 9
const CH_LF = 10
const CH_SPACE = 32
const CH_DQUOTE = 34
const CH_HASH = 35
const CH_AMP = 38
const CH_SQUOTE = 39
const CH_LPAREN = 40
const CH_RPAREN = 41
const CH_COMMA = 44
const CH_MINUS = 45
const CH_DOT = 46
const CH_SLASH = 47
const CH_COLON = 58
const CH_AT = 64
const CH_BACKSLASH = 92
const CH_UNDERSCORE = 95
const CH_PIPE = 124

const isWhitespace = (c: number) => c === CH_SPACE || c === CH_TAB || c === CH_LF
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
const isDigit = (c: number) => c >= 48 && c <= 57
const isTextStart = (c: number) => c === CH_SQUOTE || c === CH_DQUOTE
const isNumberStart = (c: number) => c === CH_MINUS || isDigit(c)
// = ? ! > < ~
const isSignStart = (c: number) =>
  c === 61 || c === 63 || c === 33 || c === 62 || c === 60 || c === 126
const isJoinStart = (c: number) => c === CH_AMP || c === CH_PIPE
const isSpecialIdentifierStart = (c: number) => c === CH_AT || c === CH_UNDERSCORE || c === CH_HASH
const isIdentifierStart = (c: number) => isLetter(c) || isSpecialIdentifierStart(c)
const isIdentifierPart = (c: number) =>
  isLetter(c) || isDigit(c) || c === CH_DOT || c === CH_COLON || c === CH_UNDERSCORE

/** fexpr's identifier check: not ending with `.`/`:` and not a lone `@`, `_` or `#`. */
function isValidIdentifier(literal: string): boolean {
  const length = literal.length
  if (length === 0) {
    return false
  }
  const last = literal.charCodeAt(length - 1)
  if (last === CH_DOT || last === CH_COLON) {
    return false
  }
  return length !== 1 || !isSpecialIdentifierStart(literal.charCodeAt(0))
}

/** Scans one window `[start, end)` of a filter text. */
export class FilterScanner {
  readonly #text: string
  readonly #end: number
  readonly #maxFuncDepth: number
  /** Start offset of a group's `(` → offset of its matching `)`, shared by nested scanners. */
  readonly #groupEnds: Map<number, number>
  #pos: number

  constructor(
    text: string,
    options: {
      start?: number
      end?: number
      maxFuncDepth?: number
      groupEnds?: Map<number, number>
    } = {},
  ) {
    this.#text = text
    this.#pos = options.start ?? 0
    this.#end = options.end ?? text.length
    this.#maxFuncDepth = options.maxFuncDepth ?? 3
    this.#groupEnds = options.groupEnds ?? new Map()
  }

  /** The group-extent memo, to hand to the scanner of a nested group. */
  get groupEnds(): Map<number, number> {
    return this.#groupEnds
  }

  /** Reads the next token; throws {@link FilterSyntaxError} on invalid input. */
  scan(): Token {
    const c = this.#peek()
    if (c === EOF || c === CH_NUL) {
      return { type: 'eof', literal: '' }
    }
    if (isWhitespace(c)) {
      return this.#scanWhitespace()
    }
    if (c === CH_LPAREN) {
      return this.#scanGroup()
    }
    if (isIdentifierStart(c)) {
      return this.#scanIdentifier(this.#maxFuncDepth)
    }
    if (isNumberStart(c)) {
      return this.#scanNumber()
    }
    if (isTextStart(c)) {
      return this.#scanText()
    }
    if (isSignStart(c)) {
      return this.#scanRun(isSignStart, 'sign', isSignOp, 'invalid sign operator')
    }
    if (isJoinStart(c)) {
      return this.#scanRun(
        isJoinStart,
        'join',
        (s) => s === '&&' || s === '||',
        'invalid join operator',
      )
    }
    if (c === CH_SLASH) {
      return this.#scanComment()
    }
    const ch = String.fromCodePoint(this.#text.codePointAt(this.#pos)!)
    throw new FilterSyntaxError(`unexpected character ${JSON.stringify(ch)}`)
  }

  #peek(): number {
    return this.#pos < this.#end ? this.#text.charCodeAt(this.#pos) : EOF
  }

  #scanWhitespace(): Token {
    const start = this.#pos
    while (isWhitespace(this.#peek())) {
      this.#pos++
    }
    const literal = this.#text.slice(start, this.#pos)
    this.#skipNul()
    return { type: 'whitespace', literal }
  }

  /** A U+0000 right after a token ends it and is consumed with it (fexpr's `read()` of `eof`). */
  #skipNul(): void {
    if (this.#peek() === CH_NUL) {
      this.#pos++
    }
  }

  #scanRun(
    accepts: (c: number) => boolean,
    type: 'sign' | 'join',
    valid: (s: string) => boolean,
    message: string,
  ): Token {
    const start = this.#pos
    while (accepts(this.#peek())) {
      this.#pos++
    }
    const literal = this.#text.slice(start, this.#pos)
    if (!valid(literal)) {
      throw new FilterSyntaxError(`${message} ${JSON.stringify(literal)}`)
    }
    this.#skipNul()
    return { type, literal }
  }

  #scanNumber(): Token {
    const start = this.#pos
    let hadDot = false
    for (;;) {
      const c = this.#peek()
      // note: like fexpr, '-' only as the first character and a single '.'
      const ok = isDigit(c) || (c === CH_MINUS && this.#pos === start) || (c === CH_DOT && !hadDot)
      if (!ok) {
        break
      }
      hadDot ||= c === CH_DOT
      this.#pos++
    }
    const literal = this.#text.slice(start, this.#pos)
    if (
      literal === '-' ||
      literal.charCodeAt(0) === CH_DOT ||
      literal.charCodeAt(literal.length - 1) === CH_DOT
    ) {
      throw new FilterSyntaxError(`invalid number ${JSON.stringify(literal)}`)
    }
    this.#skipNul()
    return { type: 'number', literal }
  }

  /** Quoted text with fexpr v0.6 escapes: `\n \t \r \\ \' \"`; any other `\x` stays as typed. */
  #scanText(): Token {
    const open = this.#pos
    const quote = this.#text.charCodeAt(this.#pos++)
    let out = ''
    let chunkStart = this.#pos
    for (;;) {
      const c = this.#peek()
      if (c === EOF || c === CH_NUL) {
        throw new FilterSyntaxError(
          `invalid quoted text ${JSON.stringify(this.#text.slice(open, this.#end))}`,
        )
      }
      if (c === quote) {
        out += this.#text.slice(chunkStart, this.#pos)
        this.#pos++
        return { type: 'text', literal: out }
      }
      if (c !== CH_BACKSLASH) {
        this.#pos++
        continue
      }
      out += this.#text.slice(chunkStart, this.#pos)
      this.#pos++ // the backslash
      const next = this.#peek()
      if (next === EOF || next === CH_NUL) {
        chunkStart = this.#pos
        continue // reported as unterminated above
      }
      this.#pos++
      switch (next) {
        case 110: // n
          out += '\n'
          break
        case 116: // t
          out += '\t'
          break
        case 114: // r
          out += '\r'
          break
        case CH_BACKSLASH:
        case CH_SQUOTE:
        case CH_DQUOTE:
          out += String.fromCharCode(next)
          break
        default:
          out += '\\' + String.fromCharCode(next)
      }
      chunkStart = this.#pos
    }
  }

  #scanComment(): Token {
    if (this.#text.charCodeAt(this.#pos + 1) !== CH_SLASH || this.#pos + 1 >= this.#end) {
      throw new FilterSyntaxError('invalid comment')
    }
    this.#pos += 2
    const start = this.#pos
    while (this.#pos < this.#end && this.#peek() !== CH_LF && this.#peek() !== CH_NUL) {
      this.#pos++
    }
    const literal = this.#text.slice(start, this.#pos).trim()
    if (this.#pos < this.#end) {
      this.#pos++ // the newline (or U+0000)
    }
    return { type: 'comment', literal }
  }

  #scanIdentifier(funcDepth: number): Token {
    const start = this.#pos
    this.#pos++ // the start character, validated by the caller
    for (;;) {
      const c = this.#peek()
      if (c === CH_LPAREN) {
        const name = this.#text.slice(start, this.#pos)
        if (funcDepth <= 0) {
          throw new FilterLimitError(
            `max nested function arguments reached (max: ${this.#maxFuncDepth})`,
          )
        }
        if (!isValidIdentifier(name)) {
          throw new FilterSyntaxError(`invalid function name ${JSON.stringify(name)}`)
        }
        return this.#scanFunctionArgs(name, funcDepth)
      }
      if (!isIdentifierPart(c)) {
        break
      }
      this.#pos++
    }
    const literal = this.#text.slice(start, this.#pos)
    if (!isValidIdentifier(literal)) {
      throw new FilterSyntaxError(`invalid identifier ${JSON.stringify(literal)}`)
    }
    this.#skipNul()
    return { type: 'identifier', literal }
  }

  #scanFunctionArgs(name: string, funcDepth: number): Token {
    this.#pos++ // '('
    const args: Token[] = []
    let expectComma = false
    for (;;) {
      const c = this.#peek()
      if (c === EOF || c === CH_NUL) {
        throw new FilterSyntaxError(
          `invalid or incomplete function ${JSON.stringify(name)} (expected ')')`,
        )
      }
      if (c === CH_RPAREN) {
        this.#pos++
        return { type: 'function', literal: name, args }
      }
      if (isWhitespace(c)) {
        this.#scanWhitespace()
        continue
      }
      if (c === CH_SLASH) {
        this.#scanComment()
        continue
      }
      const isComma = c === CH_COMMA
      if (expectComma && !isComma) {
        throw new FilterSyntaxError(
          `expected comma after the last argument in function ${JSON.stringify(name)}`,
        )
      }
      if (!expectComma && isComma) {
        throw new FilterSyntaxError(`unexpected comma in function ${JSON.stringify(name)}`)
      }
      expectComma = false
      if (isComma) {
        this.#pos++
        continue
      }
      if (isIdentifierStart(c)) {
        args.push(this.#scanIdentifier(funcDepth - 1))
      } else if (isNumberStart(c)) {
        args.push(this.#scanNumber())
      } else if (isTextStart(c)) {
        args.push(this.#scanText())
      } else {
        const ch = String.fromCodePoint(this.#text.codePointAt(this.#pos)!)
        throw new FilterSyntaxError(
          `unsupported argument character ${JSON.stringify(ch)} in function ${JSON.stringify(name)}`,
        )
      }
      expectComma = true
    }
  }

  /** A `( … )` group: finds the matching `)` (memoised for every nested group on the way). */
  #scanGroup(): Token {
    const open = this.#pos
    let close = this.#groupEnds.get(open)
    if (close === undefined) {
      close = this.#matchGroup(open)
    }
    this.#pos = close + 1
    return {
      type: 'group',
      literal: this.#text.slice(open + 1, close),
      start: open + 1,
      end: close,
    }
  }

  #matchGroup(open: number): number {
    const text = this.#text
    const stack = [open]
    let i = open + 1
    while (i < this.#end) {
      const c = text.charCodeAt(i)
      if (c === CH_NUL) {
        break // reported as unclosed below
      }
      if (c === CH_LPAREN) {
        stack.push(i)
      } else if (c === CH_RPAREN) {
        const start = stack.pop()!
        this.#groupEnds.set(start, i)
        if (stack.length === 0) {
          return i
        }
      } else if (isTextStart(c)) {
        i = this.#skipQuoted(i)
      }
      i++
    }
    throw new FilterSyntaxError(
      `invalid formatted group - missing ${stack.length} closing bracket(s)`,
    )
  }

  /** Returns the offset of the closing quote of the text starting at `at`, honouring `\` escapes. */
  #skipQuoted(at: number): number {
    const text = this.#text
    const quote = text.charCodeAt(at)
    let i = at + 1
    while (i < this.#end) {
      const c = text.charCodeAt(i)
      if (c === CH_NUL || (c === CH_BACKSLASH && text.charCodeAt(i + 1) === CH_NUL)) {
        break // reported as unterminated below
      }
      if (c === CH_BACKSLASH) {
        i += 2
        continue
      }
      if (c === quote) {
        return i
      }
      i++
    }
    throw new FilterSyntaxError(`invalid quoted text ${JSON.stringify(text.slice(at, this.#end))}`)
  }
}
