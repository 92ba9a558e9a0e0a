import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../app.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
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
