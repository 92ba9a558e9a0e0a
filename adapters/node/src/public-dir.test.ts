import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createApp, triggerServe, type App } from '@isobase/core'
import { createMemorySqliteOpener } from './sqlite/node-sqlite.js'
import { bindPublicDir } from './public-dir.js'

let dir: string
let app: App

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isobase-public-'))
  writeFileSync(join(dir, 'index.html'), '<h1>home</h1>')
  mkdirSync(join(dir, 'docs'))
  writeFileSync(join(dir, 'docs', 'index.html'), '<h1>docs</h1>')
  writeFileSync(join(dir, 'app.js'), 'console.log(1)')
  app = createApp({ sqlite: createMemorySqliteOpener() })
  bindPublicDir(app, dir, true)
  await triggerServe(app, 'node', async () => {})
})

after(async () => {
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

const cases: { name: string; path: string; status: number; body?: string; location?: string; type?: string }[] = [
  { name: 'root serves index.html', path: '/', status: 200, body: '<h1>home</h1>', type: 'text/html; charset=utf-8' },
  { name: 'a file with its content type', path: '/app.js', status: 200, body: 'console.log(1)', type: 'application/javascript; charset=utf-8' },
  { name: 'a directory without slash redirects', path: '/docs', status: 301, location: '/docs/' },
  { name: 'a directory index', path: '/docs/', status: 200, body: '<h1>docs</h1>' },
  { name: 'index.html redirects to its directory', path: '/docs/index.html', status: 301, location: '/docs/' },
  { name: 'a file with a trailing slash redirects', path: '/app.js/', status: 301, location: '/app.js' },
  { name: 'a missing path falls back to index.html', path: '/pretty/url', status: 200, body: '<h1>home</h1>' },
  { name: 'traversal never leaves the directory', path: '/%2e%2e/%2e%2e/etc/passwd', status: 200, body: '<h1>home</h1>' },
  { name: 'API routes still win', path: '/api/health', status: 200 },
]

for (const c of cases) {
  test(`public dir: ${c.name}`, async () => {
    const res = await app.request(c.path, { redirect: 'manual' })
    assert.equal(res.status, c.status)
    if (c.body !== undefined) assert.equal(await res.text(), c.body)
    if (c.location !== undefined) assert.equal(res.headers.get('location'), c.location)
    if (c.type !== undefined) assert.equal(res.headers.get('content-type'), c.type)
  })
}

test('public dir: without index fallback a missing file is PocketBase\'s 404', async () => {
  const other = createApp({ sqlite: createMemorySqliteOpener() })
  bindPublicDir(other, join(dir, 'missing-dir'), false)
  await triggerServe(other, 'node', async () => {})
  try {
    const res = await other.request('/nope')
    assert.equal(res.status, 404)
    assert.deepEqual(await res.json(), { data: {}, message: 'File not found.', status: 404 })
  } finally {
    await other.close()
  }
})
