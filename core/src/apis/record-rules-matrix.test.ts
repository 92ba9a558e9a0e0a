/**
 * API rules: rule shape × role × action, with the outcome each row must have written from PocketBase's
 * behaviour (list: filtered; view/update/delete: 404 when the rule fails; create: 400; `null` rule:
 * 403 for every non-superuser, guests included; superusers bypass every rule).
 *
 * Each shape's `holds` is an independent, hand-written reading of the rule over the seed rows; the
 * expected status and rows follow from it. Every mutation is checked against the stored data
 * afterwards: a refused create/update/delete must not have written anything, an accepted one must
 * have written exactly the request.
 *
 * Settled on the reference binary: the whole matrix runs unchanged against PocketBase v0.39.11 with
 * `ISOBASE_REF_PB=/work/main/.ref/base node scripts/run-tests.mjs record-rules-matrix` and agrees
 * row for row; the rows that were in doubt carry a `settled:` note.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  ALICE,
  BOB,
  MEMBERS,
  POSTS,
  inProcessTarget,
  referenceBinary,
  referenceTarget,
  seed,
  type Post,
  type Seeded,
  type Target,
  type User,
} from './record-rules-matrix.test-util.js'

type Role = 'guest' | 'alice' | 'bob' | 'superuser'
const ROLES: Role[] = ['guest', 'alice', 'bob', 'superuser']

/** What a rule can see besides the row: the requester, the (modifier-resolved) body, the method. */
interface RuleContext {
  auth: User | null
  body: Record<string, unknown>
  method: string
}

interface Shape {
  name: string
  rule: string | null
  /** Whether a non-null, non-empty rule holds for `row` (ignored for `null` and `''`). */
  holds: (row: Post, ctx: RuleContext) => boolean
}

const SHAPES: Shape[] = [
  { name: 'null: superusers only', rule: null, holds: () => false },
  { name: 'empty: everyone', rule: '', holds: () => true },
  { name: 'any authenticated', rule: '@request.auth.id != ""', holds: (_, c) => c.auth !== null },
  {
    name: 'owner',
    rule: 'owner = @request.auth.id',
    holds: (r, c) => c.auth !== null && r.owner === c.auth.id,
  },
  { name: 'record field', rule: 'status = "public"', holds: (r) => r.status === 'public' },
  {
    name: 'record field or owner',
    rule: 'status = "public" || owner = @request.auth.id',
    holds: (r, c) => r.status === 'public' || r.owner === c.auth?.id,
  },
  { name: 'relation hop', rule: 'owner.name = "alice"', holds: (r) => r.owner === ALICE.id },
  {
    name: 'auth record field',
    rule: '@request.auth.verified = true',
    holds: (_, c) => c.auth?.verified === true,
  },
  {
    // both conditions on the same aliased join row: membership of this user in this post
    name: '@collection join with an alias',
    rule: '@collection.members:m.user ?= @request.auth.id && @collection.members:m.post ?= id',
    holds: (r, c) => MEMBERS.some((m) => m.user === c.auth?.id && m.post === r.id),
  },
  {
    name: 'body field',
    rule: '@request.body.status = "public"',
    holds: (_, c) => c.body.status === 'public',
  },
  {
    // settled: the update body `counter+: 3` reaches the rule as the final `counter` (old + 3)
    name: 'body after modifiers',
    rule: '@request.body.counter > 5',
    holds: (_, c) => typeof c.body.counter === 'number' && c.body.counter > 5,
  },
  {
    // settled: create sees the would-be record (counter 7); update sees the stored counter
    name: 'number field (create: new row, update: stored row)',
    rule: 'counter > 5',
    holds: (r) => r.counter > 5,
  },
  {
    // settled: rules may read hidden fields; a non-superuser's create drops the hidden `secret` from
    // the body, so the would-be record has '' and the create rule fails (400)
    name: 'hidden field',
    rule: 'secret = "s1"',
    holds: (r) => r.secret === 's1',
  },
  { name: 'request method', rule: '@request.method = "GET"', holds: (_, c) => c.method === 'GET' },
  {
    name: 'quotes, semicolon and SQL comment in a literal',
    rule: `title != "a'b\\"c; --"`,
    holds: (r) => r.title !== `a'b"c; --`,
  },
  {
    name: 'unicode literal',
    rule: 'status = "public" && title != "日本語 🚀 ünï \u202e"',
    holds: (r) => r.status === 'public',
  },
  {
    name: 'huge literal',
    rule: `title != "${'x'.repeat(3000)}" || owner = @request.auth.id`,
    holds: () => true,
  },
  {
    name: 'contains (ASCII case-insensitive), line comment, newline',
    rule: 'title ~ "OK" // a comment\n|| counter = 4',
    holds: (r) => r.title.toLowerCase().includes('ok') || r.counter === 4,
  },
  {
    name: ':isset',
    rule: '@request.body.title:isset = true',
    holds: (_, c) => 'title' in c.body,
  },
  {
    // settled: on create the would-be record already carries the body's status, so it is unchanged
    name: ':changed',
    rule: '@request.body.status:changed = false',
    holds: (r, c) => !('status' in c.body && c.body.status !== r.status),
  },
  {
    name: 'deep nesting',
    rule: '((((status = "public")))) && (((((((@request.auth.id != "" || owner = "x")))))))',
    holds: (r, c) => r.status === 'public' && c.auth !== null,
  },
]

const CREATE_BODY = { title: 'new ok', owner: ALICE.id, status: 'public', counter: 7, secret: 's1' }
const UPDATE_BODY = { title: 'upd', status: 'public', 'counter+': 3 }

const authOf = (role: Role): User | null =>
  role === 'alice' ? ALICE : role === 'bob' ? BOB : null

/** An error reply as `status message data`, a success as its status (and the list's sorted ids). */
function outcome(reply: { status: number; json: any }, list = false): string {
  if (reply.status >= 400) {
    return `${reply.status} ${reply.json?.message} ${JSON.stringify(reply.json?.data)}`
  }
  if (list) {
    const ids = (reply.json.items as { id: string }[]).map((r) => r.id).sort()
    return `${reply.status} [${ids.join(',')}]`
  }
  return String(reply.status)
}

const DENIED_NULL = '403 Only superusers can perform this action. {}'
const NOT_FOUND = "404 The requested resource wasn't found. {}"
const CREATE_FAILED = '400 Failed to create record. {}'

/** A post's columns in a fixed order, for comparisons. */
const show = (p: Post | undefined) =>
  p === undefined ? 'missing' : JSON.stringify([p.id, p.title, p.owner, p.status, p.counter, p.secret])

/** The stored columns of a post, read by the superuser (undefined when missing). */
async function stored(t: Target, su: string, id: string): Promise<Post | undefined> {
  const r = await t.call('GET', `/api/collections/posts/records/${id}`, undefined, su)
  if (r.status === 404) {
    return undefined
  }
  const { title, owner, status, counter, secret } = r.json
  return { id, title, owner, status, counter, secret }
}

/** Runs every role × action of one shape; returns the rows whose outcome differs from the oracle. */
async function runShape(t: Target, tokens: Seeded, shape: Shape): Promise<string[]> {
  const su = tokens.superuser
  const mismatches: string[] = []
  const check = (row: string, actual: string, expected: string) => {
    if (actual !== expected) {
      mismatches.push(`${row}: got ${actual}, want ${expected}`)
    }
  }
  const rules = {
    listRule: shape.rule,
    viewRule: shape.rule,
    createRule: shape.rule,
    updateRule: shape.rule,
    deleteRule: shape.rule,
  }
  const patched = await t.call('PATCH', '/api/collections/posts', rules, su)
  assert.equal(patched.status, 200, JSON.stringify(patched.json))

  for (const role of ROLES) {
    const token = role === 'guest' ? undefined : tokens[role]
    const superuser = role === 'superuser'
    const auth = authOf(role)
    const allowed = (row: Post, body: Record<string, unknown>, method: string) =>
      superuser || shape.rule === '' || (shape.rule !== null && shape.holds(row, { auth, body, method }))
    const refusedNull = !superuser && shape.rule === null

    // list
    const list = await t.call('GET', '/api/collections/posts/records?perPage=100', undefined, token)
    const visible = POSTS.filter((p) => allowed(p, {}, 'GET')).map((p) => p.id)
    check(`${role} list`, outcome(list, true), refusedNull ? DENIED_NULL : `200 [${visible.join(',')}]`)

    // view
    for (const p of POSTS) {
      const r = await t.call('GET', `/api/collections/posts/records/${p.id}`, undefined, token)
      const want = refusedNull ? DENIED_NULL : allowed(p, {}, 'GET') ? '200' : NOT_FOUND
      check(`${role} view ${p.id}`, outcome(r), want)
    }

    // create: the rule sees the would-be row; non-superusers' hidden fields are dropped
    {
      const body: Record<string, unknown> = { ...CREATE_BODY }
      if (!superuser) {
        delete body.secret
      }
      const row: Post = { ...CREATE_BODY, id: '', secret: superuser ? 's1' : '' }
      const r = await t.call('POST', '/api/collections/posts/records', CREATE_BODY, token)
      const want = refusedNull ? DENIED_NULL : allowed(row, body, 'POST') ? '200' : CREATE_FAILED
      check(`${role} create`, outcome(r), want)
      if (r.status === 200) {
        const saved = await stored(t, su, r.json.id)
        check(`${role} create stored`, show(saved), show({ ...row, id: r.json.id }))
        await t.call('DELETE', `/api/collections/posts/records/${r.json.id}`, undefined, su)
      } else {
        const all = await t.call('GET', '/api/collections/posts/records?perPage=100', undefined, su)
        check(`${role} refused create wrote nothing`, String(all.json.totalItems), String(POSTS.length))
      }
    }

    // update: record fields are the stored values, the new ones come through @request.body
    for (const p of POSTS) {
      const body = { title: UPDATE_BODY.title, status: UPDATE_BODY.status, counter: p.counter + 3 }
      const r = await t.call('PATCH', `/api/collections/posts/records/${p.id}`, UPDATE_BODY, token)
      const want = refusedNull ? DENIED_NULL : allowed(p, body, 'PATCH') ? '200' : NOT_FOUND
      check(`${role} update ${p.id}`, outcome(r), want)
      const after = await stored(t, su, p.id)
      const expectRow = r.status === 200 ? { ...p, ...body } : p
      check(`${role} update ${p.id} stored`, show(after), show(expectRow))
      if (r.status === 200) {
        const { title, status, counter } = p
        await t.call('PATCH', `/api/collections/posts/records/${p.id}`, { title, status, counter }, su)
      }
    }

    // delete
    for (const p of POSTS) {
      const r = await t.call('DELETE', `/api/collections/posts/records/${p.id}`, undefined, token)
      const want = refusedNull ? DENIED_NULL : allowed(p, {}, 'DELETE') ? '204' : NOT_FOUND
      check(`${role} delete ${p.id}`, outcome(r), want)
      const after = await stored(t, su, p.id)
      check(`${role} delete ${p.id} stored`, show(after), show(r.status === 204 ? undefined : p))
      if (r.status === 204) {
        await t.call('POST', '/api/collections/posts/records', p, su)
      }
    }
  }
  return mismatches
}

function matrixSuite(name: string, open: () => Promise<Target>): void {
  describe(name, () => {
    let t: Target
    let tokens: Seeded
    before(async () => {
      t = await open()
      tokens = await seed(t)
    })
    after(async () => {
      await t?.close()
    })
    for (const shape of SHAPES) {
      test(`${shape.name}: ${JSON.stringify(shape.rule)}`, async () => {
        assert.deepEqual(await runShape(t, tokens, shape), [])
      })
    }
  })
}

matrixSuite('API rules matrix (rule × role × action)', inProcessTarget)

const ref = referenceBinary()
if (ref) {
  matrixSuite('API rules matrix against the reference PocketBase', () => referenceTarget(ref))
}
