import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import { sendRawRequest } from '../http-replay.js'
import { isValidJson } from '../json-compact.js'
import type { Scenario } from '../scenario.js'
import type {
  ApiResponse,
  CollectionJson,
  DbName,
  PreStartContext,
  ServerContext,
} from './setup-types.js'
import { runSqliteCli, SUPERUSER_TOKEN } from './sqlite-cli.js'

function dbPath(dataDir: string, db: DbName = 'data'): string {
  return join(dataDir, db === 'data' ? 'data.db' : 'auxiliary.db')
}

/** Builds the context handed to `beforeStart`. */
export function createPreStartContext(scenario: Scenario, dataDir: string): PreStartContext {
  return {
    scenario,
    dataDir,
    async sql(statements, db) {
      await runSqliteCli(dbPath(dataDir, db), statements)
    },
    async query<T>(select: string, db?: DbName) {
      const out = await runSqliteCli(dbPath(dataDir, db), select, true)
      return (out.trim() === '' ? [] : JSON.parse(out)) as T[]
    },
    async writeFile(relativePath, content) {
      const path = resolve(dataDir, relativePath)
      if (!path.startsWith(resolve(dataDir) + sep)) throw new Error(`path escapes data dir: ${relativePath}`)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, content)
    },
  }
}

/** Builds the context handed to `beforeRequest`. */
export function createServerContext(scenario: Scenario, dataDir: string, port: number): ServerContext {
  const request: ServerContext['request'] = async (method, path, opts = {}) => {
    const body =
      opts.body === undefined
        ? null
        : typeof opts.body === 'string'
          ? new TextEncoder().encode(opts.body)
          : opts.body
    const headers: Array<[string, string]> = [['Host', `127.0.0.1:${port}`]]
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers.push([k, v])
    if (body) headers.push(['Content-Length', String(body.length)])
    const res = await sendRawRequest(
      { method, target: path, headers, body },
      { host: '127.0.0.1', port, timeoutMs: 60000 },
    )
    return {
      status: res.status,
      body: res.body,
      json: isValidJson(res.body) ? JSON.parse(res.body.toString('utf8')) : undefined,
    }
  }

  const api: ServerContext['api'] = async (method, path, body) => {
    const res = await request(method, path, {
      headers: { Authorization: SUPERUSER_TOKEN, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (res.status < 200 || res.status > 299) {
      throw new Error(`setup ${method} ${path} answered ${res.status}: ${res.body.toString('utf8').slice(0, 500)}`)
    }
    return res
  }

  return {
    scenario,
    dataDir,
    baseUrl: `http://127.0.0.1:${port}`,
    api,
    request,
    async updateCollection(nameOrId, mutate) {
      const path = `/api/collections/${encodeURIComponent(nameOrId)}`
      const current = (await api('GET', path)).json as CollectionJson
      mutate(current)
      return (await api('PATCH', path, current)).json as CollectionJson
    },
    async updateSettings(patch) {
      await api('PATCH', '/api/settings', patch)
    },
  }
}
