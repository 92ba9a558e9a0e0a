import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../app.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'

const app = createApp({ sqlite: memorySqliteOpener() })

test('GET /api/health answers as PocketBase', async () => {
  const res = await app.request('/api/health')
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'application/json')
  assert.equal(await res.text(), '{"message":"API is healthy.","code":200,"data":{}}\n')
})

test('HEAD /api/health has no body', async () => {
  const res = await app.request('/api/health', { method: 'HEAD' })
  assert.equal(res.status, 200)
  assert.equal(await res.text(), '')
})

test('unknown routes get the 404 envelope', async () => {
  for (const [method, path] of [['GET', '/api/missing'], ['DELETE', '/api/health'], ['GET', '/nope']]) {
    const res = await app.request(path!, { method })
    assert.equal(res.status, 404, `${method} ${path}`)
    assert.deepEqual(await res.json(), { data: {}, message: "The requested resource wasn't found.", status: 404 })
  }
})
