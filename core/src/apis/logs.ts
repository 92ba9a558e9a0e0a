/**
 * @module `/api/logs` (PocketBase `apis/logs.go`): list, hourly stats and view of `_logs`. Superusers only.
 */
import type { App } from '../app.js'
import { requireSuperuserAuth } from '../auth/auth-middleware.js'
import { FilterError } from '../filter/filter-error.js'
import { compileFilter } from '../filter/filter-compiler.js'
import { buildSelect } from '../filter/select-builder.js'
import { createSimpleFieldResolver } from '../filter/simple-field-resolver.js'
import { FILTER_LIMITS } from '../filter/filter-limits.js'
import { badRequest, notFound } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { SKIP_SUCCESS_ACTIVITY_LOG } from '../logs/activity-logger.js'
import { parseSearchParams, runSearch } from '../search/search-provider.js'
import type { SqlRow } from '../db/sqlite-port.js'

const LOG_FIELDS = ['id', 'created', 'level', 'message', 'data', /^data\.[\w.:]*\w+$/]

const resolver = (app: App) => createSimpleFieldResolver({ table: '_logs', allowedFields: LOG_FIELDS, now: () => app.now() })

/** A `_logs` row as PocketBase's `core.Log` JSON (`data` parsed). */
function logJson(row: SqlRow): Record<string, unknown> {
  let data: unknown = {}
  try {
    data = JSON.parse(String(row.data ?? '{}'))
  } catch {
    data = {}
  }
  return { id: row.id, created: row.created, data, message: row.message, level: Number(row.level) }
}

/** Registers the logs routes. */
export function bindLogsApi(app: App): void {
  const guard = requireSuperuserAuth()
  const skipLog = (e: RequestEvent) => {
    e.store.set(SKIP_SUCCESS_ACTIVITY_LOG, true)
  }
  app.router.get('/api/logs', guard, skipLog, logsList)
  app.router.get('/api/logs/stats', guard, skipLog, logsStats)
  app.router.get('/api/logs/:id', guard, skipLog, logsView)
}

async function logsList(e: RequestEvent): Promise<Response> {
  try {
    const result = await runSearch(
      { db: e.app.auxDb(), table: '_logs', resolver: resolver(e.app) },
      parseSearchParams(e.url.searchParams),
    )
    return e.json(200, { ...result, items: result.items.map(logJson) }, { searchResult: true })
  } catch (err) {
    throw err instanceof FilterError ? badRequest(undefined, {}, err) : err
  }
}

async function logsStats(e: RequestEvent): Promise<Response> {
  const r = resolver(e.app)
  const filter = e.url.searchParams.get('filter') ?? ''
  let where
  try {
    where = filter !== '' ? compileFilter(filter, r, { maxLength: FILTER_LIMITS.maxFilterLength }) : undefined
  } catch (err) {
    throw badRequest('Invalid filter format.', {}, err)
  }
  const q = buildSelect({
    from: '_logs',
    columns: "count(id) AS total, strftime('%Y-%m-%d %H:00:00', created) AS date",
    where: [where],
    resolver: r,
  })
  let rows: { total: number; date: string }[]
  try {
    rows = await e.app.auxDb().all(q.sql + ' GROUP BY date', q.params)
  } catch (err) {
    throw badRequest('Failed to generate logs stats.', {}, err)
  }
  // note: PocketBase renders the hour bucket through its DateTime type (`…:00.000Z`)
  return e.json(200, rows.map((row) => ({ date: `${row.date}.000Z`, total: Number(row.total) })))
}

async function logsView(e: RequestEvent): Promise<Response> {
  const id = e.params.id ?? ''
  if (id === '') {
    throw notFound()
  }
  const row = await e.app.auxDb().get<SqlRow>('SELECT * FROM `_logs` WHERE id = ? LIMIT 1', [id])
  if (!row) {
    throw notFound()
  }
  return e.json(200, logJson(row))
}
