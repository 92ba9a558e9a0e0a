import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../app.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { corsMiddleware } from './cors.js'

const cases: { name: string; origins: string[]; method: string; headers: Record<string, string>; status: number; allow: string | null }[] = [
  { name: 'no Origin header: no CORS headers', origins: ['*'], method: 'GET', headers: {}, status: 200, allow: null },
  { name: 'any origin allowed with *', origins: ['*'], method: 'GET', headers: { origin: 'https://a.example' }, status: 200, allow: '*' },
  { name: 'listed origin echoed', origins: ['https://a.example'], method: 'GET', headers: { origin: 'https://a.example' }, status: 200, allow: 'https://a.example' },
  { name: 'unlisted origin gets no header', origins: ['https://a.example'], method: 'GET', headers: { origin: 'https://b.example' }, status: 200, allow: null },
  { name: 'wildcard pattern matches', origins: ['https://*.example'], method: 'GET', headers: { origin: 'https://x.example' }, status: 200, allow: 'https://x.example' },
  { name: 'preflight answered with 204', origins: ['*'], method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'PATCH' }, status: 204, allow: '*' },
  { name: 'preflight without origin is a bare 204', origins: ['*'], method: 'OPTIONS', headers: {}, status: 204, allow: null },
]

for (const c of cases) {
  test(`cors: ${c.name}`, async () => {
    const app = createApp({ sqlite: memorySqliteOpener() })
    app.onRequest.bind({ priority: -2000, func: corsMiddleware(c.origins) })
    try {
      const res = await app.request('/api/health', { method: c.method, headers: c.headers })
      assert.equal(res.status, c.status)
      assert.equal(res.headers.get('access-control-allow-origin'), c.allow)
    } finally {
      await app.close()
    }
  })
}

test('security headers are set, as PocketBase does', async () => {
  const app = createApp({ sqlite: memorySqliteOpener() })
  try {
    const res = await app.request('/api/health')
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN')
    assert.equal(res.headers.get('x-xss-protection'), '1; mode=block')
  } finally {
    await app.close()
  }
})
