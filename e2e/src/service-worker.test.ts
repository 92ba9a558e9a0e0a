/**
 * The Service Worker adapter in Chromium, beyond the SDK suite (`sdk.test.ts` runs it on the JSPI
 * build; here on the Asyncify build): data written through the SDK survives a reload, a hard reload,
 * a Service Worker stop (also offline) and a browser restart, for both SQLite builds; two tabs share
 * one backend and see each other's realtime events, also after the worker restarted under an open
 * subscription; the dashboard at `/_/`; the product bundle `isobase-sw.js` under a sub-scope with its
 * first-run installer redirect; pb_data zips both ways (a browser backup opens in `isobase serve` and
 * in PocketBase; a pb_data zipped on Node restores into the browser); the playground, served by the
 * Node adapter at `/_/playground/` and as a static site.
 */
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import './harness/page-api.js'
import { lazyBrowserSession } from './harness/browser-session.js'
import { chromiumSkipReason } from './harness/chromium.js'
import { openNodeApp, startServer } from '@isobase/node'
import { refPocketBase, startPocketBase, unzipPbData, zipPbData } from './harness/pb-data-dir.js'
import { openLinkedPage, openSwPage, swSdkTarget } from './harness/sdk-targets.js'
import type { StaticServer } from './harness/static-server.js'
import { STEP_TIMEOUT } from './harness/target.js'
import { REPO_ROOT } from './harness/web-mounts.js'
import { E2E_ADAPTER_PATH, E2E_INSTANCE_PATH } from './routes/e2e-routes.js'
import { createPostsCollection, defineSdkSuite, SUITE_USERS, type SuiteUsers } from './sdk-suite.js'

const skip = chromiumSkipReason()
const session = lazyBrowserSession()
const getSession = () => session.get()
const OUTPUT = `${REPO_ROOT}e2e/output/`

after(() => session.close(), { timeout: STEP_TIMEOUT })

/**
 * Stops the running Service Workers of `page`'s origin through the DevTools protocol (an idle kill).
 * note: only this origin's: Playwright's `setOffline` stalls on a worker of another origin left stopped.
 */
async function stopServiceWorkers(page: Page): Promise<void> {
  const origin = new URL(page.url()).origin
  const cdp = await page.context().newCDPSession(page)
  try {
    const running = new Set<string>()
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) {
        if (v.scriptURL.startsWith(origin + '/') && v.runningStatus !== 'stopped') {
          running.add(v.versionId)
        } else {
          running.delete(v.versionId)
        }
      }
    })
    await cdp.send('ServiceWorker.enable')
    await new Promise((r) => setTimeout(r, 20))
    for (const versionId of running) {
      await cdp.send('ServiceWorker.stopWorker', { versionId })
    }
  } finally {
    await cdp.detach()
  }
}

/** Wall time of one `GET` of `path` from the page, in ms (reported, never asserted). */
function timeGet(page: Page, path: string): Promise<number> {
  return page.evaluate(async (p) => {
    const t0 = performance.now()
    await (await fetch(p)).text()
    return performance.now() - t0
  }, path)
}

/** The id of the worker instance answering (changes when the worker restarts). */
function instanceOf(page: Page): Promise<string> {
  return page.evaluate(
    async (p) => ((await (await fetch(p)).json()) as { instance: string }).instance,
    E2E_INSTANCE_PATH,
  )
}

/** Signs alice up (once) and makes `count` posts of hers; the superuser session stays in localStorage. */
async function seedPosts(page: Page, count: number): Promise<void> {
  await createPostsCollection(page)
  await page.evaluate(
    async ([u, n]) => {
      const pb = window.e2e.client('alice_auth')
      await pb.collection('users').create({
        email: u.alice.email,
        password: u.alice.password,
        passwordConfirm: u.alice.password,
      })
      await pb.collection('users').authWithPassword(u.alice.email, u.alice.password)
      for (let i = 0; i < n; i++) {
        await pb.collection('posts').create({ title: `kept ${i}`, published: true, author: pb.authStore.record!.id })
      }
    },
    [SUITE_USERS, count] as [SuiteUsers, number],
  )
}

/** Posts as the superuser sees them, with the session read back from localStorage. */
function countPosts(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pb = window.e2e.client('su_auth')
    return (await pb.collection('posts').getList(1, 1)).totalItems
  })
}

defineSdkSuite('service worker (Asyncify, IndexedDB)', async () => swSdkTarget(await getSession(), 'asyncify'), {
  skip,
})

for (const build of ['jspi', 'asyncify'] as const) {
  describe(`service worker (${build} build): data survives`, { skip }, () => {
    let server: StaticServer
    let page: Page

    before(
      async () => {
        server = await (await getSession()).newOrigin()
        page = await openSwPage(await getSession(), server, build)
        await seedPosts(page, 20)
      },
      { timeout: STEP_TIMEOUT },
    )

    it('a page reload', { timeout: STEP_TIMEOUT }, async () => {
      await page.reload()
      assert.equal(await countPosts(page), 20)
    })

    it('a Service Worker stop (idle kill): the next request starts a fresh instance', { timeout: STEP_TIMEOUT }, async (t) => {
      const before = await instanceOf(page)
      const warm = await timeGet(page, '/api/health')
      await stopServiceWorkers(page)
      const cold = await timeGet(page, '/api/health')
      t.diagnostic(`${build}: GET /api/health warm ${warm.toFixed(1)} ms, first after SW stop ${cold.toFixed(1)} ms`)
      assert.notEqual(await instanceOf(page), before)
      assert.equal(await countPosts(page), 20)
      // a write acknowledged right before the next kill is kept
      await page.evaluate(async () => {
        const pb = window.e2e.client('alice_auth')
        await pb.collection('posts').create({ title: 'just before the kill', author: pb.authStore.record!.id })
      })
      await stopServiceWorkers(page)
      assert.equal(await countPosts(page), 21)
    })

    it('a Service Worker stop while offline (engine and dashboard from Cache Storage)', { timeout: STEP_TIMEOUT }, async () => {
      const context = page.context()
      // note: offline first: Playwright's setOffline stalls on a stopped worker target
      await context.setOffline(true)
      server.offline = true
      try {
        await stopServiceWorkers(page)
        const network = await page.evaluate(() =>
          fetch('/e2e-page.js?offline').then(
            () => 'reached',
            () => 'failed',
          ),
        )
        assert.equal(network, 'failed', 'the server still answers')
        assert.equal(await countPosts(page), 21)
        const admin = await page.evaluate(async () => {
          const res = await fetch('/_/')
          return { status: res.status, html: (await res.text()).includes('<script') }
        })
        assert.deepEqual(admin, { status: 200, html: true })
        await page.evaluate(async () => {
          const pb = window.e2e.client('alice_auth')
          await pb.collection('posts').create({ title: 'written offline', author: pb.authStore.record!.id })
        })
      } finally {
        await context.setOffline(false)
        server.offline = false
      }
      assert.equal(await countPosts(page), 22)
    })

    it(
      'a hard reload (the page loads without its worker) and registerIsobase taking control again',
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
        await page.evaluate(([url]) => window.e2e.registerSw(url!, '/'), [`/e2e-sw.js?build=${build}`])
        assert.equal(await countPosts(page), 22)
      },
    )

    it('a browser restart on the same profile', { timeout: STEP_TIMEOUT }, async () => {
      const s = await getSession()
      await s.restart()
      page = await openSwPage(s, server, build)
      assert.equal(await countPosts(page), 22)
    })

    it('requests outside the API still reach the network', { timeout: STEP_TIMEOUT }, async () => {
      const hits = server.hits.get('/e2e-page.js') ?? 0
      await page.reload()
      assert.ok((server.hits.get('/e2e-page.js') ?? 0) > hits)
      const res = await page.evaluate(async () => {
        const r = await fetch('/no-such-file.txt')
        return { status: r.status, text: await r.text() }
      })
      assert.deepEqual(res, { status: 404, text: 'not found' }) // the static server's answer, not the core's
    })
  })
}

describe('service worker: tabs share one backend', { skip }, () => {
  let server: StaticServer
  let tabA: Page
  let tabB: Page

  before(
    async () => {
      const s = await getSession()
      server = await s.newOrigin()
      tabA = await openSwPage(s, server, 'auto')
      await seedPosts(tabA, 1)
      tabB = await openSwPage(s, server, 'auto')
    },
    { timeout: STEP_TIMEOUT },
  )
  after(async () => {
    await tabA?.close()
    await tabB?.close()
  })

  /** Subscribes tab A (as alice) to `posts`; events collect under `name`. */
  const subscribeA = (name: string) =>
    tabA.evaluate(async (n) => {
      const pb = window.e2e.client('alice_auth')
      ;(window as unknown as { watcher: typeof pb }).watcher = pb
      await pb.collection('posts').subscribe('*', (e) => window.e2e.pushEvent(n, `${e.action}:${e.record.title}`))
      return pb.realtime.clientId
    }, name)

  const writeInB = (title: string) =>
    tabB.evaluate(async (t) => {
      const pb = window.e2e.client('alice_auth') // the session written by tab A, from localStorage
      await pb.collection('posts').create({ title: t, published: true, author: pb.authStore.record!.id })
    }, title)

  it('fired onServe when the worker installed the app', { timeout: STEP_TIMEOUT }, async () => {
    const got = await tabA.evaluate(async (p) => (await fetch(p)).json(), E2E_ADAPTER_PATH)
    assert.deepEqual(got, { adapter: 'service-worker' })
  })

  it('a write in one tab reaches a realtime subscriber in the other', { timeout: STEP_TIMEOUT }, async () => {
    await subscribeA('tabs')
    await writeInB('from tab B')
    const events = await tabA.evaluate(() => window.e2e.waitEvents('tabs', 1))
    assert.deepEqual(events, ['create:from tab B'])
  })

  it(
    'after an idle kill under an open subscription, the SDK reconnects, resubscribes and gets events again',
    { timeout: STEP_TIMEOUT },
    async (t) => {
      const before = await tabA.evaluate(() => (window as unknown as { watcher: { realtime: { clientId: string } } }).watcher.realtime.clientId)
      const t0 = Date.now()
      await stopServiceWorkers(tabA)
      // the SDK notices the dropped stream, reconnects (new client id) and re-sends its subscriptions
      await tabA.waitForFunction(
        (old) => {
          const rt = (window as unknown as { watcher: { realtime: { clientId: string; isConnected: boolean } } }).watcher
            .realtime
          return rt.isConnected && rt.clientId !== '' && rt.clientId !== old
        },
        before,
        { timeout: 15_000 },
      )
      t.diagnostic(`realtime reconnected ${Date.now() - t0} ms after the worker stop`)
      await writeInB('after the restart')
      const events = await tabA.evaluate(() => window.e2e.waitEvents('tabs', 2))
      assert.deepEqual(events, ['create:from tab B', 'create:after the restart'])
    },
  )

  it('the dashboard at /_/ is served by the worker, signed in with the superuser session', { timeout: STEP_TIMEOUT }, async () => {
    // hand the suite's superuser session to the dashboard's own auth store key
    await tabB.evaluate(async (u: SuiteUsers) => {
      const pb = window.e2e.client('__isobase_superuser_auth__')
      await pb.collection('_superusers').authWithPassword(u.superuser.email, u.superuser.password)
    }, SUITE_USERS)
    const served = server.hits.get('/_/') ?? 0
    await tabB.goto(`${server.origin}/_/#/collections`)
    await tabB.getByText('posts').first().waitFor({ timeout: 15_000 })
    assert.equal(server.hits.get('/_/') ?? 0, served, 'the page came from the network')
    mkdirSync(OUTPUT, { recursive: true })
    await tabB.screenshot({ path: `${OUTPUT}sw-dashboard.png` })
  })
})

describe('product bundle isobase-sw.js under the /sw/ scope', { skip }, () => {
  let page: Page
  let origin: string
  let registerMs = 0

  before(
    async () => {
      const s = await getSession()
      origin = (await s.newOrigin()).origin
      page = await openLinkedPage(s, origin, { kind: 'url', url: `${origin}/sw` }, '/sw/page/')
      registerMs = await page.evaluate(async () => {
        const t0 = performance.now()
        const mod = (await import('/sw/isobase-register.js' as string)) as typeof import('@isobase/service-worker/register')
        await mod.registerIsobase({ url: '/sw/isobase-sw.js', scope: '/sw/' })
        return performance.now() - t0
      })
    },
    { timeout: STEP_TIMEOUT },
  )
  after(() => page?.close())

  it('answers /sw/api/* and leaves /api/* to the network', { timeout: STEP_TIMEOUT }, async (t) => {
    t.diagnostic(
      `isobase-sw.js: register → controlling ${registerMs.toFixed(0)} ms, first /sw/api/health ${(await timeGet(page, '/sw/api/health')).toFixed(0)} ms`,
    )
    const got = await page.evaluate(async () => {
      const inside = await fetch('/sw/api/health')
      const outside = await fetch('/api/health')
      return {
        inside: [inside.status, await inside.text()],
        outside: [outside.status, await outside.text()],
        health: await window.e2e.client().health.check(),
      }
    })
    assert.deepEqual(got, {
      inside: [200, '{"message":"API is healthy.","code":200,"data":{}}\n'],
      outside: [404, 'not found'],
      health: { message: 'API is healthy.', code: 200, data: {} },
    })
  })

  it('opens the installer on a fresh backend, where the first superuser is created', { timeout: STEP_TIMEOUT }, async () => {
    await page.goto(`${origin}/sw/_/`)
    await page.waitForURL(/\/sw\/_\/\?installer#\/pbinstall\/[\w-]+\.[\w-]+\.[\w-]+$/)
    const form = page.locator('form').first()
    await form.waitFor({ timeout: 15_000 })
    mkdirSync(OUTPUT, { recursive: true })
    await page.screenshot({ path: `${OUTPUT}sw-installer.png` })
  })
})

/** The e2e superuser's token on the server at `url`. */
async function superuserToken(url: string): Promise<string> {
  const auth = await fetch(`${url}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: SUITE_USERS.superuser.email, password: SUITE_USERS.superuser.password }),
  })
  assert.equal(auth.status, 200, await auth.clone().text())
  return ((await auth.json()) as { token: string }).token
}

/** What a server holds, read over HTTP as the e2e superuser: post titles and the first cover file. */
async function readServer(url: string): Promise<{ titles: string[]; cover: [number, string] }> {
  const token = await superuserToken(url)
  const list = await fetch(`${url}/api/collections/posts/records?perPage=100&sort=title`, { headers: { authorization: token } })
  assert.equal(list.status, 200)
  const items = ((await list.json()) as { items: { id: string; title: string; cover: string; collectionId: string }[] }).items
  const withCover = items.find((r) => r.cover !== '')
  assert.ok(withCover, 'no post with a cover')
  const file = await fetch(`${url}/api/files/${withCover.collectionId}/${withCover.id}/${withCover.cover}`)
  return { titles: items.map((r) => r.title), cover: [file.status, file.headers.get('content-type') ?? ''] }
}

describe('service worker: pb_data zips both ways', { skip }, () => {
  let page: Page
  let tmp: string

  before(
    async () => {
      const s = await getSession()
      page = await openSwPage(s, await s.newOrigin(), 'auto')
      await seedPosts(page, 2)
      await page.evaluate(async () => {
        const pb = window.e2e.client('alice_auth')
        await pb.collection('posts').create({
          title: 'kept 2 (with a cover)',
          author: pb.authStore.record!.id,
          cover: await window.e2e.png('cover.png', 20, 10),
        })
      })
      tmp = mkdtempSync(join(tmpdir(), 'isobase-e2e-pb-data-'))
    },
    { timeout: STEP_TIMEOUT },
  )
  after(async () => {
    await page?.close()
    rmSync(tmp, { recursive: true, force: true })
  })

  const expected = { titles: ['kept 0', 'kept 1', 'kept 2 (with a cover)'], cover: [200, 'image/png'] }
  let pocketbaseBackup: Uint8Array | undefined

  it('a backup made in the browser opens in isobase serve and in PocketBase', { timeout: 60_000 }, async (t) => {
    const b64 = await page.evaluate(async () => {
      const su = window.e2e.client('su_auth')
      await su.backups.create('browser-export.zip')
      const token = await su.files.getToken()
      const res = await window.e2e.fetch(su.backups.getDownloadURL(token, 'browser-export.zip'))
      const bytes = new Uint8Array(await res.arrayBuffer())
      let text = ''
      for (const b of bytes) text += String.fromCharCode(b)
      return btoa(text)
    })
    const dir = join(tmp, 'pb_data')
    const paths = await unzipPbData(Buffer.from(b64, 'base64'), dir)
    assert.deepEqual(
      paths.map((p) => p.replace(/^storage\/\w+\/\w+\/cover_\w+\.png/, 'storage/<col>/<rec>/cover.png')),
      ['auxiliary.db', 'data.db', 'storage/<col>/<rec>/cover.png', 'storage/<col>/<rec>/cover.png.attrs'],
    )
    const copy = join(tmp, 'pb_data_for_pocketbase')
    cpSync(dir, copy, { recursive: true })

    const node = await openNodeApp({ dir })
    const server = await startServer(node.app, '127.0.0.1', 0)
    try {
      assert.deepEqual(await readServer(server.url), expected)
    } finally {
      await server.close(0)
      await node.close()
    }

    const binary = refPocketBase()
    if (!binary) {
      t.diagnostic('reference PocketBase binary not found: PocketBase check skipped')
      return
    }
    const pocketbase = await startPocketBase(binary, copy)
    try {
      assert.deepEqual(await readServer(pocketbase.url), expected)
      // and a backup made by PocketBase itself, for the next-but-one test
      const token = await superuserToken(pocketbase.url)
      const made = await fetch(`${pocketbase.url}/api/collections/posts/records`, {
        method: 'POST',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'made on pocketbase', published: true }),
      })
      assert.equal(made.status, 200, await made.clone().text())
      const backup = await fetch(`${pocketbase.url}/api/backups`, {
        method: 'POST',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'from_pocketbase.zip' }),
      })
      assert.equal(backup.status, 204, await backup.clone().text())
      const fileToken = ((await (await fetch(`${pocketbase.url}/api/files/token`, { method: 'POST', headers: { authorization: token } })).json()) as { token: string }).token
      const zip = await fetch(`${pocketbase.url}/api/backups/from_pocketbase.zip?token=${fileToken}`)
      assert.equal(zip.status, 200)
      pocketbaseBackup = new Uint8Array(await zip.arrayBuffer())
    } finally {
      await pocketbase.stop()
    }
  })

  it('a pb_data zipped on Node restores into the browser', { timeout: 60_000 }, async () => {
    const dir = join(tmp, 'pb_data')
    const node = await openNodeApp({ dir })
    const server = await startServer(node.app, '127.0.0.1', 0)
    try {
      const auth = await fetch(`${server.url}/api/collections/_superusers/auth-with-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: SUITE_USERS.superuser.email, password: SUITE_USERS.superuser.password }),
      })
      const { token } = (await auth.json()) as { token: string }
      const made = await fetch(`${server.url}/api/collections/posts/records`, {
        method: 'POST',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'made on node', published: true }),
      })
      assert.equal(made.status, 200, await made.clone().text())
    } finally {
      await server.close(0)
      await node.close()
    }
    const zip = await zipPbData(dir)
    const got = await restoreInBrowser(page, zip, 'from_node.zip', 'made on node')
    assert.deepEqual(got, {
      titles: ['kept 0', 'kept 1', 'kept 2 (with a cover)', 'made on node'],
      img: { status: 200, type: 'image/png', width: 20, height: 10 },
    })
  })

  it('a backup made by PocketBase restores into the browser', { timeout: 60_000 }, async (t) => {
    if (!pocketbaseBackup) {
      t.skip('reference PocketBase binary not found')
      return
    }
    const got = await restoreInBrowser(page, pocketbaseBackup, 'from_pocketbase.zip', 'made on pocketbase')
    assert.deepEqual(got, {
      titles: ['kept 0', 'kept 1', 'kept 2 (with a cover)', 'made on pocketbase'],
      img: { status: 200, type: 'image/png', width: 20, height: 10 },
    })
  })
})

/** Uploads `zip` as `name`, restores it, and reads posts back once `marker` shows up. */
function restoreInBrowser(page: Page, zip: Uint8Array, name: string, marker: string) {
  return page.evaluate(
    async ([b64, name, marker]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const su = window.e2e.client('su_auth')
      await su.backups.upload({ file: new File([bytes], name!, { type: 'application/zip' }) })
      await su.backups.restore(name!)
      // the restore runs right after the answer; the app restarts in place
      for (let i = 0; i < 100; i++) {
        const list = await su.collection('posts').getFullList({ sort: 'title' }).catch(() => [])
        if (list.some((r) => r.title === marker)) {
          const cover = list.find((r) => r.cover !== '')!
          const img = await window.e2e.imageInfo(su.files.getURL(cover, cover.cover as string))
          return { titles: list.map((r) => r.title), img }
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error('the restored data never showed up')
    },
    [Buffer.from(zip).toString('base64'), name, marker] as const,
  )
}

describe('playground', { skip }, () => {
  it('served by isobase serve at /_/playground/: runs SDK code and opens the signed-in dashboard', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isobase-e2e-playground-'))
    const node = await openNodeApp({ dir })
    const server = await startServer(node.app, '127.0.0.1', 0)
    const s = await getSession()
    const page = await s.context.newPage()
    try {
      page.on('pageerror', (err) => console.error('[page error]', err))
      await page.goto(`${server.url}/_/playground`)
      await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 })
      assert.equal(page.url(), `${server.url}/_/playground/`)
      await page.selectOption('#examples', 'List published posts')
      await page.click('#run')
      await page.locator('#output', { hasText: 'done in' }).waitFor()
      const out = await page.locator('#output').textContent()
      assert.match(out ?? '', /Hello from your browser/)
      assert.doesNotMatch(out ?? '', /Ann's draft/)
      mkdirSync(OUTPUT, { recursive: true })
      await page.screenshot({ path: `${OUTPUT}playground.png` })
      const dashboard = await s.context.newPage()
      try {
        await dashboard.goto(`${server.url}/_/playground/_/#/collections`)
        await dashboard.getByText('comments').first().waitFor({ timeout: 15_000 })
        await dashboard.screenshot({ path: `${OUTPUT}playground-dashboard.png` })
      } finally {
        await dashboard.close()
      }
      // the API the page used never reached the server: it has no such collections
      const res = await fetch(`${server.url}/api/collections/posts/records`)
      assert.equal(res.status, 404)
    } finally {
      await page.close()
      await server.close(0)
      await node.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('works as a static site (any path, any static host)', { timeout: 60_000 }, async () => {
    const s = await getSession()
    const origin = (await s.newOrigin()).origin
    const page = await s.open(`${origin}/playground/`)
    try {
      await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 })
      await page.selectOption('#examples', 'Rules at work')
      await page.click('#run')
      await page.locator('#output', { hasText: 'done in' }).waitFor()
      assert.match((await page.locator('#output').textContent()) ?? '', /^404 /m)
    } finally {
      await page.close()
    }
  })
})
