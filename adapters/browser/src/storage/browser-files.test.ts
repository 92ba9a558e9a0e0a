// Runs the browser file storages (IndexedDB, OPFS) and the WebAssembly thumb maker in headless
// Chromium, in a page and in a Service Worker, and checks that the thumbs are byte-identical to the
// ones Node makes from the same originals.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, test } from 'node:test'
import * as esbuild from 'esbuild'
import { chromium, type BrowserContext } from 'playwright-core'
import { CODEC_WASM_FILES, createWasmThumbMaker, parseThumbSize, type CodecWasm } from '@isobase/core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SKIP = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found`
const require = createRequire(import.meta.url)
const SRC = fileURLToPath(new URL('../../src/storage/', import.meta.url))
// the team's shared data: $ISOBASE_SHARED, else ../shared beside the repository (CI), else /work/shared
const SHARED =
  process.env.ISOBASE_SHARED ??
  [resolve(import.meta.dirname, '../../../../../shared'), '/work/shared'].find((d) => existsSync(d)) ??
  '/work/shared'
const FIXTURE_PNG = join(SHARED, 'conformance/pocketbase/fixture/storage/_pb_users_auth_/4q1xlclmfloku33/300_1SEi6Q6U72.png')

const CHECKS = `
import { IdbFileStorage } from ${JSON.stringify(SRC + 'idb-file-storage.ts')}
import { OpfsFileStorage } from ${JSON.stringify(SRC + 'opfs-file-storage.ts')}
import { fetchCodecWasm } from ${JSON.stringify(SRC + 'browser-file-platform.ts')}
import { createWasmThumbMaker, parseThumbSize } from '@isobase/core'

const text = (s) => new Response(s).text()
async function contract(storage) {
  const enc = (s) => new TextEncoder().encode(s)
  await storage.put('c/r/a.txt', enc('0123456789'), { contentType: 'text/plain', metadata: { 'original-filename': 'A.txt' } })
  await storage.put('c/r/thumbs_a.txt/1x1_a.txt', new Blob(['t']), { contentType: 'image/png' })
  await storage.put('c/r2/b.txt', new Blob(['b']).stream(), { contentType: 'text/plain' })
  const out = {}
  out.attrs = await storage.attributes('c/r/a.txt')
  out.attrs = { ...out.attrs, modTime: out.attrs.modTime.getTime() > 0 }
  out.missing = (await storage.attributes('c/r/none.txt')) === undefined
  out.range = await text((await storage.read('c/r/a.txt', { offset: 2, length: 3 })).body)
  out.list = (await storage.list('c/r/')).map((o) => o.key)
  out.deletedThumbs = await storage.deletePrefix('c/r/thumbs_a.txt/')
  out.afterThumbs = (await storage.list('c/')).map((o) => o.key)
  out.deleted = await storage.delete('c/r/a.txt')
  out.deletedAgain = await storage.delete('c/r/a.txt')
  await storage.deletePrefix('c/')
  out.empty = (await storage.list('')).length
  out.traversal = await storage.put('../x', enc('x'), { contentType: 'x' }).then(() => 'accepted', () => 'rejected')
  return out
}

async function thumbs(inputs) {
  const maker = createWasmThumbMaker(fetchCodecWasm(new URL('/wasm/', self.location.href)))
  const out = []
  for (const { bytes, type, size } of inputs) {
    const t = await maker.make(new Uint8Array(bytes), type, parseThumbSize(size))
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', t.bytes))
    out.push(t.contentType + ' ' + Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''))
  }
  return out
}
globalThis.isobaseChecks = { contract, IdbFileStorage, OpfsFileStorage, thumbs }
`

// the Service Worker script: the same checks, statically bundled, answering postMessage
const SW = `
self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()))
self.addEventListener('message', (e) => {
  globalThis.isobaseChecks.thumbs(e.data).then(
    (r) => e.source.postMessage({ ok: r }),
    (err) => e.source.postMessage({ error: String(err) }),
  )
})
`

let server: Server | undefined
let url = ''
let context: BrowserContext | undefined
let profile = ''

before(async () => {
  if (SKIP) return
  const build = async (contents: string) =>
    (
      await esbuild.build({
        stdin: { contents, resolveDir: SRC, loader: 'ts', sourcefile: 'entry.ts' },
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
      })
    ).outputFiles[0]!.text
  const checks = await build(CHECKS)
  const sw = await build(CHECKS + SW)
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', '<!doctype html><script type="module" src="/checks.js"></script>'],
    '/checks.js': ['text/javascript', checks],
    '/sw.js': ['text/javascript', sw],
  }
  for (const path of Object.values(CODEC_WASM_FILES)) {
    files['/wasm/' + path.slice(path.lastIndexOf('/') + 1)] = ['application/wasm', readFileSync(require.resolve(path))]
  }
  server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname]
    if (!file) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': file[0] }).end(file[1])
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
  profile = mkdtempSync(join(tmpdir(), 'isobase-files-chromium-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
})

after(async () => {
  await context?.close()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  if (profile) rmSync(profile, { recursive: true, force: true })
})

test('IndexedDB and OPFS storages behave like the Node ones', { skip: SKIP, timeout: 60_000 }, async () => {
  const page = await context!.newPage()
  await page.goto(url)
  await page.waitForFunction(() => 'isobaseChecks' in globalThis)
  for (const kind of ['IdbFileStorage', 'OpfsFileStorage']) {
    const out = await page.evaluate(async (k) => {
      const checks = (globalThis as unknown as { isobaseChecks: Record<string, any> }).isobaseChecks
      return checks.contract(new checks[k]())
    }, kind)
    assert.deepEqual(
      out,
      {
        attrs: { size: 10, contentType: 'text/plain', modTime: true, metadata: { 'original-filename': 'A.txt' } },
        missing: true,
        range: '234',
        list: ['c/r/a.txt', 'c/r/thumbs_a.txt/1x1_a.txt'],
        deletedThumbs: [],
        afterThumbs: ['c/r/a.txt', 'c/r2/b.txt'],
        deleted: true,
        deletedAgain: false,
        empty: 0,
        traversal: 'rejected',
      },
      kind,
    )
  }
  await page.close()
})

test('a page and a Service Worker make the same thumbs as Node', { skip: SKIP || (!existsSync(FIXTURE_PNG) && 'no fixture'), timeout: 60_000 }, async () => {
  const png = readFileSync(FIXTURE_PNG)
  const inputs = ['100x100', '70x50t', '40x40f', '0x30'].map((size) => ({ bytes: [...png], type: 'image/png', size }))
  // the same image as JPEG and GIF originals, made by Node's own maker
  const nodeMaker = createWasmThumbMaker(async (name: CodecWasm) =>
    (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<object> } }).WebAssembly.compile(readFileSync(require.resolve(CODEC_WASM_FILES[name]))),
  )
  const jpeg = await nodeMaker.make(png, 'image/jpeg', parseThumbSize('120x90'))
  const gif = await nodeMaker.make(png, 'image/gif', parseThumbSize('60x60'))
  inputs.push({ bytes: [...jpeg.bytes], type: 'image/jpeg', size: '50x50' }, { bytes: [...gif.bytes], type: 'image/gif', size: '30x20b' })

  const expected: string[] = []
  for (const input of inputs) {
    const t = await nodeMaker.make(new Uint8Array(input.bytes), input.type, parseThumbSize(input.size))
    expected.push(t.contentType + ' ' + createHash('sha256').update(t.bytes).digest('hex'))
  }
  assert.deepEqual(expected.map((e) => e.split(' ')[0]), ['image/png', 'image/png', 'image/png', 'image/png', 'image/jpeg', 'image/gif'])

  const page = await context!.newPage()
  await page.goto(url)
  await page.waitForFunction(() => 'isobaseChecks' in globalThis)
  const inPage = await page.evaluate((i) => (globalThis as unknown as { isobaseChecks: any }).isobaseChecks.thumbs(i), inputs)
  assert.deepEqual(inPage, expected, 'page')

  const inWorker = await page.evaluate(async (i) => {
    const reg = await navigator.serviceWorker.register('/sw.js', { type: 'module' })
    const worker = reg.installing ?? reg.waiting ?? reg.active!
    const reply = new Promise<{ ok?: string[]; error?: string }>((resolve) => {
      navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), { once: true })
    })
    worker.postMessage(i)
    return reply
  }, inputs)
  assert.deepEqual(inWorker, { ok: expected }, 'service worker')
  await page.close()
})
