/**
 * @module A small resolver for the generic compiler's tests: plain columns of "t", a json column,
 * multi-valued paths with a fake multi-match subquery, a request-like value, an afterBuild hook.
 */
import { FilterResolveError } from './filter-error.js'
import type { FieldResolver, MultiMatchSubquery, ResolvedOperand } from './field-resolver.js'

const multi = (col: string): MultiMatchSubquery => ({
  value: { sql: `"mm"."${col}"`, params: [] },
  build: (v) => ({
    sql: `SELECT ${v.sql} AS "multiMatchValue" FROM "m" "mm" WHERE "mm"."t" = "t"."id"`,
    params: v.params,
  }),
})

/** The resolver; its clock is fixed at 2024-02-10 15:04:05.123 UTC. */
export const testResolver: FieldResolver = {
  rowid: '"t"."_rowid_"',
  now: () => new Date('2024-02-10T15:04:05.123Z'),
  resolve(name: string): ResolvedOperand {
    if (['a', 'b', 'n', 'title'].includes(name)) {
      return { sql: `"t"."${name}"`, params: [] }
    }
    switch (name) {
      case 'j':
        return { sql: `JSON_EXTRACT("t"."j", '$')`, params: [], nullFallback: 'disabled' }
      case 'many':
        return { sql: '"m"."v"', params: [], multiMatch: multi('v') }
      case 'many2':
        return { sql: '"m"."w"', params: [], multiMatch: multi('w') }
      case 'val':
        return { sql: '?', params: ['v1'] }
      case 'email':
        return {
          sql: '"t"."email"',
          params: [],
          afterBuild: (e) => ({ sql: `((${e.sql}) AND ("t"."vis" = TRUE))`, params: e.params }),
        }
    }
    throw new FilterResolveError(`unknown field ${name}`)
  },
}
