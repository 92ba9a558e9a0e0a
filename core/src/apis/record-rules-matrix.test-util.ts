/**
 * @module Test harness of the API rules matrix: the same HTTP conversation against this app in
 * process, or against the reference PocketBase binary (to settle expected outcomes), and the seed data
 * both start from. Everything is set up through the public API, so both targets see the same calls.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { call, createAuthRecord, newAuthTestApp } from './record-auth.test-util.js'

/** A status and parsed JSON body (null when empty). */
export interface Reply {
  status: number
  json: any
}

/** A server the matrix talks to. */
export interface Target {
  readonly name: string
  call(method: string, path: string, body?: unknown, token?: string): Promise<Reply>
  close(): Promise<void>
}

export const SUPERUSER = { email: 'matrix-su@example.com', password: 'matrix-su-pass-1' }

/** This app, in process, over memory databases. */
export async function inProcessTarget(): Promise<Target> {
  const t = await newAuthTestApp()
  await createAuthRecord(t.app, '_superusers', SUPERUSER)
  return {
    name: 'isobase',
    call: (method, path, body, token) =>
      call(t.app, method, path, body, token ? { authorization: token } : {}),
    close: () => t.close(),
  }
}

/**
 * The reference PocketBase binary serving a fresh data directory on 127.0.0.1 (no migrations, a
 * superuser made with `superuser upsert`). The directory is removed on close.
 */
export async function referenceTarget(bin: string): Promise<Target> {
  const root = mkdtempSync(join(tmpdir(), 'isobase-matrix-ref-'))
  const dataDir = join(root, 'pb_data')
  const migrationsDir = join(root, 'migrations')
  mkdirSync(migrationsDir)
  const common = ['--dir', dataDir, '--automigrate=false', '--migrationsDir', migrationsDir]
  execFileSync(bin, ['superuser', 'upsert', SUPERUSER.email, SUPERUSER.password, ...common], {
    stdio: 'ignore',
  })
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const child = spawn(bin, ['serve', '--http', `127.0.0.1:${port}`, ...common], {
    stdio: 'ignore',
  })
  const close = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(root, { recursive: true, force: true })
  }
  try {
    await waitUntilUp(`${base}/api/health`)
  } catch (err) {
    await close()
    throw err
  }
  return {
    name: 'pocketbase',
    call: async (method, path, body, token) => {
      const headers: Record<string, string> = token ? { authorization: token } : {}
      let payload: string | undefined
      if (body !== undefined) {
        payload = typeof body === 'string' ? body : JSON.stringify(body)
        headers['content-type'] = 'application/json'
      }
      const res = await fetch(base + path, { method, headers, body: payload })
      const text = await res.text()
      return { status: res.status, json: text === '' ? null : JSON.parse(text) }
    },
    close,
  }
}

/** The reference binary named by `ISOBASE_REF_PB` (opt-in: never needed by `npm test`), if it exists. */
export function referenceBinary(): string | undefined {
  const bin = process.env.ISOBASE_REF_PB
  return bin && existsSync(bin) ? bin : undefined
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))))
    })
  })
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) {
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${url} did not come up`)
}

// ---- seed data -------------------------------------------------------------------------------------

/** An auth user of the matrix. */
export interface User {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly verified: boolean
}

/** A post as stored (including the hidden `secret`). */
export interface Post {
  readonly id: string
  readonly title: string
  readonly owner: string
  readonly status: string
  readonly counter: number
  readonly secret: string
}

export const ALICE: User = { id: 'alice0000000001', email: 'alice@example.com', name: 'alice', verified: true }
export const BOB: User = { id: 'bob000000000001', email: 'bob@example.com', name: 'bob', verified: false }
const USER_PASSWORD = 'matrix-user-pass'

export const POSTS: readonly Post[] = [
  { id: 'post00000000001', title: 'alpha', owner: ALICE.id, status: 'public', counter: 1, secret: 's1' },
  { id: 'post00000000002', title: 'beta ok', owner: ALICE.id, status: 'draft', counter: 9, secret: 's2' },
  { id: 'post00000000003', title: 'gamma', owner: BOB.id, status: 'public', counter: 4, secret: 's1' },
  { id: 'post00000000004', title: `a'b"c; --`, owner: BOB.id, status: 'draft', counter: 7, secret: '' },
]

/** `members` rows: who may see which post under the membership rule (plain text columns). */
export const MEMBERS = [
  { id: 'memb00000000001', user: ALICE.id, post: POSTS[2]!.id },
  { id: 'memb00000000002', user: BOB.id, post: POSTS[1]!.id },
]

/** Tokens after seeding. */
export interface Seeded {
  superuser: string
  alice: string
  bob: string
}

/** Creates `posts`, `members`, two users and the seed rows through the API; returns the tokens. */
export async function seed(t: Target): Promise<Seeded> {
  const su = await expectOk(
    t.call('POST', '/api/collections/_superusers/auth-with-password', {
      identity: SUPERUSER.email,
      password: SUPERUSER.password,
    }),
  )
  const superuser = su.json.token as string
  const users = await expectOk(t.call('GET', '/api/collections/users', undefined, superuser))
  await expectOk(
    t.call(
      'POST',
      '/api/collections',
      {
        name: 'posts',
        type: 'base',
        fields: [
          { name: 'title', type: 'text' },
          { name: 'owner', type: 'relation', collectionId: users.json.id, maxSelect: 1 },
          { name: 'status', type: 'text' },
          { name: 'counter', type: 'number' },
          { name: 'secret', type: 'text', hidden: true },
        ],
      },
      superuser,
    ),
  )
  await expectOk(
    t.call(
      'POST',
      '/api/collections',
      {
        name: 'members',
        type: 'base',
        fields: [
          { name: 'user', type: 'text' },
          { name: 'post', type: 'text' },
        ],
      },
      superuser,
    ),
  )
  for (const u of [ALICE, BOB]) {
    await expectOk(
      t.call(
        'POST',
        '/api/collections/users/records',
        { ...u, password: USER_PASSWORD, passwordConfirm: USER_PASSWORD },
        superuser,
      ),
    )
  }
  for (const p of POSTS) {
    await expectOk(t.call('POST', '/api/collections/posts/records', p, superuser))
  }
  for (const m of MEMBERS) {
    await expectOk(t.call('POST', '/api/collections/members/records', m, superuser))
  }
  const login = async (u: User) =>
    (
      await expectOk(
        t.call('POST', '/api/collections/users/auth-with-password', {
          identity: u.email,
          password: USER_PASSWORD,
        }),
      )
    ).json.token as string
  return { superuser, alice: await login(ALICE), bob: await login(BOB) }
}

/** Awaits a reply and fails with its body unless it is a 2xx. */
export async function expectOk(reply: Promise<Reply>): Promise<Reply> {
  const r = await reply
  if (r.status < 200 || r.status > 299) {
    throw new Error(`expected success, got ${r.status}: ${JSON.stringify(r.json)}`)
  }
  return r
}
