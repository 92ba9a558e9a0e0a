/**
 * @module Test-only routes the e2e entries register (a plain use of core as a library), never part of a
 * product bundle: raw SQL on the main database, so the smoke suite can check storage before a records
 * API exists, and the identity of the running backend instance, to prove a restart happened.
 */
import { badRequest, type App, type SqlValue } from '@isobase/core'

/** `POST` runs SQL on `app.db()`. */
export const E2E_SQL_PATH = '/api/_e2e/sql'
/** `GET` returns `{ instance }`, a random id made when the routes were bound (once per backend start). */
export const E2E_INSTANCE_PATH = '/api/_e2e/instance'

/** The SQL route's JSON body. */
export interface E2eSqlRequest {
  /** `exec`: several statements, no params; `run`: one change; `all`: one query. */
  mode: 'exec' | 'run' | 'all'
  sql: string
  params?: (string | number | null)[]
}

const MODES = new Set(['exec', 'run', 'all'])

/** Registers the e2e routes on `app`. */
export function bindE2eRoutes(app: App): void {
  const instance = crypto.randomUUID()
  app.router.get(E2E_INSTANCE_PATH, (e) => e.json(200, { instance }))
  app.router.post(E2E_SQL_PATH, async (e) => {
    const body = (await e.request.json().catch(() => undefined)) as
      | Partial<E2eSqlRequest>
      | undefined
    if (!body || typeof body.sql !== 'string' || !MODES.has(body.mode ?? '')) {
      throw badRequest('Expected {mode: exec|run|all, sql, params?}.')
    }
    const db = app.db()
    const params = body.params ?? []
    try {
      switch (body.mode) {
        case 'exec':
          await db.exec(body.sql)
          return e.json(200, {})
        case 'run': {
          const res = await db.run(body.sql, params)
          return e.json(200, { changes: res.changes, lastInsertRowid: Number(res.lastInsertRowid) })
        }
        default:
          return e.json(200, { rows: (await db.all(body.sql, params)).map(plainRow) })
      }
    } catch (err) {
      throw badRequest(`SQL failed: ${err instanceof Error ? err.message : String(err)}`, {}, err)
    }
  })
}

function plainRow(row: Record<string, SqlValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      typeof value === 'bigint'
        ? value.toString()
        : value instanceof Uint8Array
          ? [...value]
          : value
  }
  return out
}
