/**
 * @module The server the dashboard e2e tests run against, behind one function: {@link startBackend}.
 *
 * Today the backend is the reference PocketBase binary (`.ref/base`, or `$ISOBASE_REF_PB`), which
 * serves its own UI at `/_/`; so ours is served by a small static server (see `admin-server.ts`) that
 * forwards every other path to PocketBase. Without the binary (CI), {@link startBackend} returns a
 * skip reason. Setting `ISOBASE_ADMIN_BACKEND=isobase` runs the Isobase Node CLI instead, which
 * serves the dashboard itself; making that the default is the planned switch.
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

/** A running server under test. */
export interface Backend {
  /** origin that serves the dashboard at `/_/` and the API at `/api/` (no trailing slash) */
  readonly origin: string
  /** the installer token the server printed at start (empty when it printed none) */
  readonly installerToken: string
  /** what is being tested, for test names and logs */
  readonly name: string
  /** stops every process and removes the data dir */
  close(): Promise<void>
}

/** Either a started backend or the reason why none could be started (→ skip the tests). */
export type BackendResult = { backend: Backend; skip?: undefined } | { backend?: undefined; skip: string }

/** Starts a fresh backend with an empty data dir (no superuser yet, so it prints an installer link). */
export async function startBackend(): Promise<BackendResult> {
  const kind = process.env.ISOBASE_ADMIN_BACKEND ?? 'reference'
  if (kind === 'isobase') {
    const cli = join(REPO_ROOT, 'adapters', 'node', 'dist', 'cli.js')
    if (!existsSync(cli)) {
      return { skip: `the Isobase CLI is not built (${cli})` }
    }
    const server = await startServerProcess(process.execPath, [cli], 'isobase')
    return { backend: { ...server, origin: server.apiOrigin } }
  }
  const bin = process.env.ISOBASE_REF_PB ?? join(REPO_ROOT, '.ref', 'base')
  if (!existsSync(bin)) {
    return { skip: `no reference PocketBase binary at ${bin} (set ISOBASE_REF_PB to run these tests)` }
  }
  const server = await startServerProcess(bin, [], 'reference PocketBase')
  const admin = await startAdminServer(server.apiOrigin)
  return {
    backend: {
      name: server.name,
      origin: admin.origin,
      installerToken: server.installerToken,
      async close() {
        await admin.close()
        await server.close()
      },
    },
  }
}

interface ServerProcess {
  readonly name: string
  readonly apiOrigin: string
  readonly installerToken: string
  close(): Promise<void>
}

/** Runs `<bin> <args> serve --http 127.0.0.1:<free port> --dir <tmp>` and waits for its installer line. */
async function startServerProcess(bin: string, args: string[], name: string): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-admin-e2e-'))
  const port = await freePort()
  // note: PocketBase writes auto-migrations to <dir>/../pb_migrations and reads hooks from
  // <dir>/../pb_hooks; everything stays inside our own temp dir and auto-migrations are off
  const flags =
    name === 'isobase'
      ? ['--dir', join(dir, 'pb_data')]
      : [
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
export async function createSuperuser(backend: Backend, email: string, password: string): Promise<void> {
  const res = await fetch(`${backend.origin}/api/collections/_superusers/records`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: backend.installerToken },
    body: JSON.stringify({ email, password, passwordConfirm: password }),
  })
  if (!res.ok) {
    throw new Error(`creating superuser failed: ${res.status} ${await res.text()}`)
  }
}

/** Signs in through the API and returns a superuser token (for test setup, not for UI steps). */
export async function superuserToken(backend: Backend, email: string, password: string): Promise<string> {
  const res = await fetch(`${backend.origin}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity: email, password }),
  })
  const body = (await res.json()) as { token?: string }
  if (!res.ok || !body.token) {
    throw new Error(`superuser sign-in failed: ${res.status} ${JSON.stringify(body)}`)
  }
  return body.token
}

/** Calls the API as a superuser (test setup); throws on an error status. */
export async function api<T = unknown>(
  backend: Backend,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${backend.origin}${path}`, {
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
