/**
 * @module `CREATE INDEX` statements parsed and rebuilt the way PocketBase does
 * (`tools/dbutils/index.go`): collections keep their indexes as raw SQL strings, and PocketBase
 * rewrites their table name, compares their definitions and finds unique ones through this parser.
 */
import { tokenize, trimChars } from './sql-tokenizer.js'

/** One indexed column (an identifier or an expression). */
export interface IndexColumn {
  name: string
  collate: string
  sort: string
}

/** A parsed `CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (cols) [WHERE expr]`. */
export interface ParsedIndex {
  schemaName: string
  indexName: string
  tableName: string
  where: string
  columns: IndexColumn[]
  unique: boolean
  optional: boolean
}

// note: Go's RE2 `\s` is [\t\n\f\r ] (no \v, no Unicode spaces); the classes below keep that meaning
const S = '[\\t\\n\\f\\r ]'
const NS = '[^\\t\\n\\f\\r ]'
const INDEX_REGEX = new RegExp(
  `create${S}+(unique${S}+)?${S}*index${S}*(if${S}+not${S}+exists${S}+)?(${NS}*)${S}+on${S}+(${NS}*)${S}*\\(([\\s\\S]*)\\)(?:${S}*where${S}+([\\s\\S]*))?`,
  'im',
)
const COLUMN_REGEX = new RegExp(
  `^([\\s\\S]+?)(?:${S}+collate${S}+(\\w+))?(?:${S}+(asc|desc))?$`,
  'im',
)
const TRIM = '`"\'[]\r\n\t\f\v '
const GO_SPACE = ' \t\n\v\f\r\u0085\u00a0'

/** An empty (invalid) index. */
function emptyIndex(): ParsedIndex {
  return {
    schemaName: '',
    indexName: '',
    tableName: '',
    where: '',
    columns: [],
    unique: false,
    optional: false,
  }
}

/**
 * Parses a `CREATE INDEX` statement. Anything unparsable gives an index that is not
 * {@link isValidIndex} (PocketBase never fails here; callers check validity).
 */
export function parseIndex(sql: string): ParsedIndex {
  const result = emptyIndex()
  const m = INDEX_REGEX.exec(sql)
  if (!m) {
    return result
  }
  result.unique = trimChars(m[1] ?? '', GO_SPACE) !== ''
  result.optional = trimChars(m[2] ?? '', GO_SPACE) !== ''

  let nameParts: string[]
  try {
    nameParts = tokenize(m[3] ?? '', { separators: ['.'] })
  } catch {
    nameParts = []
  }
  if (nameParts.length === 2) {
    result.schemaName = trimChars(nameParts[0]!, TRIM)
    result.indexName = trimChars(nameParts[1]!, TRIM)
  } else {
    result.indexName = trimChars(nameParts[0] ?? '', TRIM)
  }

  result.tableName = trimChars(m[4] ?? '', TRIM)

  let rawColumns: string[]
  try {
    rawColumns = tokenize(m[5] ?? '', { separators: [','] })
  } catch {
    rawColumns = []
  }
  for (const col of rawColumns) {
    const cm = COLUMN_REGEX.exec(col)
    if (!cm) {
      continue
    }
    const name = trimChars(cm[1] ?? '', TRIM)
    if (name === '') {
      continue
    }
    result.columns.push({
      name,
      collate: trimChars(cm[2] ?? '', GO_SPACE),
      sort: (cm[3] ?? '').toUpperCase(),
    })
  }

  result.where = trimChars(m[6] ?? '', GO_SPACE)
  return result
}

/** Whether the index has the minimum parts to be built: a name, a table and at least one column. */
export function isValidIndex(idx: ParsedIndex): boolean {
  return idx.indexName !== '' && idx.tableName !== '' && idx.columns.length > 0
}

/** Builds the `CREATE INDEX` statement (PocketBase's formatting); `''` when the index is not valid. */
export function buildIndex(idx: ParsedIndex): string {
  if (!isValidIndex(idx)) {
    return ''
  }
  let str = 'CREATE '
  if (idx.unique) str += 'UNIQUE '
  str += 'INDEX '
  if (idx.optional) str += 'IF NOT EXISTS '
  if (idx.schemaName !== '') str += '`' + idx.schemaName + '`.'
  str += '`' + idx.indexName + '` '
  str += 'ON `' + idx.tableName + '` ('
  const multi = idx.columns.length > 1
  if (multi) str += '\n  '
  let hasCol = false
  for (const col of idx.columns) {
    const name = trimChars(col.name, GO_SPACE)
    if (name === '') {
      continue
    }
    if (hasCol) str += ',\n  '
    // an expression is written as is, a plain identifier backtick-quoted
    str += col.name.includes('(') || col.name.includes(' ') ? name : '`' + name + '`'
    if (col.collate !== '') str += ' COLLATE ' + col.collate
    if (col.sort !== '') str += ' ' + col.sort.toUpperCase()
    hasCol = true
  }
  if (hasCol && multi) str += '\n'
  str += ')'
  if (idx.where !== '') str += ' WHERE ' + idx.where
  return str
}

/** The first UNIQUE index over exactly the one `column` (case-insensitive), if any. */
export function findSingleColumnUniqueIndex(
  indexes: readonly string[],
  column: string,
): ParsedIndex | undefined {
  for (const raw of indexes) {
    const idx = parseIndex(raw)
    if (
      idx.unique &&
      idx.columns.length === 1 &&
      idx.columns[0]!.name.toLowerCase() === column.toLowerCase()
    ) {
      return idx
    }
  }
  return undefined
}
