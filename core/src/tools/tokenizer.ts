/**
 * @module Splits text on separators outside quotes and parentheses (PocketBase `tools/tokenizer`),
 * used for `fields`, `expand` and modifier arguments.
 */

const WHITESPACE = '\t\n\v\f\r \u0085\u00a0'

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  separators?: string[]
  /** Treat `(` `)` as plain characters (default false: separators inside parentheses don't split). */
  ignoreParenthesis?: boolean
  keepEmptyTokens?: boolean
}

/** Thrown for unbalanced parentheses or quotes. */
export class TokenizeError extends Error {}

/** Splits `text` into trimmed tokens. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const separators = options.separators ?? [',']
  const trimChars = WHITESPACE + separators.join('')
  const trim = (s: string) => {
    let a = 0
    let b = s.length
    while (a < b && trimChars.includes(s[a]!)) a++
    while (b > a && trimChars.includes(s[b - 1]!)) b--
    return s.slice(a, b)
  }
  const tokens: string[] = []
  let i = 0
  const chars = [...text]
  while (i < chars.length) {
    let buf = ''
    let parens = 0
    let quote = ''
    let prev = ''
    for (; i < chars.length; i++) {
      const ch = chars[i]!
      if (prev !== '\\') {
        if (!options.ignoreParenthesis && ch === '(' && quote === '') {
          parens++
        } else if (!options.ignoreParenthesis && ch === ')' && parens > 0 && quote === '') {
          parens--
        } else if (ch === '"' || ch === "'" || ch === '`') {
          if (quote === ch) quote = ''
          else if (quote === '') quote = ch
        }
      }
      if (separators.includes(ch) && parens === 0 && quote === '') {
        i++
        break
      }
      prev = ch
      buf += ch
    }
    if (parens > 0 || quote !== '') {
      throw new TokenizeError(`unbalanced parenthesis or quoted expression: ${JSON.stringify(buf)}`)
    }
    const token = trim(buf)
    if (token !== '' || options.keepEmptyTokens) {
      tokens.push(token)
    }
  }
  return tokens
}
