/**
 * The offline notes app in Chromium (node:test + playwright-core; the same steps read the same in
 * `@playwright/test`):
 *
 * - its main flow with the backend in the Service Worker: sign up, add a note with an image, go
 *   offline, reload, and keep working; two tabs see each other's notes through realtime;
 * - the same app tested against a fresh `@isobase/playwright` backend per test, seeded from the app's
 *   own `pb_migrations`: as a Node server, and inside the page.
 *
 * Run: `npm run build && node --test examples/offline-notes/dist-test/notes.test.js`.
 */
import assert from 'node:assert/strict'
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'
import { isobaseInPage, startIsobase } from '@isobase/playwright'
import PocketBase from 'pocketbase'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const DIST = join(ROOT, 'dist')
const OUTPUT = join(ROOT, 'output')
const MIGRATIONS = join(ROOT, 'pb_migrations')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `${CHROMIUM} not found; skipped` : undefined
const ALICE = { email: 'alice@example.com', password: 'alice-password-1' }

/** A `width`×`height` RGB PNG in two colours (test data for the attachment). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(body.length + 8)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), body.length + 4)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      rows.set(x < width / 2 ? [67, 56, 202] : [250, 204, 21], y * (width * 3 + 1) + 1 + x * 3)
    }
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** dist/ over HTTP on 127.0.0.1; `offline` cuts every request (the site is unreachable). */
async function serveDist(): Promise<{ origin: string; offline: boolean; close(): Promise<void> }> {
  const state = { offline: false }
  const server: Server = createServer((req, res) => {
    if (state.offline) {
      req.socket.destroy()
      return
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const file = normalize(join(DIST, path.endsWith('/') ? path + 'index.html' : path))
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found')
      return
    }
    const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' }[
      extname(file)
    ]
    res.writeHead(200, { 'content-type': type ?? 'application/octet-stream', 'cache-control': 'no-cache' })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    get offline() {
      return state.offline
    },
    set offline(v: boolean) {
      state.offline = v
    },
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  }
}

/** Signs up (or in) through the app's form. */
async function signIn(page: Page, action: 'sign-in' | 'sign-up'): Promise<void> {
  await page.getByLabel('Email').fill(ALICE.email)
  await page.getByLabel('Password').fill(ALICE.password)
  await page.locator(`button[value="${action}"]`).click()
  await page.locator('#notes').waitFor()
}

/** Adds a note through the app's form, optionally with the test PNG as attachment. */
async function addNote(page: Page, title: string, withImage = false): Promise<void> {
  await page.getByPlaceholder('Title').fill(title)
  await page.getByPlaceholder('Write something…').fill(`${title}: body`)
  if (withImage) {
    await page.locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png(48, 32) })
  }
  await page.getByRole('button', { name: 'Add note' }).click()
  await page.locator('#list h3', { hasText: title }).waitFor()
}

const titles = (page: Page) => page.locator('#list h3').allTextContents()

describe('offline notes', { skip, timeout: 120_000 }, () => {
  let browser: Browser
  let site: Awaited<ReturnType<typeof serveDist>>

  before(async () => {
    if (!existsSync(join(DIST, 'sw.js'))) {
      throw new Error('examples/offline-notes/dist is missing: run npm run build')
    }
    mkdirSync(OUTPUT, { recursive: true })
    site = await serveDist()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  })
  after(async () => {
    await browser?.close()
    await site?.close()
  })

  describe('with the backend in the Service Worker', () => {
    let context: BrowserContext
    let page: Page

    before(async () => {
      context = await browser.newContext()
      page = await context.newPage()
      page.on('pageerror', (e) => console.error('[page error]', e))
      await page.goto(`${site.origin}/`)
      await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 })
    })
    after(() => context?.close())

    it('signs up, adds a note with an image, and keeps working offline after a reload', async () => {
      await signIn(page, 'sign-up')
      await addNote(page, 'First note', true)
      // offline: the browser has no network and the site is gone too
      await context.setOffline(true)
      site.offline = true
      try {
        await page.reload()
        await page.locator('body[data-ready="true"]').waitFor()
        assert.equal(await page.locator('#network').textContent(), 'offline')
        assert.equal(await page.locator('#who').textContent(), ALICE.email)
        await addNote(page, 'Written offline')
        assert.deepEqual(await titles(page), ['Written offline', 'First note'])
        const thumb = page.locator('#list img')
        await thumb.evaluate((img: HTMLImageElement) => img.decode())
        assert.deepEqual(await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]), [100, 100])
        await page.screenshot({ path: join(OUTPUT, 'offline-notes-offline.png') })
      } finally {
        await context.setOffline(false)
        site.offline = false
      }
    })

    it('shows a note added in another tab through realtime', async () => {
      const other = await context.newPage()
      try {
        await other.goto(`${site.origin}/`)
        await other.locator('#list h3', { hasText: 'First note' }).waitFor()
        await addNote(other, 'From the other tab')
        await page.locator('#list h3', { hasText: 'From the other tab' }).waitFor({ timeout: 10_000 })
        assert.deepEqual(await titles(page), ['From the other tab', 'Written offline', 'First note'])
        await page.screenshot({ path: join(OUTPUT, 'offline-notes-tabs.png') })
      } finally {
        await other.close()
      }
    })
  })

  describe('with @isobase/playwright', () => {
    it('against a fresh Node server seeded from pb_migrations', async () => {
      const isobase = await startIsobase({
        migrations: MIGRATIONS,
        records: { users: [{ ...ALICE, passwordConfirm: ALICE.password }] },
      })
      const context = await browser.newContext()
      try {
        const page = await context.newPage()
        await page.goto(`${site.origin}/?backend=${encodeURIComponent(isobase.url)}`)
        await signIn(page, 'sign-in')
        await addNote(page, 'Stored on the test server', true)
        // the test can look at the backend directly
        const pb = new PocketBase(isobase.url)
        await pb.collection('users').authWithPassword(ALICE.email, ALICE.password)
        const notes = await pb.collection('notes').getFullList()
        assert.deepEqual(
          notes.map((n) => [n.title, n.owner === pb.authStore.record!.id, /^photo_\w+\.png$/.test(n.attachment as string)]),
          [['Stored on the test server', true, true]],
        )
      } finally {
        await context.close()
        await isobase.stop()
      }
    })

    it('inside the page, with no server at the API base', async () => {
      const api = 'http://127.0.0.1:9'
      const context = await browser.newContext()
      try {
        const page = await context.newPage()
        const isobase = await isobaseInPage(page, {
          apiBase: api,
          migrations: MIGRATIONS,
          records: { users: [{ ...ALICE, passwordConfirm: ALICE.password }] },
        })
        await page.goto(`${site.origin}/?backend=${encodeURIComponent(api)}`)
        await signIn(page, 'sign-in')
        await addNote(page, 'Stored in the page', true)
        const thumb = page.locator('#list img')
        await thumb.evaluate((img: HTMLImageElement) => img.decode())
        assert.deepEqual(await titles(page), ['Stored in the page'])
        await isobase.stop()
      } finally {
        await context.close()
      }
    })
  })
})
