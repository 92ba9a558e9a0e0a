/**
 * @module The smoke suite, written once and run against every adapter (a function of a target).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { STEP_TIMEOUT, targetRequest, type Target } from './harness/target.js'
import { E2E_INSTANCE_PATH, E2E_SQL_PATH, type E2eSqlRequest } from './routes/e2e-routes.js'

/** `POST /api/_e2e/sql` on a target; fails the test on a non-200 answer. */
export async function e2eSql(
  target: Target,
  body: E2eSqlRequest,
): Promise<Record<string, unknown>> {
  const res = await target.fetch(
    targetRequest(target, E2E_SQL_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  )
  const text = await res.text()
  assert.equal(res.status, 200, `${body.mode} ${body.sql} → ${res.status} ${text}`)
  return JSON.parse(text) as Record<string, unknown>
}

/** The id of the backend instance currently answering (changes when the backend restarts). */
export async function e2eInstance(target: Target): Promise<string> {
  const res = await target.fetch(targetRequest(target, E2E_INSTANCE_PATH))
  assert.equal(res.status, 200)
  return ((await res.json()) as { instance: string }).instance
}

/** The rows the smoke suite writes, in the table it creates. */
export const SMOKE_TABLE = 'e2e_smoke'

/**
 * Registers the smoke suite for one target: health, the 404 envelope, and a table write + read through
 * the test-only SQL route. `makeTarget` runs once before the suite; the target is disposed after it.
 */
export function defineSmokeSuite(
  name: string,
  makeTarget: () => Promise<Target>,
  options: { skip?: string } = {},
): void {
  describe(`smoke: ${name}`, { skip: options.skip }, () => {
    let target: Target | undefined
    const t = (): Target => {
      assert.ok(target, 'target not started')
      return target
    }

    before(
      async () => {
        target = await makeTarget()
      },
      { timeout: STEP_TIMEOUT },
    )
    after(
      async () => {
        await target?.[Symbol.asyncDispose]()
      },
      { timeout: STEP_TIMEOUT },
    )

    it(
      'GET /api/health answers with PocketBase’s exact body',
      { timeout: STEP_TIMEOUT },
      async () => {
        const res = await t().fetch(targetRequest(t(), '/api/health'))
        assert.equal(res.status, 200)
        assert.equal(res.headers.get('content-type'), 'application/json')
        assert.equal(await res.text(), '{"message":"API is healthy.","code":200,"data":{}}\n')
      },
    )

    it('an unknown API route gets the 404 error envelope', { timeout: STEP_TIMEOUT }, async () => {
      const res = await t().fetch(targetRequest(t(), '/api/e2e-no-such-route'))
      assert.equal(res.status, 404)
      assert.equal(res.headers.get('content-type'), 'application/json')
      const text = await res.text()
      assert.match(text, /^\{"data":\{\},"message":"[^"]+","status":404\}\n$/)
    })

    it('creates a table, inserts a row and reads it back', { timeout: STEP_TIMEOUT }, async () => {
      await e2eSql(t(), {
        mode: 'exec',
        sql: `create table ${SMOKE_TABLE} (id integer primary key, name text not null, data text)`,
      })
      const ins = await e2eSql(t(), {
        mode: 'run',
        sql: `insert into ${SMOKE_TABLE} (name, data) values (?, ?)`,
        params: ['first', JSON.stringify({ ok: true })],
      })
      assert.deepEqual(ins, { changes: 1, lastInsertRowid: 1 })
      const read = await e2eSql(t(), {
        mode: 'all',
        sql: `select id, name, data ->> '$.ok' as ok from ${SMOKE_TABLE} order by id`,
      })
      assert.deepEqual(read, { rows: [{ id: 1, name: 'first', ok: 1 }] })
    })

    it(
      'answers concurrent writes and reads without losing any',
      { timeout: STEP_TIMEOUT },
      async () => {
        const writes = Array.from({ length: 20 }, (_, i) =>
          e2eSql(t(), {
            mode: 'run',
            sql: `insert into ${SMOKE_TABLE} (name) values (?)`,
            params: [`concurrent ${i}`],
          }),
        )
        const reads = Array.from({ length: 10 }, () =>
          e2eSql(t(), { mode: 'all', sql: `select count(*) as n from ${SMOKE_TABLE}` }),
        )
        const health = Array.from({ length: 5 }, () => t().fetch(targetRequest(t(), '/api/health')))
        await Promise.all([...writes, ...reads])
        assert.deepEqual(
          (await Promise.all(health)).map((r) => r.status),
          [200, 200, 200, 200, 200],
        )
        const res = await e2eSql(t(), {
          mode: 'all',
          sql: `select count(*) as n from ${SMOKE_TABLE} where name like 'concurrent %'`,
        })
        assert.deepEqual(res, { rows: [{ n: 20 }] })
      },
    )
  })
}
