/**
 * @module Error text as PocketBase shows it after "Raw error:": SQLite errors read like Go's SQLite
 * driver writes them (`SQL logic error: no such column: x (1)`).
 */
import { SqliteError } from '../db/sqlite-error.js'

// note: sqlite3_errstr() of each primary result code
const ERRSTR: Record<number, string> = {
  1: 'SQL logic error',
  3: 'access permission denied',
  4: 'query aborted',
  5: 'database is locked',
  6: 'database table is locked',
  7: 'out of memory',
  8: 'attempt to write a readonly database',
  9: 'interrupted',
  10: 'disk I/O error',
  11: 'database disk image is malformed',
  12: 'unknown operation',
  13: 'database or disk is full',
  14: 'unable to open database file',
  15: 'locking protocol',
  17: 'database schema has changed',
  18: 'string or blob too big',
  19: 'constraint failed',
  20: 'datatype mismatch',
  21: 'bad parameter or other API misuse',
}

/** The text of an error for a "Raw error" message; SQLite errors in Go's driver format. */
export function errorText(err: unknown): string {
  if (err instanceof SqliteError) {
    const errstr = ERRSTR[err.resultCode & 0xff]
    return errstr ? `${errstr}: ${err.message} (${err.resultCode})` : err.message
  }
  return err instanceof Error ? err.message : String(err)
}
