import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../app.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { rawErrorMessages, validationError } from '../fields/validators.js'
import { ApiError } from '../http/api-error.js'
import type { Logger } from '../platform.js'
import { AppLogger } from './app-logger.js'

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} }

test('a stored log keeps its attributes sorted by key, as PocketBase (a Go map in JSON)', async () => {
  const app = createApp({ sqlite: memorySqliteOpener() })
  await app.bootstrap()
  try {
    const logger = new AppLogger(app, quiet)
    logger.error('GET /api/x', { type: 'request', url: '/api/x', auth: '', execTime: 0.5, Zed: 1, details: null })
    await logger.flush()
    const row = await app.auxDb().get<{ data: string }>("SELECT data FROM _logs WHERE message = 'GET /api/x'")
    assert.equal(row?.data, '{"Zed":1,"auth":"","details":null,"execTime":0.5,"type":"request","url":"/api/x"}')
  } finally {
    await app.close()
  }
})

test('request logs carry execTime in milliseconds with at most nanosecond digits', async () => {
  const seen: Record<string, unknown>[] = []
  const capture: Logger = { ...quiet, error: (_m, attrs) => void seen.push(attrs ?? {}) }
  const app = createApp({ sqlite: memorySqliteOpener(), logger: capture })
  await app.bootstrap()
  try {
    for (let i = 0; i < 5; i++) {
      const res = await app.request(`/api/collections/nosuch${i}/records`)
      assert.equal(res.status, 404)
    }
    const times = seen.filter((a) => a.type === 'request').map((a) => a.execTime as number)
    assert.equal(times.length, 5)
    for (const t of times) {
      assert.ok(t >= 0 && Number.isFinite(t), String(t))
      assert.equal(t, Math.round(t * 1e6) / 1e6, `${t} has digits below a nanosecond`)
    }
  } finally {
    await app.close()
  }
})

test('request logs carry the raw validation messages as details, as PocketBase logs its raw error data', async () => {
  const seen: Record<string, unknown>[] = []
  const capture: Logger = { ...quiet, error: (_m, attrs) => void seen.push(attrs ?? {}) }
  const app = createApp({ sqlite: memorySqliteOpener(), logger: capture })
  await app.bootstrap()
  try {
    const res = await app.request('/api/collections/users/auth-with-password', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    assert.equal(res.status, 400)
    const log = seen.find((a) => a.type === 'request' && a.url === '/api/collections/users/auth-with-password')
    // the reference binary logs exactly this (the API answers "Cannot be blank.")
    assert.deepEqual(log?.details, { identity: 'cannot be blank', password: 'cannot be blank' })
  } finally {
    await app.close()
  }
})

test('the raw message of a field error survives the API error (params sorted)', () => {
  const err = new ApiError(400, 'Failed.', {
    b: validationError('validation_min_less_equal_than_required', 'must be no less than {{.threshold}}', {
      threshold: 5,
      a: 1,
    }),
    a: { x: validationError('validation_required', 'cannot be blank') },
  })
  assert.deepEqual(err.data.b, {
    code: 'validation_min_less_equal_than_required',
    message: 'Must be no less than 5.',
    params: { a: 1, threshold: 5 },
  })
  assert.deepEqual(rawErrorMessages(err.data), { a: { x: 'cannot be blank' }, b: 'must be no less than 5' })
  assert.equal(JSON.stringify(err), '{"data":{"a":{"x":{"code":"validation_required","message":"Cannot be blank."}},"b":{"code":"validation_min_less_equal_than_required","message":"Must be no less than 5.","params":{"a":1,"threshold":5}}},"message":"Failed.","status":400}')
})

test("lookups that find nothing log Go's sql.ErrNoRows text as details, as the reference binary does", async () => {
  const seen: Record<string, unknown>[] = []
  const capture: Logger = { ...quiet, error: (_m, attrs) => void seen.push(attrs ?? {}) }
  const app = createApp({ sqlite: memorySqliteOpener(), logger: capture })
  await app.bootstrap()
  try {
    const cases: [string, string, string][] = [
      ['GET', '/api/collections/nosuch/records', 'Missing collection context.'],
      ['GET', '/api/collections/users/records/nope12345678901', "The requested resource wasn't found."],
      ['DELETE', '/api/collections/users/records/nope12345678901', "The requested resource wasn't found."],
      ['GET', '/api/missing', "The requested resource wasn't found."],
    ]
    for (const [method, url] of cases) {
      assert.equal((await app.request(url, { method })).status, 404, url)
    }
    const got = cases.map(([method, url]) => {
      const log = seen.find((a) => a.type === 'request' && a.method === method && a.url === url)
      return [log?.error, log?.details]
    })
    assert.deepEqual(got, [
      ['Missing collection context.', 'sql: no rows in result set'],
      ["The requested resource wasn't found.", 'sql: no rows in result set'],
      ["The requested resource wasn't found.", 'sql: no rows in result set'],
      // an unknown route wraps no error
      ["The requested resource wasn't found.", null],
    ])
  } finally {
    await app.close()
  }
})
