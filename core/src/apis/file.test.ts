import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import encodePng, { init as initPngEncoder } from '@jsquash/png/encode.js'
import encodeJpeg, { init as initJpegEncoder } from '@jsquash/jpeg/encode.js'
import encodeWebp, { init as initWebpEncoder } from '@jsquash/webp/encode.js'
import { form, newFilesTestApp, type FilesTestApp } from '../files/files-test-app.test-util.js'
import { encodeGif } from '../files/gif-codec.js'

const require = createRequire(import.meta.url)

type Img = { width: number; height: number; data: Uint8ClampedArray; colorSpace: 'srgb' }
function gradient(width: number, height: number): Img {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      data.set([(x * 255) / width, (y * 255) / height, 128, 255], i)
    }
  }
  return { width, height, data, colorSpace: 'srgb' }
}

let PNG: Uint8Array
let JPEG: Uint8Array
let GIF: Uint8Array
let WEBP: Uint8Array

before(async () => {
  const compile = (p: string) =>
    (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<object> } }).WebAssembly.compile(readFileSync(require.resolve(p)))
  await (initJpegEncoder as unknown as (m: object) => Promise<void>)(await compile('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm'))
  await (initWebpEncoder as unknown as (m: object) => Promise<void>)(await compile('@jsquash/webp/codec/enc/webp_enc.wasm'))
  await (initPngEncoder as unknown as (m: object) => Promise<void>)(await compile('@jsquash/png/codec/pkg/squoosh_png_bg.wasm'))
  PNG = await pngBytes(gradient(40, 30))
  JPEG = new Uint8Array(await encodeJpeg(gradient(40, 30) as never, { quality: 90 }))
  GIF = encodeGif(gradient(40, 30))
  WEBP = new Uint8Array(await encodeWebp(gradient(40, 30) as never))
})

async function pngBytes(img: Img): Promise<Uint8Array> {
  return new Uint8Array(await encodePng(img as never))
}

const blob = (bytes: Uint8Array | string) => new Blob([bytes as Uint8Array<ArrayBuffer>])

async function createDoc(t: FilesTestApp, entries: [string, string | [Blob, string]][]) {
  const res = await t.app.request('/api/collections/docs/records', { method: 'POST', body: form(entries) })
  return { status: res.status, json: (await res.json()) as any }
}

async function updateDoc(t: FilesTestApp, id: string, entries: [string, string | [Blob, string]][]) {
  const res = await t.app.request(`/api/collections/docs/records/${id}`, { method: 'PATCH', body: form(entries) })
  return { status: res.status, json: (await res.json()) as any }
}

const fileUrl = (t: FilesTestApp, id: string, name: string, query = '') => `/api/files/${t.docs.id}/${id}/${name}${query}`

describe('uploads through records', () => {
  test('a multipart create stores the file under PocketBase’s name and serves it with its headers', async () => {
    const t = await newFilesTestApp()
    const { status, json } = await createDoc(t, [['one', [blob('hello world'), 'My Report.TXT']]])
    assert.equal(status, 200, JSON.stringify(json))
    assert.match(json.one, /^my_report_[a-z0-9]{10}\.TXT$/)
    const key = `${t.docs.id}/${json.id}/${json.one}`
    const attrs = await t.storage.attributes(key)
    assert.equal(attrs?.contentType, 'text/plain; charset=utf-8')
    assert.deepEqual(attrs?.metadata, { 'original-filename': 'My Report.TXT' })

    const res = await t.app.request(fileUrl(t, json.id, json.one))
    assert.equal(res.status, 200)
    assert.equal(await res.text(), 'hello world')
    assert.equal(res.headers.get('content-disposition'), `attachment; filename=${json.one}`)
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8')
    assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox")
    assert.equal(res.headers.get('cache-control'), 'max-age=2592000, stale-while-revalidate=86400')
    assert.equal(res.headers.get('accept-ranges'), 'bytes')
    assert.equal(res.headers.get('content-length'), '11')
    assert.ok(res.headers.get('last-modified'))
  })

  test('images are inline unless ?download is true (Go ParseBool)', async () => {
    const t = await newFilesTestApp()
    const { json } = await createDoc(t, [['images', [blob(PNG), 'pic.png']]])
    const name = json.images[0]
    for (const [query, disposition] of [
      ['', 'inline'],
      ['?download=1', 'attachment'],
      ['?download=true', 'attachment'],
      ['?download=0', 'inline'],
      ['?download=yes', 'inline'],
    ] as const) {
      const res = await t.app.request(fileUrl(t, json.id, name, query))
      assert.equal(res.headers.get('content-disposition'), `${disposition}; filename=${name}`, query)
      assert.equal(res.headers.get('content-type'), 'image/png')
    }
  })

  test('byte ranges, conditional requests and HEAD', async () => {
    const t = await newFilesTestApp()
    const { json } = await createDoc(t, [['one', [blob('0123456789'), 'digits.txt']]])
    const url = fileUrl(t, json.id, json.one)
    const cases: [string, Record<string, string>, number, string, string | null][] = [
      ['first bytes', { range: 'bytes=2-5' }, 206, '2345', 'bytes 2-5/10'],
      ['suffix', { range: 'bytes=-3' }, 206, '789', 'bytes 7-9/10'],
      ['open end', { range: 'bytes=8-' }, 206, '89', 'bytes 8-9/10'],
      ['past the end', { range: 'bytes=20-30' }, 416, 'invalid range: failed to overlap\n', 'bytes */10'],
      ['not bytes', { range: 'items=1-2' }, 416, 'invalid range: failed to overlap\n', 'bytes */10'],
      ['not modified', { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() }, 304, '', null],
      ['modified', { 'if-modified-since': new Date(0).toUTCString() }, 200, '0123456789', null],
      ['precondition failed', { 'if-unmodified-since': new Date(0).toUTCString() }, 412, '', null],
    ]
    for (const [name, headers, status, body, contentRange] of cases) {
      const res = await t.app.request(url, { headers })
      assert.equal(res.status, status, name)
      assert.equal(await res.text(), body, name)
      assert.equal(res.headers.get('content-range'), contentRange, name)
    }
    const multi = await t.app.request(url, { headers: { range: 'bytes=0-1, 5-6' } })
    assert.equal(multi.status, 206)
    const boundary = /^multipart\/byteranges; boundary=([0-9a-f]{60})$/.exec(multi.headers.get('content-type') ?? '')?.[1]
    assert.ok(boundary, multi.headers.get('content-type') ?? '')
    const multiBody = await multi.text()
    assert.equal(
      multiBody,
      `--${boundary}\r\nContent-Range: bytes 0-1/10\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n01` +
        `\r\n--${boundary}\r\nContent-Range: bytes 5-6/10\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n56` +
        `\r\n--${boundary}--\r\n`,
    )
    assert.equal(multi.headers.get('content-length'), String(new TextEncoder().encode(multiBody).length))

    const head = await t.app.request(url, { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.headers.get('content-length'), '10')
    assert.equal(await head.text(), '')
  })

  test('maxSize, mimeTypes, maxSelect and unknown names are rejected, and nothing is stored', async () => {
    const t = await newFilesTestApp()
    const cases: [string, [string, string | [Blob, string]][], string, string][] = [
      ['oversized', [['one', [blob('x'.repeat(2000)), 'big.txt']]], 'one', 'validation_file_size_limit'],
      ['wrong type', [['images', [blob('not an image'), 'fake.png']]], 'images', 'validation_invalid_mime_type'],
      [
        'too many',
        [1, 2, 3, 4].map((i) => ['many', [blob(`f${i}`), `f${i}.txt`]] as [string, [Blob, string]]),
        'many',
        'validation_too_many_files',
      ],
      ['unknown plain name', [['one', 'existing_abcdefghij.txt']], 'one', 'validation_invalid_file'],
    ]
    for (const [name, entries, field, code] of cases) {
      const { status, json } = await createDoc(t, entries)
      assert.equal(status, 400, name)
      assert.equal(json.data[field]?.code, code, `${name}: ${JSON.stringify(json)}`)
    }
    assert.deepEqual(t.storage.keys(), [])
  })

  test('append, prepend, remove and replace; dropped files are deleted after the commit', async () => {
    const t = await newFilesTestApp()
    const { json } = await createDoc(t, [
      ['many', [blob('a'), 'a.txt']],
      ['many', [blob('b'), 'b.txt']],
      ['one', [blob('old'), 'old.txt']],
    ])
    const [a, b] = json.many as string[]
    const dir = `${t.docs.id}/${json.id}`
    let r = await updateDoc(t, json.id, [['many+', [blob('c'), 'c.txt']]])
    assert.equal(r.status, 200)
    const c = r.json.many[2]
    assert.deepEqual(r.json.many.slice(0, 2), [a, b])
    r = await updateDoc(t, json.id, [['many-', a!]])
    assert.deepEqual(r.json.many, [b, c])
    assert.equal(await t.storage.attributes(`${dir}/${a}`), undefined)
    r = await updateDoc(t, json.id, [['+many', [blob('d'), 'd.txt']], ['many-', c]])
    const d = r.json.many[0]
    assert.deepEqual(r.json.many, [d, b])
    // plain key: submitted names are kept next to the new uploads
    r = await updateDoc(t, json.id, [['many', b!], ['many', [blob('e'), 'e.txt']]])
    assert.equal(r.json.many.length, 2)
    assert.equal(r.json.many[0], b)
    assert.equal(await t.storage.attributes(`${dir}/${d}`), undefined)
    // replacing a single file deletes the old one
    const oldOne = json.one
    r = await updateDoc(t, json.id, [['one', [blob('new'), 'new.txt']]])
    assert.notEqual(r.json.one, oldOne)
    assert.equal(await t.storage.attributes(`${dir}/${oldOne}`), undefined)
    assert.deepEqual(
      t.storage.keys(),
      [...r.json.many, r.json.one].map((n: string) => `${dir}/${n}`).sort(),
    )
  })

  test('a failed write removes the new uploads and keeps the old files', async () => {
    const t = await newFilesTestApp()
    const first = await createDoc(t, [['title', 'dup'], ['one', [blob('keep'), 'keep.txt']]])
    assert.equal(first.status, 200)
    const before = t.storage.keys()
    const dup = await createDoc(t, [['title', 'dup'], ['one', [blob('lost'), 'lost.txt']]])
    assert.equal(dup.status, 400)
    assert.equal(dup.json.data.title?.code, 'validation_not_unique')
    assert.deepEqual(t.storage.keys(), before)

    const other = await createDoc(t, [['title', 'other']])
    const upd = await updateDoc(t, other.json.id, [['title', 'dup'], ['one', [blob('x'), 'x.txt']]])
    assert.equal(upd.status, 400)
    assert.deepEqual(t.storage.keys(), before)
  })

  test('deleting a record deletes its files and thumbs', async () => {
    const t = await newFilesTestApp()
    const { json } = await createDoc(t, [['images', [blob(PNG), 'p.png']], ['one', [blob('x'), 'x.txt']]])
    const thumb = await t.app.request(fileUrl(t, json.id, json.images[0], '?thumb=100x100'))
    assert.equal(thumb.status, 200)
    assert.equal(t.storage.keys().length, 3)
    const res = await t.app.request(`/api/collections/docs/records/${json.id}`, { method: 'DELETE' })
    assert.equal(res.status, 204)
    assert.deepEqual(t.storage.keys(), [])
  })
})

describe('bad input', () => {
  test('path traversal and odd names in the URL are 404s', async () => {
    const t = await newFilesTestApp()
    const { json } = await createDoc(t, [['one', [blob('x'), 'x.txt']]])
    for (const name of ['..%2F..%2Fdata.db', '%2e%2e', '..', '%2e%2e%2f' + json.one, json.one + '%00', '%00', 'a%5C..%5Cb']) {
      const res = await t.app.request(`/api/files/${t.docs.id}/${json.id}/${name}`)
      assert.equal(res.status, 404, name)
      assert.deepEqual(await res.json(), { data: {}, message: "The requested resource wasn't found.", status: 404 })
    }
    const res = await t.app.request(`/api/files/${t.docs.id}/..%2F${json.id}/${json.one}`)
    assert.equal(res.status, 404)
  })

  test('client file names cannot escape the record directory', async () => {
    const t = await newFilesTestApp()
    for (const name of ['../../evil.txt', '..\\..\\evil.txt', 'a\u0000b.txt', '.hidden', '..', '%2e%2e%2fx.txt']) {
      const { status, json } = await createDoc(t, [['one', [blob('x'), name]]])
      assert.equal(status, 200, name)
      assert.match(json.one, /^[a-z0-9_]+_[a-z0-9]{10}(\.[\w.*\-+=#]+)?$/, name)
      const keys = t.storage.keys().filter((k) => k.includes(json.id))
      assert.deepEqual(keys, [`${t.docs.id}/${json.id}/${json.one}`], name)
    }
  })

  test('a body over the collection limit is a 413 before it is read whole', async () => {
    const t = await newFilesTestApp()
    // limit = 32 MiB + one (1 KiB) + many (3 x 5 MiB) + images (2 x 5 MiB) + secret (5 MiB)
    const limit = (32 << 20) + 1024 + 3 * (5 << 20) + 2 * (5 << 20) + (5 << 20)
    const declared = await t.app.request('/api/collections/docs/records', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(limit + 1) },
      body: 'x',
    })
    assert.equal(declared.status, 413)

    let pulled = 0
    const chunk = new Uint8Array(1 << 20)
    const total = limit + (32 << 20)
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close()
        pulled += chunk.length
        controller.enqueue(chunk)
      },
    })
    const res = await t.app.request('/api/collections/docs/records', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    assert.equal(res.status, 413)
    assert.deepEqual(await res.json(), { data: {}, message: 'Request entity too large.', status: 413 })
    assert.ok(pulled < total, `read ${pulled} of ${total} bytes`)
    assert.deepEqual(t.storage.keys(), [])
  })
})

describe('thumbs', () => {
  test('every format and size is generated once, stored beside the original, then served from there', async () => {
    const t = await newFilesTestApp()
    const sources: [string, Uint8Array, string][] = [
      ['p.png', PNG, 'image/png'],
      ['j.jpg', JPEG, 'image/jpeg'],
      ['g.gif', GIF, 'image/gif'],
      ['w.webp', WEBP, 'image/png'],
    ]
    const expectedSize: Record<string, [number, number]> = {
      '100x100': [100, 100],
      '20x20': [20, 20],
      '10x0': [10, 8],
    }
    for (const [file, bytes, thumbType] of sources) {
      const { status, json } = await createDoc(t, [['images', [blob(bytes), file]]])
      assert.equal(status, 200, `${file}: ${JSON.stringify(json)}`)
      const name = json.images[0]
      for (const size of Object.keys(expectedSize)) {
        const callsBefore = t.thumbs.calls
        const res = await t.app.request(fileUrl(t, json.id, name, `?thumb=${size}`))
        assert.equal(res.status, 200)
        assert.equal(res.headers.get('content-type'), thumbType, `${file} ${size}`)
        assert.equal(res.headers.get('content-disposition'), `inline; filename=${size}_${name}`)
        const key = `${t.docs.id}/${json.id}/thumbs_${name}/${size}_${name}`
        assert.equal((await t.storage.attributes(key))?.contentType, thumbType)
        assert.equal(t.thumbs.calls, callsBefore + 1)
        const again = await t.app.request(fileUrl(t, json.id, name, `?thumb=${size}`))
        assert.deepEqual(new Uint8Array(await again.arrayBuffer()), new Uint8Array(await res.arrayBuffer()))
        assert.equal(t.thumbs.calls, callsBefore + 1, 'served from the cache')
      }
    }
  })

  test('sizes not in the field are ignored, as are non-images; corrupt images fall back to the original', async () => {
    const t = await newFilesTestApp()
    const corrupt = new Uint8Array([...PNG.subarray(0, 40), 1, 2, 3, 4, 5])
    const { json } = await createDoc(t, [
      ['images', [blob(PNG), 'p.png']],
      ['images', [blob(corrupt), 'c.png']],
      ['one', [blob('text'), 't.txt']],
    ])
    const [png, bad] = json.images
    const cases: [string, string, Uint8Array | string][] = [
      [png, '?thumb=999x999', PNG],
      [png, '?thumb=abc', PNG],
      [png, '?thumb=0x0', PNG],
      [bad, '?thumb=100x100', corrupt],
      [json.one, '?thumb=100x100', 'text'],
    ]
    for (const [name, query, expected] of cases) {
      const res = await t.app.request(fileUrl(t, json.id, name, query))
      assert.equal(res.status, 200, query)
      const body = new Uint8Array(await res.arrayBuffer())
      assert.deepEqual(body, typeof expected === 'string' ? new TextEncoder().encode(expected) : expected, `${name}${query}`)
      assert.equal(res.headers.get('content-disposition')?.endsWith(`filename=${name}`), true)
    }
    // the failed thumb left nothing behind and the app still makes thumbs
    assert.equal(t.storage.keys().filter((k) => k.includes('thumbs_')).length, 0)
    assert.equal((await t.app.request(fileUrl(t, json.id, png, '?thumb=20x20'))).headers.get('content-disposition'), `inline; filename=20x20_${png}`)
  })
})

describe('protected files and file tokens', () => {
  test('a file token (view rule checked with its record) is required; guests get a 401 for tokens', async () => {
    const t = await newFilesTestApp()
    const { json } = await createDoc(t, [['secret', [blob('top secret'), 's.txt']]])
    const url = fileUrl(t, json.id, json.secret)
    assert.equal((await t.app.request(url)).status, 404)
    assert.equal((await t.app.request(url + '?token=garbage')).status, 404)

    const guest = await t.app.request('/api/files/token', { method: 'POST' })
    assert.equal(guest.status, 401)
    const res = await t.app.request('/api/files/token', { method: 'POST', headers: { authorization: t.userToken } })
    assert.equal(res.status, 200)
    const { token } = (await res.json()) as { token: string }
    const ok = await t.app.request(`${url}?token=${token}`)
    assert.equal(ok.status, 200)
    assert.equal(await ok.text(), 'top secret')
    // an auth token is not a file token
    assert.equal((await t.app.request(`${url}?token=${t.userToken}`)).status, 404)
  })
})
