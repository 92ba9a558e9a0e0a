/**
 * The browser adapter in Chromium, beyond the SDK suite (`sdk.test.ts`): OPFS records and files across
 * a page reload; the fetch contract (the official SDK through `options.fetch`, aborts, bodies, event
 * streams through the Worker); a worker that cannot start; the product bundles with their default
 * worker.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import './harness/page-api.js'
import { lazyBrowserSession } from './harness/browser-session.js'
import { chromiumSkipReason } from './harness/chromium.js'
import { pageTarget } from './harness/page-target.js'
import { STEP_TIMEOUT, targetRequest, type Target } from './harness/target.js'
import { E2E_ADAPTER_PATH } from './routes/e2e-routes.js'
import { createPostsCollection, SUITE_USERS, type SuiteUsers } from './sdk-suite.js'

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

describe('browser worker (OPFS): data survives a page reload', { skip }, () => {
  let page: Page
  let target: Target

  before(
    async () => {
      ;({ page, target } = await openBackendPage({ kind: 'worker', storage: 'opfs' }))
      await page.evaluate(() => window.e2e.link({ kind: 'backend' }))
    },
    { timeout: STEP_TIMEOUT },
  )
  after(
    async () => {
      await target[Symbol.asyncDispose]()
    },
    { timeout: STEP_TIMEOUT },
  )

  it('keeps records and files in a new worker after reload', { timeout: STEP_TIMEOUT }, async () => {
    await createPostsCollection(page)
    await page.evaluate(async (u: SuiteUsers) => {
      const pb = window.e2e.client('su_auth')
      await pb.collection('users').create({
        email: u.alice.email,
        password: u.alice.password,
        passwordConfirm: u.alice.password,
      })
      const alice = window.e2e.client('alice_auth')
      await alice.collection('users').authWithPassword(u.alice.email, u.alice.password)
      await alice.collection('posts').create({
        title: 'kept',
        author: alice.authStore.record!.id,
        cover: await window.e2e.png('kept.png', 8, 8),
      })
    }, SUITE_USERS)
    await page.reload()
    await startBackend(page, { kind: 'worker', storage: 'opfs' })
    await page.evaluate(() => window.e2e.link({ kind: 'backend' }))
    const got = await page.evaluate(async () => {
      const pb = window.e2e.client('alice_auth')
      const rec = await pb.collection('posts').getFirstListItem('title = "kept"')
      const img = await window.e2e.imageInfo(pb.files.getURL(rec, rec.cover as string))
      return { title: rec.title, img }
    })
    assert.deepEqual(got, { title: 'kept', img: { status: 200, type: 'image/png', width: 8, height: 8 } })
  })
})

describe('browser worker (OPFS): backups', { skip }, () => {
  let page: Page
  let target: Target

  before(
    async () => {
      ;({ page, target } = await openBackendPage({ kind: 'worker', storage: 'opfs' }))
      await page.evaluate(() => window.e2e.link({ kind: 'backend' }))
    },
    { timeout: STEP_TIMEOUT },
  )
  after(
    async () => {
      await target[Symbol.asyncDispose]()
    },
    { timeout: STEP_TIMEOUT },
  )

  it('a backup restores the records and files it was made from', { timeout: STEP_TIMEOUT }, async () => {
    await createPostsCollection(page)
    const got = await page.evaluate(async (u: SuiteUsers) => {
      const su = window.e2e.client('su_auth')
      await su.collection('users').create({ email: u.alice.email, password: u.alice.password, passwordConfirm: u.alice.password })
      const alice = window.e2e.client('alice_auth')
      await alice.collection('users').authWithPassword(u.alice.email, u.alice.password)
      const me = alice.authStore.record!.id
      await alice.collection('posts').create({ title: 'before', author: me, cover: await window.e2e.png('c.png', 6, 4) })
      await su.backups.create('worker.zip')
      const list = await su.backups.getFullList()
      await alice.collection('posts').create({ title: 'after', author: me })
      await su.backups.restore('worker.zip')
      for (let i = 0; i < 100; i++) {
        const titles = (await alice.collection('posts').getFullList().catch(() => [])).map((r) => r.title)
        if (titles.length === 1) {
          const rec = await alice.collection('posts').getFirstListItem('title = "before"')
          const img = await window.e2e.imageInfo(alice.files.getURL(rec, rec.cover as string))
          return { backups: list.map((b) => b.key), titles, img }
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error('the restore never showed up')
    }, SUITE_USERS)
    assert.deepEqual(got, {
      backups: ['worker.zip'],
      titles: ['before'],
      img: { status: 200, type: 'image/png', width: 6, height: 4 },
    })
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
      targetRequest(target, '/api/collections/_superusers/auth-with-password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'é<>@example.com', password: 'x' }),
      }),
    )
    assert.equal(res.status, 400)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.equal(await res.text(), '{"data":{},"message":"Failed to authenticate.","status":400}\n')
  })

  it('fires onServe before the first request (routes added there answer)', { timeout: STEP_TIMEOUT }, async () => {
    const res = await target.fetch(targetRequest(target, E2E_ADAPTER_PATH))
    assert.deepEqual(await res.json(), { adapter: 'browser' })
  })

  it('streams realtime through the Worker: PB_CONNECT arrives while the response is open', { timeout: STEP_TIMEOUT }, async () => {
    const got = await page.evaluate(async () => {
      const es = new window.isobase!.EventSource('/api/realtime')
      const ev = await new Promise<MessageEvent>((resolve, reject) => {
        es.addEventListener('PB_CONNECT', (e) => resolve(e as MessageEvent), { once: true })
        setTimeout(() => reject(new Error('no PB_CONNECT')), 5000)
      })
      es.close()
      const data = JSON.parse(ev.data as string) as { clientId: string }
      return { sameId: data.clientId === ev.lastEventId && ev.lastEventId.length === 40, state: es.readyState }
    })
    assert.deepEqual(got, { sameId: true, state: 2 })
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
