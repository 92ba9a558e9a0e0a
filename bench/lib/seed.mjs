// The benchmark data: the collections of pocketbase/benchmarks (organizations, permissions, users with
// an organization and permissions, posts10k/25k/50k/100k with title, description, public, type and
// author) plus `teams` (members → users, users.team → teams) for the relation-traversing rule of
// issue #5. Prepared once with Isobase into a pb_data that both servers then open as-is (each on its
// own copy). Rows are generated from a fixed seed, so every run serves the same data.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { newAuthToken, RecordModel, saveRecord } from '@isobase/core'
import { openNodeApp } from '@isobase/node'

/** Bump when the data below changes (cached seeds are keyed by it). */
export const SEED_VERSION = 3

export const POSTS = { posts10k: 10_000, posts25k: 25_000, posts50k: 50_000, posts100k: 100_000 }
export const COUNTS = { organizations: 100, permissions: 50, teams: 50, users: 500 }
export const USER_PASSWORD = '1234567890'
export const SUPERUSER = { email: 'bench-su@example.com', password: 'bench-superuser-1' }
export const DESCRIPTION =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit. Donec sit amet sodales nisl, quis pretium nunc. Suspendisse vel auctor velit, sed luctus lectus. Phasellus rhoncus imperdiet feugiat. Duis et laoreet felis, ut facilisis enim. Quisque aliquet aliquam magna eget eleifend. Duis sed tellus nibh. Nunc ac lacus auctor, scelerisque magna congue, euismod purus. Fusce sollicitudin pharetra egestas. Quisque pulvinar augue nec aliquam placerat. Suspendisse dapibus ornare sodales.'

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

function idMaker(rand) {
  return () => {
    let s = ''
    for (let i = 0; i < 15; i++) s += ALPHABET[Math.floor(rand() * 36)]
    return s
  }
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)]

/** PocketBase's datetime text for `ms` since the epoch. */
const pbDate = (ms) => new Date(ms).toISOString().replace('T', ' ')

async function api(app, token, method, path, body) {
  const res = await app.request(path, {
    method,
    headers: { authorization: token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}

const AUTODATES = [
  { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
  { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
]

const postFields = (usersId) => [
  { name: 'title', type: 'text' },
  { name: 'description', type: 'editor' },
  { name: 'public', type: 'bool' },
  { name: 'type', type: 'select', maxSelect: 3, values: ['a', 'b', 'c', 'd'] },
  { name: 'author', type: 'relation', collectionId: usersId, maxSelect: 1, cascadeDelete: true },
  ...AUTODATES,
]

/** Creates the schema through the collections API (as a superuser would). */
async function createSchema(app, token) {
  const users = await api(app, token, 'GET', '/api/collections/users')
  const authOnly = "@request.auth.id != ''"
  const orgs = await api(app, token, 'POST', '/api/collections', {
    name: 'organizations', type: 'base', listRule: authOnly, viewRule: '', createRule: '', updateRule: '', deleteRule: '',
    fields: [{ name: 'name', type: 'text' }, ...AUTODATES],
  })
  const perms = await api(app, token, 'POST', '/api/collections', {
    name: 'permissions', type: 'base', listRule: authOnly, viewRule: '', createRule: '', updateRule: '', deleteRule: '',
    fields: [{ name: 'name', type: 'text' }, { name: 'active', type: 'bool' }, ...AUTODATES],
  })
  const teams = await api(app, token, 'POST', '/api/collections', {
    name: 'teams', type: 'base', listRule: authOnly, viewRule: '',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'members', type: 'relation', collectionId: users.id, maxSelect: 999 },
      ...AUTODATES,
    ],
  })
  await api(app, token, 'PATCH', '/api/collections/users', {
    listRule: authOnly, viewRule: '', createRule: '',
    fields: [
      ...users.fields,
      { name: 'username', type: 'text' },
      { name: 'organization', type: 'relation', collectionId: orgs.id, maxSelect: 1, cascadeDelete: true },
      { name: 'permissions', type: 'relation', collectionId: perms.id, maxSelect: 999, cascadeDelete: true },
      { name: 'team', type: 'relation', collectionId: teams.id, maxSelect: 1 },
    ],
  })
  for (const name of Object.keys(POSTS)) {
    await api(app, token, 'POST', '/api/collections', {
      name, type: 'base', listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '',
      fields: postFields(users.id),
    })
  }
}

/** Inserts every row in one transaction (one bcrypt hash shared by all users). */
async function insertRows(app) {
  const rand = prng(20260101)
  const newId = idMaker(rand)
  let clock = Date.UTC(2026, 0, 1)
  const stamp = () => pbDate((clock += 7))
  const hash = bcrypt.hashSync(USER_PASSWORD, 10)
  const orgIds = Array.from({ length: COUNTS.organizations }, newId)
  const permIds = Array.from({ length: COUNTS.permissions }, newId)
  const teamIds = Array.from({ length: COUNTS.teams }, newId)
  const userIds = Array.from({ length: COUNTS.users }, newId)
  await app.runInTransaction(async (tx) => {
    const db = tx.db()
    for (const [i, id] of orgIds.entries()) {
      const t = stamp()
      await db.run('INSERT INTO organizations (id, name, created, updated) VALUES (?, ?, ?, ?)', [id, `organizations${i}`, t, t])
    }
    for (const [i, id] of permIds.entries()) {
      const t = stamp()
      await db.run('INSERT INTO permissions (id, name, active, created, updated) VALUES (?, ?, ?, ?, ?)', [id, `permissions${i}`, i % 2 === 0 ? 1 : 0, t, t])
    }
    const members = teamIds.map(() => [])
    for (const [i, id] of userIds.entries()) {
      const t = stamp()
      const team = i % COUNTS.teams
      members[team].push(id)
      const perms = [pick(rand, permIds), pick(rand, permIds), pick(rand, permIds)]
      const tokenKey = Array.from({ length: 50 }, () => ALPHABET[Math.floor(rand() * 36)]).join('')
      await db.run(
        `INSERT INTO users (id, email, emailVisibility, verified, password, tokenKey, name, avatar, username,
           organization, permissions, team, created, updated) VALUES (?, ?, 0, 1, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`,
        [id, `users${i}@example.com`, hash, tokenKey, `users${i}`, `users${i}`, pick(rand, orgIds), JSON.stringify([...new Set(perms)]), teamIds[team], t, t],
      )
    }
    for (const [i, id] of teamIds.entries()) {
      const t = stamp()
      await db.run('INSERT INTO teams (id, name, members, created, updated) VALUES (?, ?, ?, ?, ?)', [id, `teams${i}`, JSON.stringify(members[i]), t, t])
    }
    const types = ['a', 'b', 'c', 'd']
    for (const [name, count] of Object.entries(POSTS)) {
      const sql = `INSERT INTO ${name} (id, title, description, public, type, author, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      for (let i = 0; i < count; i++) {
        const t = stamp()
        const type = [...new Set([pick(rand, types), pick(rand, types)])]
        await db.run(sql, [newId(), `${name}${i}`, DESCRIPTION, i % 2, JSON.stringify(type), pick(rand, userIds), t, t])
      }
    }
  })
  return { userIds, postIds: {} }
}

/**
 * A prepared pb_data (cached under `cacheDir`, rebuilt when SEED_VERSION changes). Resolves with the
 * directory and facts the scenarios need (a user id, the first user's team).
 */
export async function preparedData(cacheDir, log = () => {}) {
  const dir = join(cacheDir, `seed-v${SEED_VERSION}`)
  const done = join(dir, 'facts.json')
  if (existsSync(done)) return { dir: join(dir, 'pb_data'), facts: JSON.parse(readFileSync(done, 'utf8')) }
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  log('seeding the benchmark data (once; cached in ' + dir + ')…')
  const t = performance.now()
  const node = await openNodeApp({ dir: join(dir, 'pb_data') })
  try {
    const app = node.app
    const su = new RecordModel(app.findCachedCollection('_superusers'))
    su.load({ email: SUPERUSER.email, password: SUPERUSER.password })
    await saveRecord(app, su)
    const token = await newAuthToken(app, su)
    await createSchema(app, token)
    await insertRows(app)
    const user = await app.db().get('SELECT id, team FROM users WHERE email = ?', ['users0@example.com'])
    const facts = { userId: user.id, teamId: user.team, userEmail: 'users0@example.com' }
    // a checkpoint, so the copies start from one file
    await app.db().exec('PRAGMA wal_checkpoint(TRUNCATE)')
    await node.close()
    writeFileSync(done, JSON.stringify(facts))
    log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    return { dir: join(dir, 'pb_data'), facts }
  } catch (err) {
    await node.close().catch(() => {})
    throw err
  }
}

/** A fresh copy of the prepared pb_data for one server. */
export function copyData(from, to) {
  rmSync(to, { recursive: true, force: true })
  cpSync(from, to, { recursive: true })
}
