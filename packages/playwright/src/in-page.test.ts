/**
 * `isobaseInPage` in Chromium: an app page whose `fetch`, `EventSource`, `<img>` and XHR calls to an
 * API base no server listens on are answered by the in-page backend, seeded like the Node server.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { chromium, type Browser, type Page } from 'playwright-core'
import { isobaseInPage, type InPageIsobase } from './in-page.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const skip = existsSync(CHROMIUM)
  ? undefined
  : process.env.CI
    ? undefined
    : `${CHROMIUM} not found; in-page tests skipped`
// note: nothing listens there; every answer must come from inside the page
const API = 'http://127.0.0.1:9'
const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR4nGNgYPj/n4GBgQEADf4C/s6MZWwAAAAASUVORK5CYII='

describe('isobaseInPage', { skip, timeout: 60_000 }, () => {
  let browser: Browser
  let server: Server
  let origin: string
  let page: Page
  let isobase: InPageIsobase

  before(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    page = await browser.newPage()
    page.on('pageerror', (e) => console.error('[page error]', e))
    isobase = await isobaseInPage(page, {
      apiBase: API,
      superuser: { email: 'root@example.com', password: 'root-password-1' },
      collections: [
        {
          name: 'posts',
          type: 'base',
          listRule: '',
          viewRule: '',
          createRule: '',
          fields: [
            { name: 'title', type: 'text' },
            { name: 'image', type: 'file', maxSelect: 1 },
          ],
        },
      ],
      records: { posts: [{ title: 'seeded' }] },
    })
    const t0 = Date.now()
    await page.goto(`${origin}/`)
    await isobase.ready()
    console.error(`# in-page: goto → backend ready ${Date.now() - t0} ms`)
  })
  after(async () => {
    await isobase?.stop()
    await browser?.close()
    await new Promise((r) => server?.close(r))
  })

  it('answers fetch to the API base from the page, seeded', async () => {
    const got = await page.evaluate(async (api) => {
      const res = await fetch(`${api}/api/collections/posts/records`)
      const body = (await res.json()) as { items: { title: string }[] }
      return { status: res.status, titles: body.items.map((r) => r.title) }
    }, API)
    assert.deepEqual(got, { status: 200, titles: ['seeded'] })
  })

  it('streams realtime to EventSource and serves <img> and XHR loads through the page route', async () => {
    const got = await page.evaluate(
      async ([api, png]) => {
        const es = new EventSource(`${api}/api/realtime`)
        const clientId = await new Promise<string>((resolve) => es.addEventListener('PB_CONNECT', (e) => resolve((e as MessageEvent).lastEventId)))
        const sub = await fetch(`${api}/api/realtime`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientId, subscriptions: ['posts'] }),
        })
        const event = new Promise<string>((resolve) => es.addEventListener('posts', (e) => resolve((e as MessageEvent).data as string)))
        const form = new FormData()
        form.append('title', 'with image')
        form.append('image', new File([Uint8Array.from(atob(png!), (c) => c.charCodeAt(0))], 'dot.png', { type: 'image/png' }))
        const created = (await (await fetch(`${api}/api/collections/posts/records`, { method: 'POST', body: form })).json()) as {
          id: string
          collectionId: string
          image: string
        }
        const message = JSON.parse(await event) as { action: string; record: { title: string } }
        es.close()
        const img = new Image()
        img.src = `${api}/api/files/${created.collectionId}/${created.id}/${created.image}`
        await img.decode()
        const xhr = await new Promise<number>((resolve) => {
          const x = new XMLHttpRequest()
          x.open('GET', `${api}/api/collections/posts/records?filter=${encodeURIComponent('title="with image"')}`)
          x.onload = () => resolve((JSON.parse(x.responseText) as { totalItems: number }).totalItems)
          x.send()
        })
        return { sub: sub.status, action: message.action, title: message.record.title, img: [img.naturalWidth, img.naturalHeight], xhr }
      },
      [API, PNG_1x1],
    )
    assert.deepEqual(got, { sub: 204, action: 'create', title: 'with image', img: [2, 1], xhr: 1 })
  })

  it('keeps mails and starts fresh with the document', async () => {
    await page.evaluate(async (api) => {
      await fetch(`${api}/api/collections/_superusers/request-password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@example.com' }),
      })
    }, API)
    for (let i = 0; i < 50 && (await isobase.mails()).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50))
    }
    assert.equal((await isobase.mails()).length, 1)
    await page.reload()
    await isobase.ready()
    const titles = await page.evaluate(async (api) => {
      const body = (await (await fetch(`${api}/api/collections/posts/records`)).json()) as { items: { title: string }[] }
      return body.items.map((r) => r.title)
    }, API)
    assert.deepEqual(titles, ['seeded'])
    assert.deepEqual(await isobase.mails(), [])
  })

  it('leaves other requests to the network', async () => {
    const got = await page.evaluate(async () => (await fetch('/some/page')).status)
    assert.equal(got, 200)
  })
})
