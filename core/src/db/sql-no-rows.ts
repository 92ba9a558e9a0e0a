/**
 * @module Go's `sql.ErrNoRows`: the error PocketBase wraps in its "not found" answers when a lookup
 * finds nothing. Only its text matters here: it is what PocketBase's request logs show as `details`.
 */

/** The cause to give a 404 where PocketBase's lookup returned `sql.ErrNoRows`. */
export const SQL_NO_ROWS: Error = Object.freeze(new Error('sql: no rows in result set'))
