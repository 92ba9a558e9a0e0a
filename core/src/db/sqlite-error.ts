/**
 * @module The error every SQLite driver throws for a failed statement, so core can tell a constraint
 * violation from a corrupt file whatever the engine underneath.
 */

/** SQLite's primary result codes (https://sqlite.org/rescode.html), by number. */
const PRIMARY_CODES = [
  'SQLITE_OK',
  'SQLITE_ERROR',
  'SQLITE_INTERNAL',
  'SQLITE_PERM',
  'SQLITE_ABORT',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_NOMEM',
  'SQLITE_READONLY',
  'SQLITE_INTERRUPT',
  'SQLITE_IOERR',
  'SQLITE_CORRUPT',
  'SQLITE_NOTFOUND',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_PROTOCOL',
  'SQLITE_EMPTY',
  'SQLITE_SCHEMA',
  'SQLITE_TOOBIG',
  'SQLITE_CONSTRAINT',
  'SQLITE_MISMATCH',
  'SQLITE_MISUSE',
  'SQLITE_NOLFS',
  'SQLITE_AUTH',
  'SQLITE_FORMAT',
  'SQLITE_RANGE',
  'SQLITE_NOTADB',
  'SQLITE_NOTICE',
  'SQLITE_WARNING',
] as const

/** A primary result code name such as `SQLITE_CONSTRAINT` or `SQLITE_NOTADB`. */
export type SqliteErrorCode = (typeof PRIMARY_CODES)[number]

/** The extended codes core may branch on; others are named after their primary code. */
const EXTENDED_CODES: Readonly<Record<number, string>> = {
  261: 'SQLITE_BUSY_RECOVERY',
  517: 'SQLITE_BUSY_SNAPSHOT',
  275: 'SQLITE_CONSTRAINT_CHECK',
  531: 'SQLITE_CONSTRAINT_COMMITHOOK',
  787: 'SQLITE_CONSTRAINT_FOREIGNKEY',
  1043: 'SQLITE_CONSTRAINT_FUNCTION',
  1299: 'SQLITE_CONSTRAINT_NOTNULL',
  2835: 'SQLITE_CONSTRAINT_PINNED',
  1555: 'SQLITE_CONSTRAINT_PRIMARYKEY',
  2579: 'SQLITE_CONSTRAINT_ROWID',
  1811: 'SQLITE_CONSTRAINT_TRIGGER',
  2067: 'SQLITE_CONSTRAINT_UNIQUE',
  2323: 'SQLITE_CONSTRAINT_VTAB',
  1038: 'SQLITE_READONLY_CANTLOCK',
  520: 'SQLITE_READONLY_RECOVERY',
  266: 'SQLITE_IOERR_READ',
  522: 'SQLITE_IOERR_SHORT_READ',
  778: 'SQLITE_IOERR_WRITE',
  1034: 'SQLITE_IOERR_FSYNC',
  1290: 'SQLITE_IOERR_DIR_FSYNC',
  1546: 'SQLITE_IOERR_TRUNCATE',
  2570: 'SQLITE_IOERR_DELETE',
  3082: 'SQLITE_IOERR_NOMEM',
  3850: 'SQLITE_IOERR_LOCK',
  4874: 'SQLITE_IOERR_SHMOPEN',
  5386: 'SQLITE_IOERR_SHMLOCK',
  5642: 'SQLITE_IOERR_SHMMAP',
  267: 'SQLITE_CORRUPT_VTAB',
  779: 'SQLITE_CORRUPT_INDEX',
}

/**
 * A failed SQLite call: `message` is SQLite's own (`UNIQUE constraint failed: users.email`), `code` its
 * primary result code name and `extendedCode` the extended one.
 *
 * @example
 * if (err instanceof SqliteError && err.code === 'SQLITE_CONSTRAINT') { ... }
 */
export class SqliteError extends Error {
  /** Primary result code name, e.g. `SQLITE_CONSTRAINT`. */
  readonly code: SqliteErrorCode
  /** Extended result code name, e.g. `SQLITE_CONSTRAINT_UNIQUE`; equals `code` when there is none. */
  readonly extendedCode: string
  /** SQLite's numeric (extended) result code, e.g. 2067. */
  readonly resultCode: number

  constructor(message: string, resultCode: number, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SqliteError'
    this.resultCode = resultCode
    this.code = PRIMARY_CODES[resultCode & 0xff] ?? 'SQLITE_ERROR'
    this.extendedCode = EXTENDED_CODES[resultCode] ?? this.code
  }
}
