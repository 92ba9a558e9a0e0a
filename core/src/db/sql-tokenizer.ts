/**
 * @module A rudimentary splitter that respects quotes and parentheses (PocketBase `tools/tokenizer`),
 * used to read `CREATE INDEX` statements and view queries the same way PocketBase reads them.
 */

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  /** Characters that end a token outside quotes/parentheses (default `,`). */
  readonly separators?: readonly string[]
  /** Keep the separator at the end of its token (default false). */
  readonly keepSeparator?: boolean
  /** Keep empty tokens (default false). */
  readonly keepEmptyTokens?: boolean
}

// note: the whitespace runes Go's tokenizer trims (unless they are separators)
const WHITESPACE = ['\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00a0']
const QUOTES = new Set(["'", '"', '`'])

/** Thrown for an unbalanced parenthesis or quote, with PocketBase's message. */
export class TokenizeError extends Error {
  constructor(token: string) {
    super(`unbalanced parenthesis or quoted expression: ${JSON.stringify(token)}`)
    this.name = 'TokenizeError'
  }
}

/**
 * Splits `text` into trimmed tokens at `separators` that are outside quotes (`'`, `"`, backtick) and
 * parentheses; a backslash escapes the next quote or parenthesis.
 *
 * @throws TokenizeError when a quote or parenthesis is left open.
 * @example tokenize('a, b, (c, d)') // ['a', 'b', '(c, d)']
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const separators = new Set(options.separators ?? [','])
  const trimSet = new Set(WHITESPACE.filter((w) => !separators.has(w)))
  const chars = [...text]
  const tokens: string[] = []
  let pos = 0
  while (pos < chars.length) {
    let buf = ''
    let parens = 0
    let quote = ''
    let prev = ''
    for (; pos < chars.length; pos++) {
      const ch = chars[pos]!
      if (prev !== '\\') {
        if (ch === '(' && quote === '') {
          parens++
        } else if (ch === ')' && parens > 0 && quote === '') {
          parens--
        } else if (QUOTES.has(ch)) {
          if (quote === ch) {
            quote = ''
          } else if (quote === '') {
            quote = ch
          }
        }
      }
      if (separators.has(ch) && parens === 0 && quote === '') {
        if (options.keepSeparator) {
          buf += ch
        }
        pos++
        break
      }
      prev = ch
      buf += ch
    }
    if (parens > 0 || quote !== '') {
      throw new TokenizeError(buf)
    }
    const token = trimChars(buf, trimSet)
    if (token !== '' || options.keepEmptyTokens) {
      tokens.push(token)
    }
  }
  return tokens
}

/** Trims any of `set` from both ends (Go's `strings.Trim` with a cutset). */
export function trimChars(text: string, set: ReadonlySet<string> | string): string {
  const has = typeof set === 'string' ? (c: string) => set.includes(c) : (c: string) => set.has(c)
  const chars = [...text]
  let start = 0
  let end = chars.length
  while (start < end && has(chars[start]!)) start++
  while (end > start && has(chars[end - 1]!)) end--
  return chars.slice(start, end).join('')
}
