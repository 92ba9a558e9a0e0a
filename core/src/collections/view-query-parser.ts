/**
 * @module PocketBase's loose reader of view queries (`core/view.go` identifiersParser): which columns a
 * `SELECT` returns (with their original expressions) and which tables it reads from. It is not an SQL
 * parser; it reproduces PocketBase's heuristics so views get the same inferred fields.
 */
import { tokenize, trimChars } from '../db/sql-tokenizer.js'

/** A selected column or a source table: its raw text and its alias. */
export interface SqlIdentifier {
  original: string
  alias: string
}

/** The columns and tables of a view query. */
export interface ParsedViewQuery {
  columns: SqlIdentifier[]
  tables: SqlIdentifier[]
}

// note: Go's RE2 `\s` is [\t\n\f\r ]
const S = '[\\t\\n\\f\\r ]'
const JOIN_REGEX = new RegExp(
  `${S}+(full${S}+outer${S}+join|left${S}+outer${S}+join|right${S}+outer${S}+join|full${S}+join|cross${S}+join|inner${S}+join|outer${S}+join|left${S}+join|right${S}+join|join)${S}+?`,
  'gim',
)
const DISCARD_REGEX = new RegExp(`${S}+(where|group${S}+by|having|order|limit|with)${S}+?`, 'gim')
const COMMENTS_REGEX = /(\/\*[\s\S]*?\*\/)|(--.+$)/gm
const GO_SPACE = ' \t\n\v\f\r\u0085\u00a0'

/** Thrown for a query PocketBase's reader rejects (`invalid identifier parts …`). */
export class ViewQueryParseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ViewQueryParseError'
  }
}

/**
 * Reads the selected columns and the FROM/JOIN tables of a `SELECT`.
 *
 * @throws ViewQueryParseError, TokenizeError
 */
export function parseViewQuery(selectQuery: string): ParsedViewQuery {
  let str = trimChars(trimChars(selectQuery, GO_SPACE), ';')
  str = str.replace(COMMENTS_REGEX, ' ')
  str = str.replace(JOIN_REGEX, ' __pb_join__ ')
  str = str.replace(DISCARD_REGEX, ' __pb_discard__ ')

  const tokens = tokenize(str, { separators: [',', ' ', '\n', '\t'], keepSeparator: true })
  let skip = false
  let part = ''
  let active: string[] | undefined
  const selectParts: string[] = []
  const fromParts: string[] = []
  const joinParts: string[] = []

  for (const token of tokens) {
    const trimmed = trimChars(token, GO_SPACE).toLowerCase()
    switch (trimmed) {
      case 'select':
        skip = false
        part = 'select'
        active = selectParts
        break
      case 'distinct':
        break
      case 'from':
        skip = false
        part = 'from'
        active = fromParts
        break
      case '__pb_join__':
        skip = false
        if (part === 'join') {
          joinParts.push(',')
        }
        part = 'join'
        active = joinParts
        break
      case '__pb_discard__':
        skip = true
        break
      default:
        if (part === 'join' && trimmed === 'on') {
          skip = true
        }
        if (!skip && active) {
          active.push(' ' + token)
        }
    }
  }

  return {
    columns: extractIdentifiers(selectParts.join('')),
    tables: [...extractIdentifiers(fromParts.join('')), ...extractIdentifiers(joinParts.join(''))],
  }
}

function extractIdentifiers(raw: string): SqlIdentifier[] {
  return tokenize(raw, { separators: [','] }).map((item) =>
    identifierFromParts(tokenize(item, { separators: [' ', '\n', '\t'] })),
  )
}

function identifierFromParts(parts: string[]): SqlIdentifier {
  let original: string
  let alias: string
  switch (parts.length) {
    case 3:
      if (parts[1]!.toLowerCase() !== 'as') {
        throw new ViewQueryParseError(`invalid identifier part - expected "as", got ${parts[1]}`)
      }
      original = parts[0]!
      alias = parts[2]!
      break
    case 2:
      original = parts[0]!
      alias = parts[1]!
      break
    case 1: {
      const sub = parts[0]!.split('.')
      original = parts[0]!
      alias = sub[sub.length - 1]!
      break
    }
    default:
      throw new ViewQueryParseError(`invalid identifier parts [${parts.join(' ')}]`)
  }
  // note: single quotes are trimmed from aliases too, as SQLite accepts them where an identifier is expected
  return {
    original: trimRawIdentifier(original, '`"[];'),
    alias: trimRawIdentifier(alias, '`"[];\''),
  }
}

function trimRawIdentifier(raw: string, chars: string): string {
  return raw
    .split('.')
    .map((p) => trimChars(p, chars))
    .join('.')
}
