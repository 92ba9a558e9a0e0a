/**
 * @module `sort=-created,title,@random,@rowid` → ORDER BY terms (PocketBase `tools/search/sort.go`).
 */
import { FilterError, FilterLimitError, FilterResolveError } from './filter-error.js'
import { FILTER_LIMITS } from './filter-limits.js'
import type { FieldResolver } from './field-resolver.js'
import { utf8Length } from './utf8-length.js'
import type { SqlFragment } from './sql-fragment.js'
import { isValueOperand } from './token-functions.js'

/** One sort field. */
export interface SortField {
  readonly name: string
  readonly direction: 'ASC' | 'DESC'
}

/** Splits a `sort` query value: comma list, `-` prefix = DESC, optional `+` prefix = ASC, items trimmed. */
export function parseSort(text: string): SortField[] {
  return text.split(',').map((raw) => {
    const field = raw.trim()
    return field.startsWith('-')
      ? { name: field.slice(1), direction: 'DESC' }
      : { name: field.startsWith('+') ? field.slice(1) : field, direction: 'ASC' }
  })
}

/** Options of {@link compileSort}. */
export interface CompileSortOptions {
  /** Default `FILTER_LIMITS.maxSortFields` (8). */
  readonly maxFields?: number
  /** Default `FILTER_LIMITS.maxSortFieldLength` (255 bytes). */
  readonly maxFieldLength?: number
}

/**
 * Compiles a `sort` value into ORDER BY terms. `@random` is `RANDOM()`, `@rowid` the table's row id;
 * other names must resolve to a column expression (not a bound value and not `NULL`).
 *
 * @throws FilterLimitError (too many / too long fields) or FilterResolveError (invalid field).
 * @example compileSort('-created,title', resolver) // ['"demo"."created" DESC', '"demo"."title" ASC']
 */
export function compileSort(
  sort: string | readonly SortField[],
  resolver: FieldResolver,
  options: CompileSortOptions = {},
): SqlFragment[] {
  const fields = typeof sort === 'string' ? parseSort(sort) : sort
  if (fields.length > (options.maxFields ?? FILTER_LIMITS.maxSortFields)) {
    throw new FilterLimitError('max sort expressions limit reached')
  }
  const maxLength = options.maxFieldLength ?? FILTER_LIMITS.maxSortFieldLength
  return fields.map((field) => {
    if (utf8Length(field.name) > maxLength) {
      throw new FilterLimitError('max sort field length limit reached')
    }
    if (field.name === '@random') {
      return { sql: 'RANDOM()', params: [] }
    }
    if (field.name === '@rowid') {
      if (!resolver.rowid) {
        // note: PocketBase emits `_rowid_` anyway and fails in SQLite (400) on views
        throw new FilterResolveError('invalid sort field "@rowid"')
      }
      return { sql: `${resolver.rowid} ${field.direction}`, params: [] }
    }
    let resolved
    try {
      resolved = resolver.resolve(field.name)
    } catch (err) {
      if (err instanceof FilterError) {
        throw new FilterResolveError(`invalid sort field ${JSON.stringify(field.name)}`, {
          cause: err,
        })
      }
      throw err
    }
    if (isValueOperand(resolved) || resolved.sql === '' || resolved.sql.toLowerCase() === 'null') {
      throw new FilterResolveError(`invalid sort field ${JSON.stringify(field.name)}`)
    }
    return { sql: `${resolved.sql} ${field.direction}`, params: resolved.params }
  })
}
