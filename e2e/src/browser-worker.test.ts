/**
 * The browser adapter in Chromium: the smoke suite through `createBrowserBackend(...).fetch` (core in a
 * dedicated Worker, OPFS and memory storage) and through the in-page backend; OPFS data across a page
 * reload; the official SDK using the backend's fetch; the product bundles with their default worker.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import './harness/page-api.js'
import { lazyBrowserSession } from './harness/browser-session.js'
import { chromiumSkipReason } from './harness/chromium.js'
import { pageTarget } from './harness/page-target.js'
import { STEP_TIMEOUT, targetRequest, type Target } from './harness/target.js'
import { defineSmokeSuite, e2eSql, SMOKE_TABLE } from './smoke-suite.js'

const skip = chromiumSkipReason()
const session = lazyBrowserSession()
const getSession = () => session.get()

after(() => session.close(), { timeout: STEP_TIMEOUT })

type Start = { kind: 'worker'; storage: 'opfs' | 'memory' } | { kind: 'in-page' }

/** Opens the test page on a fresh origin and starts a backend in it as `window.isobase`. */
async function openBackendPage(start: Start): Promise<{ page: Page; target: Target }> {
  const origin = (await (await getSession()).newOrigin()).origin
  const page = await (await getSession()).open(`${origin}/`)
  await startBackend(page, start)
  const target = pageTarget(page, origin, 'backend', async () => {
    await page.evaluate(() => window.e2e.stopBackend())
    await page.close()
  })
  return { page, target }
}

async function startBackend(page: Page, start: Start): Promise<void> {
  await page.evaluate(
    (s) => (s.kind === 'worker' ? window.e2e.startWorker(s.storage) : window.e2e.startInPage()),
    start,
  )
}

defineSmokeSuite(
  'browser worker (OPFS)',
  async () => (await openBackendPage({ kind: 'worker', storage: 'opfs' })).target,
  {
    skip,
  },
)
defineSmokeSuite(
  'browser worker (memory)',
  async () => (await openBackendPage({ kind: 'worker', storage: 'memory' })).target,
  {
    skip,
  },
)
defineSmokeSuite(
  'in-page backend (memory)',
  async () => (await openBackendPage({ kind: 'in-page' })).target,
  { skip },
)

describe('browser worker (OPFS): data survives a page reload', { skip }, () => {
  let page: Page
  let target: Target

  before(
    async () => {
      ;({ page, target } = await openBackendPage({ kind: 'worker', storage: 'opfs' }))
    },
    { timeout: STEP_TIMEOUT },
  )
  after(
    async () => {
      await target[Symbol.asyncDispose]()
    },
    { timeout: STEP_TIMEOUT },
  )

  it('keeps committed rows in a new worker after reload', { timeout: STEP_TIMEOUT }, async () => {
    await e2eSql(target, {
      mode: 'exec',
      sql: `create table ${SMOKE_TABLE} (id integer primary key, name text)`,
    })
    await e2eSql(target, {
      mode: 'run',
      sql: `insert into ${SMOKE_TABLE} (name) values (?)`,
      params: ['kept'],
    })
    await page.reload()
    await startBackend(page, { kind: 'worker', storage: 'opfs' })
    const res = await e2eSql(target, { mode: 'all', sql: `select name from ${SMOKE_TABLE}` })
    assert.deepEqual(res.rows, [{ name: 'kept' }])
  })
})

describe('browser worker: fetch contract', { skip }, () => {
  let page: Page
  let target: Target

  before(
    async () => {
      ;({ page, target } = await openBackendPage({ kind: 'worker', storage: 'memory' }))
    },
    { timeout: STEP_TIMEOUT },
  )
  after(
    async () => {
      await target[Symbol.asyncDispose]()
    },
    { timeout: STEP_TIMEOUT },
  )

  it(
    'serves the official SDK (pocketbase 0.28) through beforeSend → options.fetch',
    { timeout: STEP_TIMEOUT },
    async () => {
      const health = await page.evaluate(() => window.e2e.sdkHealth('backend'))
      assert.deepEqual(health, { message: 'API is healthy.', code: 200, data: {} })
    },
  )

  it('rejects with AbortError when the caller aborts', { timeout: STEP_TIMEOUT }, async () => {
    const name = await page.evaluate(async () => {
      const ctrl = new AbortController()
      ctrl.abort()
      try {
        await window.isobase!.fetch('/api/health', { signal: ctrl.signal })
        return 'resolved'
      } catch (err) {
        return (err as Error).name
      }
    })
    assert.equal(name, 'AbortError')
  })

  it('passes request bodies and response headers through', { timeout: STEP_TIMEOUT }, async () => {
    const res = await target.fetch(
      targetRequest(target, '/api/_e2e/sql', {
        method: 'POST',
        body: '{"mode":"all","sql":"select ? as v","params":["é<>"]}',
      }),
    )
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.equal(await res.text(), '{"rows":[{"v":"é\\u003c\\u003e"}]}\n')
  })
})

describe('browser worker: startup failure', { skip }, () => {
  it(
    'rejects (and does not hang) when the worker script cannot load',
    { timeout: STEP_TIMEOUT },
    async () => {
      const origin = (await (await getSession()).newOrigin()).origin
      const page = await (await getSession()).open(`${origin}/`)
      try {
        const message = await page.evaluate(async () => {
          const mod = (await import(
            '/browser/isobase-browser.js' as string
          )) as typeof import('@isobase/browser')
          return mod.createBrowserBackend({ workerUrl: '/no-such-worker.js' }).then(
            () => 'started',
            (err: Error) => err.message,
          )
        })
        assert.match(message, /^isobase worker failed to start: /)
      } finally {
        await page.close()
      }
    },
  )
})

describe('product bundles isobase-browser.js + isobase-worker.js', { skip }, () => {
  it('start the default worker and answer /api/health', { timeout: STEP_TIMEOUT }, async (t) => {
    const origin = (await (await getSession()).newOrigin()).origin
    const page = await (await getSession()).open(`${origin}/`)
    try {
      const { body, startMs } = await page.evaluate(async () => {
        const t0 = performance.now()
        const mod = (await import(
          '/browser/isobase-browser.js' as string
        )) as typeof import('@isobase/browser')
        const backend = await mod.createBrowserBackend({ storage: 'memory' })
        const startMs = performance.now() - t0
        try {
          return { body: await (await backend.fetch('/api/health')).text(), startMs }
        } finally {
          await backend.close()
        }
      })
      t.diagnostic(
        `isobase-browser.js: import + createBrowserBackend (memory) ${startMs.toFixed(0)} ms`,
      )
      assert.equal(body, '{"message":"API is healthy.","code":200,"data":{}}\n')
    } finally {
      await page.close()
    }
  })
})
