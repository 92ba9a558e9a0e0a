/**
 * @module The behaviour every FileStorage must show, as one table of checks run against each driver
 * (memory, local directory, S3).
 */
import assert from 'node:assert/strict'
import type { FileStorage } from '@isobase/core'

const text = async (s: ReadableStream<Uint8Array>) => new Response(s).text()

/** Runs the contract on an empty storage; `prefix` isolates runs that share a bucket. */
export async function checkStorageContract(storage: FileStorage, prefix = 'c1'): Promise<void> {
  const k = (s: string) => `${prefix}/${s}`
  await storage.put(k('r1/a.txt'), new TextEncoder().encode('0123456789'), {
    contentType: 'text/plain; charset=utf-8',
    metadata: { 'original-filename': 'A.txt' },
  })
  await storage.put(k('r1/b.bin'), new Blob([new Uint8Array([1, 2, 3])]), { contentType: 'application/octet-stream' })
  await storage.put(k('r1/thumbs_a.txt/10x10_a.txt'), new Blob(['t']).stream(), { contentType: 'image/png' })
  await storage.put(k('r2/c.txt'), new TextEncoder().encode('c'), { contentType: 'text/plain' })

  const attrs = await storage.attributes(k('r1/a.txt'))
  assert.equal(attrs?.size, 10)
  assert.equal(attrs?.contentType, 'text/plain; charset=utf-8')
  assert.deepEqual(attrs?.metadata, { 'original-filename': 'A.txt' })
  assert.ok(attrs!.modTime.getTime() > 0)
  assert.equal(await storage.attributes(k('r1/missing.txt')), undefined)
  assert.equal(await storage.read(k('r1/missing.txt')), undefined)

  assert.equal(await text((await storage.read(k('r1/a.txt')))!.body), '0123456789')
  assert.equal(await text((await storage.read(k('r1/a.txt'), { offset: 3, length: 4 }))!.body), '3456')
  assert.equal(await text((await storage.read(k('r1/a.txt'), { offset: 7 }))!.body), '789')

  // replacing keeps one object with the new content
  await storage.put(k('r1/a.txt'), new TextEncoder().encode('new'), { contentType: 'text/plain' })
  assert.equal(await text((await storage.read(k('r1/a.txt')))!.body), 'new')

  assert.deepEqual(
    (await storage.list(k('r1/'))).map((o) => [o.key, o.size]),
    [
      [k('r1/a.txt'), 3],
      [k('r1/b.bin'), 3],
      [k('r1/thumbs_a.txt/10x10_a.txt'), 1],
    ],
  )
  assert.deepEqual((await storage.list(k('r1/thumbs_'))).map((o) => o.key), [k('r1/thumbs_a.txt/10x10_a.txt')])

  assert.deepEqual(await storage.deletePrefix(k('r1/thumbs_a.txt/')), [])
  assert.deepEqual((await storage.list(k('r1/'))).length, 2)
  await storage.delete(k('r1/b.bin'))
  assert.equal(await storage.attributes(k('r1/b.bin')), undefined)
  assert.deepEqual(await storage.deletePrefix(k('')), [])
  assert.deepEqual(await storage.list(k('')), [])

  for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/./b', 'a\u0000b', 'a\\..\\b', '']) {
    await assert.rejects(storage.put(bad, new Uint8Array([1]), { contentType: 'x' }), `put ${JSON.stringify(bad)}`)
    await assert.rejects(storage.attributes(bad), `attributes ${JSON.stringify(bad)}`)
  }
}
