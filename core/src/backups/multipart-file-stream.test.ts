import assert from 'node:assert/strict'
import { test } from 'node:test'
import { multipartBoundary, MultipartError, readMultipartFile } from './multipart-file-stream.js'

/** A real multipart body (as fetch encodes FormData), re-chunked into pieces of `chunk` bytes. */
async function encoded(
  form: FormData,
  chunk: number,
): Promise<{ body: ReadableStream<Uint8Array>; contentType: string; bytes: Uint8Array }> {
  const req = new Request('http://x/', { method: 'POST', body: form })
  const bytes = new Uint8Array(await req.arrayBuffer())
  return { body: chunked(bytes, chunk), contentType: req.headers.get('content-type')!, bytes }
}

function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close()
      c.enqueue(bytes.slice(at, at + size))
      at += size
    },
  })
}

const text = async (s: ReadableStream<Uint8Array>) =>
  new TextDecoder().decode(await new Response(s).arrayBuffer())

function payload(n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) % 251
  // a line that looks like a boundary start inside the content
  out.set(new TextEncoder().encode('\r\n--'), Math.floor(n / 2))
  return out
}

for (const chunk of [1, 7, 64, 100_000]) {
  test(`the file part is streamed out intact (chunks of ${chunk} bytes), after other fields`, async () => {
    const content = payload(chunk === 1 ? 5_000 : 200_000)
    const form = new FormData()
    form.set('name', 'x')
    form.set('other', new File(['not this one'], 'other.txt'))
    form.set('file', new File([content], 'dir/back up.zip', { type: 'application/zip' }))
    form.set('after', 'y')
    const { body, contentType } = await encoded(form, chunk)
    const file = await readMultipartFile(body, contentType, 'file')
    assert.ok(file)
    assert.equal(file.filename, 'dir/back up.zip')
    assert.equal(file.contentType, 'application/zip')
    assert.deepEqual(new Uint8Array(await new Response(file.body).arrayBuffer()), content)
  })
}

test('no file part, or a plain field of that name: undefined', async () => {
  const form = new FormData()
  form.set('file', 'just text')
  form.set('x', new File(['a'], 'a.txt'))
  const { body, contentType } = await encoded(form, 13)
  assert.equal(await readMultipartFile(body, contentType, 'file'), undefined)
  const empty = await encoded(new FormData(), 5)
  assert.equal(await readMultipartFile(empty.body, empty.contentType, 'file'), undefined)
})

test('malformed bodies are MultipartErrors', async () => {
  const form = new FormData()
  form.set('file', new File(['x'.repeat(1000)], 'a.zip'))
  const { bytes, contentType } = await encoded(form, 1000)
  // cut inside the content: reading the file fails
  const cut = await readMultipartFile(
    chunked(bytes.subarray(0, bytes.length - 500), 9),
    contentType,
    'file',
  )
  assert.ok(cut)
  await assert.rejects(text(cut.body), MultipartError)
  // no boundary at all
  await assert.rejects(
    readMultipartFile(chunked(new TextEncoder().encode('garbage'), 3), contentType, 'file'),
    MultipartError,
  )
  await assert.rejects(
    readMultipartFile(chunked(bytes, 10), 'multipart/form-data', 'file'),
    /boundary/,
  )
})

test('boundaries from content types', () => {
  assert.equal(multipartBoundary('multipart/form-data; boundary=abc'), 'abc')
  assert.equal(multipartBoundary('Multipart/Form-Data;boundary="a b;c"'), 'a b;c')
  assert.equal(multipartBoundary('application/json'), undefined)
  assert.equal(multipartBoundary('multipart/form-data'), undefined)
})
