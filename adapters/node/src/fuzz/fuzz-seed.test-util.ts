/**
 * @module The fuzz data set, created through the public API so that Isobase and PocketBase start from
 * the same collections and rows (fixed ids, values from a seeded generator, never the clock).
 */
import { SUPERUSER, type LiveTarget } from './live-target.test-util.js'

/** Tokens and ids the fuzz requests use. */
export interface FuzzWorld {
  tokens: { superuser: string; alice: string; bob: string }
  users: string[]
  posts: string[]
  tags: string[]
  comments: string[]
}

export const ALICE = { id: 'fuzzalice000001', email: 'alice@fuzz.test', name: 'Alice' }
export const BOB = { id: 'fuzzbob00000001', email: 'bob@fuzz.test', name: 'Bob ✓' }
const USER_PASSWORD = 'fuzz-user-password'

/** The `posts` rules: owners see theirs, everyone sees active posts. */
export const POSTS_LIST_RULE = 'owner = @request.auth.id || active = true'

/** Mulberry32: a small deterministic generator, so both targets get identical rows. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const id = (prefix: string, n: number) => prefix + String(n).padStart(15 - prefix.length, '0')

async function json(t: LiveTarget, method: string, path: string, body: unknown, token?: string): Promise<any> {
  const res = await t.send({
    method,
    path,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: JSON.stringify(body),
  })
  if (res.status !== 200) {
    throw new Error(`${t.name}: ${method} ${path} → ${res.status} ${res.text}`)
  }
  return JSON.parse(res.text)
}

/** Creates the collections and rows; returns tokens and ids. */
export async function seedFuzzWorld(t: LiveTarget): Promise<FuzzWorld> {
  const auth = await json(t, 'POST', '/api/collections/_superusers/auth-with-password', {
    identity: SUPERUSER.email,
    password: SUPERUSER.password,
  })
  const su = auth.token as string
  const usersId = (await getJson(t, '/api/collections/users', su)).id as string

  const tags = await json(
    t,
    'POST',
    '/api/collections',
    {
      name: 'tags',
      type: 'base',
      listRule: '',
      viewRule: '',
      fields: [
        { name: 'name', type: 'text', max: 20 },
        { name: 'rank', type: 'number' },
      ],
    },
    su,
  )
  const posts = await json(
    t,
    'POST',
    '/api/collections',
    {
      name: 'posts',
      type: 'base',
      listRule: POSTS_LIST_RULE,
      viewRule: POSTS_LIST_RULE,
      createRule: '@request.auth.id != "" && @request.body.owner = @request.auth.id',
      updateRule: 'owner = @request.auth.id',
      deleteRule: 'owner = @request.auth.id',
      fields: [
        { name: 'title', type: 'text', required: true, max: 50 },
        { name: 'body', type: 'editor' },
        { name: 'views', type: 'number', min: 0, max: 1000000, onlyInt: true },
        { name: 'active', type: 'bool' },
        { name: 'kind', type: 'select', values: ['a', 'b', 'c'], maxSelect: 1 },
        { name: 'labels', type: 'select', values: ['x', 'y', 'z'], maxSelect: 3 },
        { name: 'meta', type: 'json', maxSize: 2000 },
        { name: 'link', type: 'url' },
        { name: 'contact', type: 'email' },
        { name: 'published', type: 'date' },
        { name: 'owner', type: 'relation', collectionId: usersId, maxSelect: 1 },
        { name: 'tags', type: 'relation', collectionId: tags.id, maxSelect: 5 },
        { name: 'secret', type: 'text', hidden: true },
        { name: 'loc', type: 'geoPoint' },
        { name: 'files', type: 'file', maxSelect: 2, maxSize: 4000 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
    },
    su,
  )
  await json(
    t,
    'POST',
    '/api/collections',
    {
      name: 'comments',
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '@request.auth.id != ""',
      fields: [
        { name: 'post', type: 'relation', collectionId: posts.id, maxSelect: 1, cascadeDelete: true },
        { name: 'text', type: 'text' },
      ],
    },
    su,
  )

  const world: FuzzWorld = { tokens: { superuser: su, alice: '', bob: '' }, users: [], posts: [], tags: [], comments: [] }
  for (const u of [ALICE, BOB]) {
    await json(
      t,
      'POST',
      '/api/collections/users/records',
      { ...u, password: USER_PASSWORD, passwordConfirm: USER_PASSWORD, verified: true },
      su,
    )
    world.users.push(u.id)
  }
  const rnd = prng(20260101)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const words = ['alpha', 'beta', "o'neil", 'say "hi"', 'ünïcode ✓', '100%', 'a_b', 'semi;colon', '']
  for (let i = 1; i <= 6; i++) {
    world.tags.push((await json(t, 'POST', '/api/collections/tags/records', { id: id('tag', i), name: pick(words).slice(0, 20), rank: i }, su)).id)
  }
  for (let i = 1; i <= 24; i++) {
    const body = {
      id: id('post', i),
      title: `${pick(words)} ${i}`,
      body: `<p>${pick(words)}</p>`,
      views: Math.floor(rnd() * 1000),
      active: rnd() < 0.5,
      kind: pick(['a', 'b', 'c', '']),
      labels: ['x', 'y', 'z'].filter(() => rnd() < 0.4),
      meta: pick([null, { a: 1, b: [1, 'two'] }, { a: 'x', nested: { deep: true } }, [1, 2, 3], 'str']),
      link: pick(['', 'https://example.com/a']),
      contact: pick(['', 'c@example.com']),
      published: pick(['', '2024-01-02 03:04:05.000Z']),
      owner: pick([ALICE.id, BOB.id, '']),
      tags: world.tags.filter(() => rnd() < 0.3),
      secret: pick(['s1', 's2', '']),
      loc: { lon: Math.round(rnd() * 3600) / 10 - 180, lat: Math.round(rnd() * 1800) / 10 - 90 },
    }
    world.posts.push((await json(t, 'POST', '/api/collections/posts/records', body, su)).id)
  }
  for (let i = 1; i <= 30; i++) {
    const body = { id: id('comm', i), post: pick(world.posts), text: pick(words) }
    world.comments.push((await json(t, 'POST', '/api/collections/comments/records', body, su)).id)
  }
  const login = async (email: string) =>
    (await json(t, 'POST', '/api/collections/users/auth-with-password', { identity: email, password: USER_PASSWORD }))
      .token as string
  world.tokens.alice = await login(ALICE.email)
  world.tokens.bob = await login(BOB.email)
  return world
}

async function getJson(t: LiveTarget, path: string, token: string): Promise<any> {
  const res = await t.send({ method: 'GET', path, headers: { authorization: token } })
  if (res.status !== 200) {
    throw new Error(`${t.name}: GET ${path} → ${res.status} ${res.text}`)
  }
  return JSON.parse(res.text)
}
