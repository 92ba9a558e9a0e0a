/**
 * The Service Worker adapter in Chromium: the smoke suite through the page's own `fetch` (answered by
 * the worker), for each SQLite build, then persistence across a page reload, a Service Worker stop
 * and a browser restart, and the product bundle `isobase-sw.js` mounted under a sub-scope.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import './harness/page-api.js'
import { lazyBrowserSession } from './harness/browser-session.js'
import { chromiumSkipReason } from './harness/chromium.js'
import { pageTarget } from './harness/page-target.js'
import type { StaticServer } from './harness/static-server.js'
import { STEP_TIMEOUT, targetRequest, type Target } from './harness/target.js'
import { defineSmokeSuite, e2eInstance, e2eSql, SMOKE_TABLE } from './smoke-suite.js'

const skip = chromiumSkipReason()
const session = lazyBrowserSession()
const getSession = () => session.get()

after(() => session.close(), { timeout: STEP_TIMEOUT })

/** Opens the test page on `origin` and waits until the e2e Service Worker (`build`) controls it. */
async function openControlledPage(origin: string, build: string): Promise<Page> {
  const page = await (await getSession()).open(`${origin}/`)
  await page.evaluate(([url]) => window.e2e.registerSw(url!, '/'), [`/e2e-sw.js?build=${build}`])
  return page
}

function swTarget(page: Page, origin: string): Target {
  return pageTarget(page, origin, 'global', () => page.close())
}

/** Stops every Service Worker of the browser through the DevTools protocol. */
async function stopAllServiceWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('ServiceWorker.enable')
    await cdp.send('ServiceWorker.stopAllWorkers')
  } finally {
    await cdp.detach()
  }
}

/** Wall time of one `GET` of `path` from the page, in ms (reported, never asserted). */
function timeHealthAt(page: Page, path: string): Promise<number> {
  return page.evaluate(async (p) => {
    const t0 = performance.now()
    const res = await fetch(p)
    await res.text()
    return performance.now() - t0
  }, path)
}

const timeHealth = (page: Page) => timeHealthAt(page, '/api/health')

async function countRows(target: Target): Promise<number> {
  const res = await e2eSql(target, { mode: 'all', sql: `select count(*) as n from ${SMOKE_TABLE}` })
  return (res.rows as { n: number }[])[0]!.n
}

for (const build of ['jspi', 'asyncify'] as const) {
  defineSmokeSuite(
    `service worker (${build} build, IndexedDB)`,
    async () => {
      const server = await (await getSession()).newOrigin()
      return swTarget(await openControlledPage(server.origin, build), server.origin)
    },
    { skip },
  )

  describe(`service worker (${build} build): data survives`, { skip }, () => {
    let server: StaticServer
    let page: Page
    let target: Target

    before(
      async () => {
        server = await (await getSession()).newOrigin()
        page = await openControlledPage(server.origin, build)
        target = swTarget(page, server.origin)
        await e2eSql(target, {
          mode: 'exec',
          sql: `create table ${SMOKE_TABLE} (id integer primary key, name text)`,
        })
        await e2eSql(target, {
          mode: 'exec',
          sql: `with recursive n(x) as (select 1 union all select x + 1 from n where x < 50)
          insert into ${SMOKE_TABLE} (name) select 'row ' || x from n`,
        })
      },
      { timeout: STEP_TIMEOUT },
    )

    it('a page reload', { timeout: STEP_TIMEOUT }, async () => {
      await page.reload()
      assert.equal(await countRows(target), 50)
    })

    it(
      'a hard reload (which loads the page without its worker) and registerIsobase taking control again',
      { timeout: STEP_TIMEOUT },
      async () => {
        const cdp = await page.context().newCDPSession(page)
        try {
          await cdp.send('Page.reload', { ignoreCache: true })
          await page.waitForLoadState('load')
        } finally {
          await cdp.detach()
        }
        await page.waitForFunction(() => window.e2e !== undefined)
        assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null)
        await page.evaluate(
          ([url]) => window.e2e.registerSw(url!, '/'),
          [`/e2e-sw.js?build=${build}`],
        )
        assert.equal(await countRows(target), 50)
      },
    )

    it(
      'a Service Worker stop (the next request starts a fresh instance)',
      { timeout: STEP_TIMEOUT },
      async (t) => {
        const before = await e2eInstance(target)
        const warm = await timeHealth(page)
        await stopAllServiceWorkers(page)
        const cold = await timeHealth(page)
        t.diagnostic(
          `${build}: GET /api/health warm ${warm.toFixed(1)} ms, first after SW stop ${cold.toFixed(1)} ms`,
        )
        assert.notEqual(await e2eInstance(target), before)
        assert.equal(await countRows(target), 50)
        await e2eSql(target, {
          mode: 'run',
          sql: `insert into ${SMOKE_TABLE} (name) values (?)`,
          params: ['after stop'],
        })
      },
    )

    it(
      'a Service Worker stop with the server unreachable (the engine comes from Cache Storage)',
      { timeout: STEP_TIMEOUT },
      async () => {
        await stopAllServiceWorkers(page)
        server.offline = true
        try {
          const network = await page.evaluate(() =>
            fetch('/e2e-page.js?offline').then(
              () => 'reached',
              () => 'failed',
            ),
          )
          assert.equal(network, 'failed', 'the server still answers')
          assert.equal(await countRows(target), 51)
        } finally {
          server.offline = false
        }
      },
    )

    it('a browser restart on the same profile', { timeout: STEP_TIMEOUT }, async () => {
      const s = await getSession()
      await s.restart()
      page = await openControlledPage(server.origin, build)
      target = swTarget(page, server.origin)
      assert.equal(await countRows(target), 51)
    })

    it('requests outside the API still reach the network', { timeout: STEP_TIMEOUT }, async () => {
      const hits = server.hits.get('/e2e-page.js') ?? 0
      await page.reload()
      assert.ok((server.hits.get('/e2e-page.js') ?? 0) > hits)
      const res = await target.fetch(targetRequest(target, '/no-such-file.txt'))
      assert.equal(res.status, 404)
      assert.equal(await res.text(), 'not found') // the static server's answer, not the core's envelope
    })
  })
}

describe('product bundle isobase-sw.js under the /sw/ scope', { skip }, () => {
  let page: Page
  let origin: string
  let registerMs = 0

  before(
    async () => {
      origin = (await (await getSession()).newOrigin()).origin
      page = await (await getSession()).open(`${origin}/sw/page/`)
      registerMs = await page.evaluate(async () => {
        const t0 = performance.now()
        const mod = (await import(
          '/sw/isobase-register.js' as string
        )) as typeof import('@isobase/service-worker/register')
        await mod.registerIsobase({ url: '/sw/isobase-sw.js', scope: '/sw/' })
        return performance.now() - t0
      })
    },
    { timeout: STEP_TIMEOUT },
  )

  it(
    'answers /sw/api/health and leaves /api/health to the network',
    { timeout: STEP_TIMEOUT },
    async (t) => {
      t.diagnostic(
        `isobase-sw.js: register → controlling ${registerMs.toFixed(0)} ms, first /sw/api/health ${await timeHealthAt(page, '/sw/api/health').then((ms) => ms.toFixed(0))} ms`,
      )
      const target = pageTarget(page, origin, 'global', async () => {})
      const res = await target.fetch(targetRequest(target, '/sw/api/health'))
      assert.equal(res.status, 200)
      assert.equal(await res.text(), '{"message":"API is healthy.","code":200,"data":{}}\n')
      const outside = await target.fetch(targetRequest(target, '/api/health'))
      assert.equal(outside.status, 404)
      assert.equal(await outside.text(), 'not found')
    },
  )
})
