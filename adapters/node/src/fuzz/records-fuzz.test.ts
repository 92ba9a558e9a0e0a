/**
 * Fuzz of the records API against a live Isobase server (Node adapter, real HTTP on 127.0.0.1, WAL
 * files in a temp `pb_data`): a fixed-seed sample of random filters, sorts, paging params, JSON,
 * malformed and multipart bodies, from guests, two users and a superuser. For every request:
 * - only 200/204/400/403/404, PocketBase's error envelope, the documented success shapes, nothing
 *   hidden or outside the list rule in the answer;
 * - no quoted filter literal and no body value ever appears in the text of any SQL statement the
 *   server ran (they are bound parameters);
 * - a refused create/update/delete wrote nothing; an accepted one did what it said.
 * Then the query watchdog: a pathological filter is interrupted (400) and the server keeps serving.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { responseProblems } from './fuzz-invariants.test-util.js'
import { encodeBody, requestArb, type FuzzRequest } from './fuzz-requests.test-util.js'
import { ALICE, BOB, seedFuzzWorld, type FuzzWorld } from './fuzz-seed.test-util.js'
import { startIsobase, type IsobaseTarget } from './live-target.test-util.js'

/** Requests per run and the seed that picks them (fixed: the run is reproducible). */
const RUNS = 2500
const SEED = 20260514
/** Short, so the watchdog test ends fast; every legitimate fuzz query finishes far below it. */
const QUERY_TIMEOUT_MS = 400

describe('records API fuzz against a live server', () => {
  let target: IsobaseTarget
  let world: FuzzWorld
  before(async () => {
    target = await startIsobase({ queryTimeoutMs: QUERY_TIMEOUT_MS })
    world = await seedFuzzWorld(target)
  })
  after(async () => {
    await target?.close()
  })

  const tokenOf = (req: FuzzRequest) => (req.role === 'guest' ? undefined : world.tokens[req.role])
  const meOf = (req: FuzzRequest) => (req.role === 'alice' ? ALICE.id : req.role === 'bob' ? BOB.id : undefined)
  const asSuperuser = async (path: string) =>
    target.send({ method: 'GET', path, headers: { authorization: world.tokens.superuser } })
  const postCount = async () =>
    JSON.parse((await asSuperuser('/api/collections/posts/records?perPage=1')).text).totalItems as number

  test('the watchdog interrupts a pathological filter (400) and the server keeps serving', async () => {
    const su = world.tokens.superuser
    const create = (path: string, body: unknown) =>
      target.send({ method: 'POST', path, headers: { authorization: su, 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const made = await create('/api/collections', { name: 'nums', type: 'base', fields: [{ name: 'n', type: 'number' }] })
    assert.equal(made.status, 200, made.text)
    for (let n = 0; n < 40; n++) {
      assert.equal((await create('/api/collections/nums/records', { n })).status, 200)
    }
    // note: seven unconstrained joins under DISTINCT: 40^8 row combinations, days of work without a limit
    const filter = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((a) => `@collection.nums:${a}.n ?> -1`).join(' && ')
    const res = await asSuperuser(`/api/collections/nums/records?filter=${encodeURIComponent(filter)}`)
    assert.equal(res.status, 400, res.text)
    assert.deepEqual(JSON.parse(res.text), {
      data: {},
      message: 'Something went wrong while processing your request.',
      status: 400,
    })
    const next = await asSuperuser('/api/collections/nums/records?perPage=2&filter=n%3E%3D0')
    assert.equal(next.status, 200)
    assert.equal(JSON.parse(next.text).totalItems, 40)
  })

  test('a 100 KB query string reaches the app (PocketBase accepts up to 1 MiB of headers)', async () => {
    const res = await asSuperuser(`/api/collections/posts/records?filter=${'(x'.repeat(50_000)}`)
    assert.equal(res.status, 400)
    assert.equal(JSON.parse(res.text).status, 400)
  })

  test(`${RUNS} random requests keep every invariant`, async (t) => {
    const requests = fc.sample(requestArb, { seed: SEED, numRuns: RUNS })
    const problems: string[] = []
    const statuses = new Map<string, number>()
    for (const [i, req] of requests.entries()) {
      const targetPath = req.targetId ? `/api/collections/posts/records/${req.targetId}` : undefined
      const countBefore = req.kind === 'create' ? await postCount() : 0
      const before = targetPath ? (await asSuperuser(targetPath)).text : ''
      target.takeSql()

      const { body, headers } = encodeBody(req)
      const token = tokenOf(req)
      const res = await target.send({
        method: req.method,
        path: req.path,
        headers: { ...headers, ...(token ? { authorization: token } : {}) },
        ...(body !== undefined ? { body } : {}),
      })
      const sql = target.takeSql()
      const found = responseProblems(req, res, meOf(req))
      for (const m of req.markers) {
        if (sql.some((s) => s.includes(m))) {
          found.push(`literal ${m} reached SQL text`)
        }
      }

      // nothing written unless accepted
      if (req.kind === 'create') {
        const diff = (await postCount()) - countBefore
        if (diff !== (res.status === 200 ? 1 : 0)) {
          found.push(`create answered ${res.status} but the post count changed by ${diff}`)
        }
      } else if (targetPath) {
        const afterText = (await asSuperuser(targetPath)).text
        if (req.kind === 'delete' && res.status === 204 && !afterText.includes('"status":404')) {
          found.push('deleted record still readable')
        }
        if (res.status >= 400 && afterText !== before) {
          found.push(`refused ${req.kind} (${res.status}) changed the record`)
        }
      }

      const key = `${req.kind} ${res.status}`
      statuses.set(key, (statuses.get(key) ?? 0) + 1)
      if (found.length > 0 && problems.length < 25) {
        problems.push(`#${i} ${req.role} ${req.method} ${req.path.slice(0, 300)} → ${res.status} ${res.text.slice(0, 200)}: ${found.join('; ')}`)
      }
    }
    t.diagnostic(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`)
    assert.deepEqual(problems, [])
    assert.equal((await target.send({ method: 'GET', path: '/api/health' })).status, 200)
    // the generator must reach the engine, not only the parser's error paths
    assert.ok((statuses.get('list 200') ?? 0) > RUNS / 5, 'too few random filters were accepted')
    assert.ok((statuses.get('create 200') ?? 0) > 5 && (statuses.get('update 200') ?? 0) > 5, 'too few writes succeeded')
  })


})
