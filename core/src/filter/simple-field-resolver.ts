/**
 * @module A resolver for plain tables (logs and other non-record lists): allowed names → columns,
 * dotted names → `JSON_EXTRACT` paths (PocketBase `search.SimpleFieldResolver`).
 */
import { FilterResolveError } from './filter-error.js'
import type { FieldResolver, ResolvedOperand } from './field-resolver.js'
import { quoteColumn, quoteIdentifier } from './sql-fragment.js'

/** Options of {@link createSimpleFieldResolver}. */
export interface SimpleFieldResolverOptions {
  /** Table (or alias) the columns belong to. */
  readonly table: string
  /** Exact names or patterns; an empty list allows every `\w+(\.\w+)*` name. */
  readonly allowedFields: readonly (string | RegExp)[]
  /** Whether the table has a rowid for `@rowid` sorts (default true). */
  readonly hasRowid?: boolean
  readonly now?: () => Date
}

const NAME = /^\w+(\.\w+)*$/

/** Creates a resolver over one table, e.g. for `_logs`: `createSimpleFieldResolver({ table: '_logs', allowedFields: [/^\w+[\w.]*$/] })`. */
export function createSimpleFieldResolver(options: SimpleFieldResolverOptions): FieldResolver {
  const allowed = (name: string) =>
    options.allowedFields.length === 0 ||
    options.allowedFields.some((f) => (typeof f === 'string' ? f === name : f.test(name)))
  return {
    rowid: options.hasRowid === false ? null : quoteColumn(options.table, '_rowid_'),
    ...(options.now ? { now: options.now } : {}),
    resolve(name: string): ResolvedOperand {
      if (!allowed(name) || !NAME.test(name)) {
        throw new FilterResolveError(`failed to resolve field ${JSON.stringify(name)}`)
      }
      const [column, ...path] = name.split('.')
      if (path.length === 0) {
        return { sql: quoteColumn(options.table, column!), params: [] }
      }
      const jsonPath = '$' + path.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('')
      // note: the path is made of \w characters only (checked above), so it is safe inline
      return {
        sql: `JSON_EXTRACT(${quoteIdentifier(options.table)}.${quoteIdentifier(column!)}, '${jsonPath}')`,
        params: [],
        nullFallback: 'disabled',
      }
    },
  }
}
