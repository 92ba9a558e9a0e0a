/**
 * @module Live servers for the records fuzz: Isobase on Node (a temp `pb_data`, 127.0.0.1, a short
 * query timeout, every SQL text it runs recorded) and, for differential runs, the reference PocketBase
 * binary. Both are driven over real HTTP with the same raw requests.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createApp,
  RecordModel,
  saveRecord,
  silentLogger,
  type SqlExecutor,
  type SqliteDatabase,
  type SqliteOpener,
  type SqliteTransaction,
} from '@isobase/core'
import { nodePlatform, openNodeApp } from '../node-app.js'
import { startServer } from '../server.js'
import { createNodeSqliteOpener } from '../sqlite/node-sqlite.js'
import { freePort, waitUntilUp } from '../test-util/free-port.js'

export const SUPERUSER = { email: 'fuzz-su@example.com', password: 'fuzz-su-password' }

/** A raw HTTP request (the body as sent: text or form data). */
export interface RawRequest {
  method: string
  path: string
  headers?: Record<string, string>
  body?: string | FormData
}

/** A raw response. */
export interface RawResponse {
  status: number
  contentType: string
  text: string
}

/** A running server under test. */
export interface LiveTarget {
  readonly name: string
  readonly url: string
  send(req: RawRequest): Promise<RawResponse>
  close(): Promise<void>
}

/** Isobase's live target, with the SQL texts it ran since the last `takeSql()`. */
export interface IsobaseTarget extends LiveTarget {
  /** The SQL texts run since the last call (each statement's text, never its parameters). */
  takeSql(): string[]
}

async function send(base: string, req: RawRequest): Promise<RawResponse> {
  const res = await fetch(base + req.path, {
    method: req.method,
    headers: req.headers ?? {},
    ...(req.body !== undefined ? { body: req.body } : {}),
  })
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() }
}

/**
 * Isobase on Node over a temp directory: `openNodeApp` + `startServer` on 127.0.0.1, read-only
 * statements limited to `queryTimeoutMs`, a superuser. The directory is removed on close.
 */
export async function startIsobase(options: { queryTimeoutMs: number }): Promise<IsobaseTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-fuzz-'))
  const sql: string[] = []
  const platform = nodePlatform(dir, false)
  const app = createApp({
    ...platform,
    logger: silentLogger,
    sqlite: recordingOpener(createNodeSqliteOpener(dir, { queryTimeoutMs: options.queryTimeoutMs }), sql),
  })
  const node = await openNodeApp({ dir, app })
  try {
    const su = new RecordModel(node.app.findCachedCollection('_superusers')!)
    su.set('email', SUPERUSER.email)
    su.set('password', SUPERUSER.password)
    await saveRecord(node.app, su)
    const server = await startServer(node.app, '127.0.0.1', 0)
    return {
      name: 'isobase',
      url: server.url,
      send: (req) => send(server.url, req),
      takeSql: () => sql.splice(0),
      async close() {
        try {
          await server.close(0)
          await node.close()
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      },
    }
  } catch (err) {
    await node.close()
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
}

/** The reference PocketBase binary on 127.0.0.1 over a temp directory (removed on close). */
export async function startPocketBase(bin: string): Promise<LiveTarget> {
  const root = mkdtempSync(join(tmpdir(), 'isobase-fuzz-ref-'))
  const migrationsDir = join(root, 'migrations')
  mkdirSync(migrationsDir)
  const common = ['--dir', join(root, 'pb_data'), '--automigrate=false', '--migrationsDir', migrationsDir]
  execFileSync(bin, ['superuser', 'upsert', SUPERUSER.email, SUPERUSER.password, ...common], {
    stdio: 'ignore',
  })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(bin, ['serve', '--http', `127.0.0.1:${port}`, ...common], { stdio: 'ignore' })
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(root, { recursive: true, force: true })
  }
  try {
    await waitUntilUp(`${url}/api/health`)
  } catch (err) {
    await close()
    throw err
  }
  return { name: 'pocketbase', url, send: (req) => send(url, req), close }
}

/** Wraps an opener so that every statement's SQL text is appended to `log`. */
function recordingOpener(inner: SqliteOpener, log: string[]): SqliteOpener {
  return {
    async open(name) {
      return recordingDatabase(await inner.open(name), log)
    },
  }
}

function recordingExecutor<T extends SqlExecutor>(inner: T, log: string[]): SqlExecutor {
  return {
    all: (sql, params) => (log.push(sql), inner.all(sql, params)),
    get: (sql, params) => (log.push(sql), inner.get(sql, params)),
    run: (sql, params) => (log.push(sql), inner.run(sql, params)),
    exec: (sql) => (log.push(sql), inner.exec(sql)),
  }
}

function recordingTransaction(inner: SqliteTransaction, log: string[]): SqliteTransaction {
  return {
    ...recordingExecutor(inner, log),
    transaction: (fn) => inner.transaction((tx) => fn(recordingTransaction(tx, log))),
  }
}

function recordingDatabase(inner: SqliteDatabase, log: string[]): SqliteDatabase {
  return {
    ...recordingExecutor(inner, log),
    info: inner.info,
    transaction: (fn, options) => inner.transaction((tx) => fn(recordingTransaction(tx, log)), options),
    close: () => inner.close(),
  }
}
