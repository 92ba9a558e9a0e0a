/**
 * @module The reference PocketBase binary (`.ref/base`, or `$PB_BINARY`) for interop tests: superuser
 * set-up, serving a data dir on a free 127.0.0.1 port, JSON calls, and stopping it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { freePort } from '../test-util/free-port.js'

/** The reference binary path. */
export const PB_BINARY =
  process.env.PB_BINARY || fileURLToPath(new URL('../../../../.ref/base', import.meta.url))

/** Why interop tests must skip, or undefined when the binary is there. */
export function pocketbaseUnavailable(): string | undefined {
  return existsSync(PB_BINARY) ? undefined : `no reference PocketBase binary at ${PB_BINARY}`
}

export { freePort }

/** `base superuser upsert EMAIL PASS --dir DIR`. */
export function pbSuperuserUpsert(dir: string, email: string, password: string): void {
  const res = spawnSync(PB_BINARY, ['superuser', 'upsert', email, password, '--dir', dir], {
    encoding: 'utf8',
    timeout: 30_000,
  })
  if (res.status !== 0) {
    throw new Error(`superuser upsert failed: ${res.stderr || res.stdout}`)
  }
}

/** `base migrate ARGS --dir DIR --migrationsDir M` (non-interactive commands only). */
export function pbMigrate(dir: string, migrationsDir: string, args: string[]): string {
  const res = spawnSync(
    PB_BINARY,
    ['migrate', ...args, '--dir', dir, '--migrationsDir', migrationsDir],
    {
      encoding: 'utf8',
      timeout: 30_000,
      input: 'y\n',
    },
  )
  if (res.status !== 0) {
    throw new Error(`migrate ${args.join(' ')} failed: ${res.stderr || res.stdout}`)
  }
  return res.stdout
}

/** A served PocketBase. */
export interface PocketBaseServer {
  readonly url: string
  output(): string
  /** JSON (or empty) response of a call. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown },
  ): Promise<{ status: number; json: unknown }>
  /** Polls until `check` resolves true (or throws after `timeoutMs`). */
  waitFor(check: () => Promise<boolean>, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

/** Serves `dir` with the reference binary (automigrate only when `migrationsDir` is given). */
export async function startPocketBase(
  dir: string,
  migrationsDir?: string,
): Promise<PocketBaseServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const args = ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir]
  args.push(
    ...(migrationsDir
      ? ['--migrationsDir', migrationsDir, '--automigrate=true']
      : ['--automigrate=false']),
  )
  const child: ChildProcess = spawn(PB_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')))
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const call: PocketBaseServer['call'] = async (method, path, options = {}) => {
    const res = await fetch(url + path, {
      method,
      headers: {
        ...(options.token ? { Authorization: options.token } : {}),
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    })
    const text = await res.text()
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null }
  }
  const waitFor: PocketBaseServer['waitFor'] = async (check, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      try {
        if (await check()) return
      } catch {
        // not answering yet
      }
      if (Date.now() > deadline) {
        throw new Error(`PocketBase: condition not met in ${timeoutMs} ms\n${output.slice(-2000)}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const server: PocketBaseServer = {
    url,
    output: () => output,
    call,
    waitFor,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await exited
      }
    },
  }
  try {
    await waitFor(async () => (await call('GET', '/api/health')).status === 200)
  } catch (err) {
    await server.stop()
    throw err
  }
  return server
}

/** A superuser token from PocketBase's password auth. */
export async function pbSuperuserToken(
  pb: PocketBaseServer,
  email: string,
  password: string,
): Promise<string> {
  const res = await pb.call('POST', '/api/collections/_superusers/auth-with-password', {
    body: { identity: email, password },
  })
  if (res.status !== 200) {
    throw new Error(`superuser auth failed: ${JSON.stringify(res.json)}`)
  }
  return (res.json as { token: string }).token
}
