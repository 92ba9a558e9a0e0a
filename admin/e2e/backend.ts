/**
 * @module The server the dashboard e2e tests run against, behind one function: {@link startBackend}.
 *
 * Default: the Isobase Node CLI (`node adapters/node/dist/cli.js serve`), which serves the dashboard
 * at `/_/` itself and prints the installer link like PocketBase. `ISOBASE_ADMIN_BACKEND=pocketbase`
 * runs the reference PocketBase binary instead (`.ref/base`, or `$ISOBASE_REF_PB`), which serves its
 * own UI at `/_/`; ours is then served by a small static server (see `admin-server.ts`) that forwards
 * every other path to PocketBase. The Service Worker backend is in `sw-backend.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAdminServer } from './admin-server.js'

/** The repository root (admin/dist-test/ → ../../). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The superuser every suite signs in as (created by the installer test, or on first use). */
export const SUPERUSER = { email: 'admin@example.com', password: 'admin-password-1' } as const

/** A running server under test. */
export interface Backend {
  /** origin that serves the dashboard at `/_/` and the API at `/api/` (no trailing slash) */
  readonly origin: string
  /** the installer token of the fresh backend (the link the server printed, or the SW redirected to) */
  readonly installerToken: string
  /** what is being tested, for test names and logs */
  readonly name: string
  /**
   * A request to the backend's API from the tests (setup and checks, not UI steps): a plain `fetch`
   * for servers; for the Service Worker, made by a page it controls.
   */
  fetch(
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<Response>
  /** stops every process and removes the data dir */
  close(): Promise<void>
}

/** Either a started backend or the reason why none could be started (→ skip the tests). */
export type BackendResult =
  | { backend: Backend; skip?: undefined }
  | { backend?: undefined; skip: string }

/** Which server `ISOBASE_ADMIN_BACKEND` asks for: `isobase` (default) or `pocketbase` (the reference). */
export function serverKind(): 'isobase' | 'pocketbase' {
  const kind = process.env.ISOBASE_ADMIN_BACKEND ?? 'isobase'
  if (kind === 'isobase' || kind === 'pocketbase') {
    return kind
  }
  throw new Error(`ISOBASE_ADMIN_BACKEND must be "isobase" or "pocketbase", not "${kind}"`)
}

/**
 * Starts a fresh server with an empty data dir (no superuser yet, so it prints an installer link).
 * A missing Isobase build or reference binary is a skip reason, except on CI for Isobase.
 */
export async function startBackend(): Promise<BackendResult> {
  if (serverKind() === 'isobase') {
    const cli = join(REPO_ROOT, 'adapters', 'node', 'dist', 'cli.js')
    if (!existsSync(cli)) {
      if (process.env.CI) {
        throw new Error(`the Isobase CLI is not built (${cli}): npm test builds it first`)
      }
      return { skip: `the Isobase CLI is not built (${cli}); run npm run build` }
    }
    const server = await startServerProcess(process.execPath, [cli], 'Isobase (Node server)')
    return { backend: { ...server, origin: server.apiOrigin, fetch: fetchFrom(server.apiOrigin) } }
  }
  const bin = process.env.ISOBASE_REF_PB ?? join(REPO_ROOT, '.ref', 'base')
  if (!existsSync(bin)) {
    return {
      skip: `no reference PocketBase binary at ${bin} (set ISOBASE_REF_PB to run these tests)`,
    }
  }
  const server = await startServerProcess(bin, [], 'reference PocketBase')
  const admin = await startAdminServer(server.apiOrigin)
  return {
    backend: {
      name: server.name,
      origin: admin.origin,
      installerToken: server.installerToken,
      fetch: fetchFrom(admin.origin),
      async close() {
        await admin.close()
        await server.close()
      },
    },
  }
}

function fetchFrom(origin: string): Backend['fetch'] {
  return (path, init) => fetch(origin + path, init)
}

interface ServerProcess {
  readonly name: string
  readonly apiOrigin: string
  readonly installerToken: string
  close(): Promise<void>
}

/** Runs `<bin> <args> serve --http 127.0.0.1:<free port> --dir <tmp>` and waits for its installer line. */
async function startServerProcess(
  bin: string,
  args: string[],
  name: string,
): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-admin-e2e-'))
  const port = await freePort()
  // note: PocketBase writes auto-migrations to <dir>/../pb_migrations and reads hooks from
  // <dir>/../pb_hooks; everything stays inside our own temp dir and auto-migrations are off
  // (Isobase takes the same flags)
  const flags = [
    '--dir',
    join(dir, 'pb_data'),
    '--migrationsDir',
    join(dir, 'pb_migrations'),
    '--hooksDir',
    join(dir, 'pb_hooks'),
    '--automigrate=false',
  ]
  const child = spawn(bin, [...args, 'serve', '--http', `127.0.0.1:${port}`, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // no browser may be launched by the server for the installer link
    env: { ...process.env, BROWSER: 'true', DISPLAY: '' },
  })
  let output = ''
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()))
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()))
  const close = async () => {
    await stop(child)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const apiOrigin = `http://127.0.0.1:${port}`
    const token = await waitFor(
      () => /#\/pbinstall\/([\w.-]+)/.exec(output)?.[1],
      () => `${name} printed no installer link:\n${output}`,
      child,
    )
    await waitFor(
      async () => (await fetch(`${apiOrigin}/api/health`).catch(() => null))?.ok || undefined,
      () => `${name} never became healthy:\n${output}`,
      child,
    )
    return { name, apiOrigin, installerToken: token, close }
  } catch (err) {
    await close()
    throw err
  }
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  describe: () => string,
  child: ChildProcess,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (child.exitCode !== null) {
      throw new Error(`exited with ${child.exitCode}: ${describe()}`)
    }
    const v = await probe()
    if (v !== undefined) {
      return v
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(describe())
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve()
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** A currently free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0))
    })
  })
}

/** Creates a superuser through the API with the installer token (as the installer page does). */
export async function createSuperuser(
  backend: Backend,
  email: string,
  password: string,
): Promise<void> {
  const res = await backend.fetch('/api/collections/_superusers/records', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: backend.installerToken },
    body: JSON.stringify({ email, password, passwordConfirm: password }),
  })
  if (!res.ok) {
    throw new Error(`creating superuser failed: ${res.status} ${await res.text()}`)
  }
}

/** Signs in through the API and returns a superuser token, or the failed response's status. */
export async function superuserToken(
  backend: Backend,
  email: string,
  password: string,
): Promise<{ token: string } | { status: number; body: string }> {
  const res = await backend.fetch('/api/collections/_superusers/auth-with-password', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity: email, password }),
  })
  const text = await res.text()
  const token = res.ok ? (JSON.parse(text) as { token?: string }).token : undefined
  return token ? { token } : { status: res.status, body: text }
}

/** Calls the API as a superuser (test setup); throws on an error status. */
export async function api<T = unknown>(
  backend: Backend,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await backend.fetch(path, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: token },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) {
    throw new Error(`${method} ${path} → ${res.status} ${text}`)
  }
  return (text ? JSON.parse(text) : undefined) as T
}
