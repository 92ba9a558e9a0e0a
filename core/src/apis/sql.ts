/**
 * @module `POST /api/sql`: the superuser SQL console of PocketBase v0.39 (`apis/sql.go`).
 */
import type { App } from '../app.js'
import { requireSuperuserAuth } from '../auth/auth-middleware.js'
import { splitSqlStatements } from '../db/sql-statements.js'
import { SqliteError } from '../db/sqlite-error.js'
import type { SqlValue } from '../db/sqlite-port.js'
import { checkLength, errRequired } from '../fields/validators.js'
import { badRequest } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'

const MAX_ROWS = 1000
const WRITE_PREFIXES = ['INSERT', 'CREATE', 'UPDATE', 'DELETE', 'DROP', 'DETACH', 'ALTER', 'REPLACE']

// SQLite's sqlite3_errstr texts, which Go's driver puts in front of its messages
const ERRSTR: Record<number, string> = {
  1: 'SQL logic error',
  2: 'internal logic error',
  5: 'database is locked',
  6: 'database table is locked',
  8: 'attempt to write a readonly database',
  11: 'database disk image is malformed',
  13: 'database or disk is full',
  18: 'string or blob too big',
  19: 'constraint failed',
  20: 'datatype mismatch',
  21: 'bad parameter or other API misuse',
  25: 'column index out of range',
}

/** Registers the SQL console route. */
export function bindSqlApi(app: App): void {
  app.router.post('/api/sql', requireSuperuserAuth(), runSql)
}

/** Go-style driver error text: `SQL logic error: near "x": syntax error (1)`. */
function driverErrorText(err: unknown): string {
  if (err instanceof SqliteError) {
    const primary = err.resultCode & 0xff
    return `${ERRSTR[primary] ?? 'SQL logic error'}: ${err.message} (${err.resultCode})`
  }
  return err instanceof Error ? err.message : String(err)
}

function cell(value: SqlValue): string | null {
  if (value === null) return null
  if (value instanceof Uint8Array) return new TextDecoder().decode(value)
  return String(value)
}

async function runSql(e: RequestEvent): Promise<Response> {
  let data: Record<string, unknown>
  try {
    data = (await e.body()).data
  } catch (err) {
    throw badRequest('An error occurred while loading the submitted data.', {}, err)
  }
  if (data.query !== undefined && data.query !== null && typeof data.query !== 'string') {
    throw badRequest('An error occurred while loading the submitted data.')
  }
  const query = ((data.query as string | undefined) ?? '').trim()
  const lengthError = (data.query as string | undefined) === undefined || data.query === '' ? errRequired() : checkLength(String(data.query), 0, 5000)
  if (lengthError) {
    throw badRequest('An error occurred while validating the submitted data.', { query: lengthError })
  }

  const upper = query.toUpperCase()
  const isWrite = !upper.startsWith('SELECT') && WRITE_PREFIXES.some((p) => upper.startsWith(p))
  const statements = splitSqlStatements(query)
  const started = performance.now()
  const result = { execTime: 0, affectedRows: 0, columns: [] as { name: string; type: string; nullable: boolean }[], rows: [] as (string | null)[][] }
  try {
    if (isWrite) {
      await e.app.runInTransaction(async (txApp) => {
        for (const stmt of statements) {
          const r = await txApp.db().run(stmt)
          result.affectedRows = r.changes
        }
      })
      // a schema change may have touched collection tables
      await e.app.reloadCachedCollections()
    } else {
      let rows: Record<string, SqlValue>[] = []
      for (const stmt of statements) {
        rows = await e.app.db().all(stmt)
      }
      const names = rows.length > 0 ? Object.keys(rows[0]!) : []
      result.columns = names.map((name) => ({ name, type: '', nullable: true }))
      result.rows = rows.slice(0, MAX_ROWS).map((row) => names.map((n) => cell(row[n] ?? null)))
    }
  } catch (err) {
    throw badRequest('Failed to execute query. Raw error:\n' + driverErrorText(err))
  }
  result.execTime = Math.round(performance.now() - started)
  return e.json(200, result)
}
