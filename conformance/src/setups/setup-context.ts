import { mkdir, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { dirname, join, resolve, sep } from 'node:path'
import { sendRawRequest } from '../http-replay.js'
import { isValidJson } from '../json-compact.js'
import type { Scenario } from '../scenario.js'
import type {
  ApiResponse,
  CollectionJson,
  DataDirAccess,
  DbName,
  PreStartContext,
  ServerContext,
} from './setup-types.js'
import { runSqliteCli, SUPERUSER_TOKEN } from './sqlite-cli.js'

function dataDirAccess(dataDir: string, fixtureDir: string): DataDirAccess {
  const dbPath = (db: DbName = 'data') => join(dataDir, db === 'data' ? 'data.db' : 'auxiliary.db')
  return {
    dataDir,
    fixtureDir,
    async sql(statements, db) {
      await runSqliteCli(dbPath(db), statements)
    },
    async query<T>(select: string, db?: DbName) {
      const out = await runSqliteCli(dbPath(db), select, true)
      return (out.trim() === '' ? [] : JSON.parse(out)) as T[]
    },
    async writeFile(relativePath, content) {
      const path = resolve(dataDir, relativePath)
      if (!path.startsWith(resolve(dataDir) + sep)) {
        throw new Error(`path escapes the data dir: ${relativePath}`)
      }
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, content)
    },
  }
}

/** Builds the context handed to `beforeStart`. */
export function createPreStartContext(
  scenario: Scenario,
  dataDir: string,
  fixtureDir: string,
): PreStartContext {
  return { scenario, ...dataDirAccess(dataDir, fixtureDir) }
}

/** A server context plus the cleanups its setup registered. */
export interface ServerContextHandle {
  ctx: ServerContext
  runCleanups(): Promise<void>
}

/** Builds the context handed to `beforeRequest`. */
export function createServerContext(
  scenario: Scenario,
  dataDir: string,
  fixtureDir: string,
  port: number,
): ServerContextHandle {
  const cleanups: Array<() => void | Promise<void>> = []

  const request: ServerContext['request'] = async (method, path, opts = {}) => {
    const body =
      opts.body === undefined
        ? null
        : typeof opts.body === 'string'
          ? new TextEncoder().encode(opts.body)
          : opts.body
    const headers: Array<[string, string]> = [['Host', `127.0.0.1:${port}`]]
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers.push([k, v])
    if (body || ['POST', 'PUT', 'PATCH'].includes(method)) {
      headers.push(['Content-Length', String(body?.length ?? 0)])
    }
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
      const text = res.body.toString('utf8').slice(0, 500)
      throw new Error(`setup ${method} ${path} answered ${res.status}: ${text}`)
    }
    return res
  }

  const openRealtime: ServerContext['openRealtime'] = (headers = {}) =>
    new Promise((resolvePromise, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'GET',
        path: '/api/realtime',
        headers: { Host: `127.0.0.1:${port}`, ...headers },
        agent: false,
      })
      const timer = setTimeout(() => {
        req.destroy()
        reject(new Error('no PB_CONNECT within 5s'))
      }, 5000)
      cleanups.push(() => {
        clearTimeout(timer)
        req.destroy()
      })
      req.on('error', (err) => reject(err))
      req.on('response', (res) => {
        let buf = ''
        res.on('data', (chunk: Buffer) => {
          buf += chunk.toString('utf8')
          // an SSE message ends with a blank line; PB_CONNECT's data holds {"clientId":"..."}
          const m = /event:PB_CONNECT\n(?:[^\n]*\n)*?data:(\{[^\n]*\})\n/.exec(buf)
          if (m) {
            clearTimeout(timer)
            const { clientId } = JSON.parse(m[1]!) as { clientId: string }
            resolvePromise({ clientId, close: () => req.destroy() })
          }
        })
        res.on('error', () => undefined)
      })
      req.end()
    })

  const ctx: ServerContext = {
    scenario,
    ...dataDirAccess(dataDir, fixtureDir),
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
    openRealtime,
    onCleanup(fn) {
      cleanups.push(fn)
    },
  }
  return {
    ctx,
    async runCleanups() {
      for (const fn of cleanups.splice(0).reverse()) await fn()
    },
  }
}
