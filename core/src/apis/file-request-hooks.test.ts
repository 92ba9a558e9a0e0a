import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { FileDownloadRequestEvent, FileTokenRequestEvent } from '../files/file-request-events.js'
import { form, newFilesTestApp, type FilesTestApp } from '../files/files-test-app.test-util.js'
import { badRequest } from '../http/api-error.js'
import { RecordModel } from '../records/record-model.js'
import { findRecordsWhere } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'

const blob = (text: string) => new Blob([text])

async function createDoc(t: FilesTestApp, entries: [string, string | [Blob, string]][]) {
  const res = await t.app.request('/api/collections/docs/records', { method: 'POST', body: form(entries) })
  assert.equal(res.status, 200)
  return (await res.json()) as Record<string, any>
}

async function answer(res: Response) {
  const text = await res.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, text, json, headers: res.headers }
}

describe('onFileDownloadRequest', () => {
  test('fires once before serving, with the collection, record, field and served path/name', async () => {
    const t = await newFilesTestApp()
    const doc = await createDoc(t, [['many', [blob('first'), 'a.txt']], ['many', [blob('second'), 'b.txt']]])
    const seen: FileDownloadRequestEvent[] = []
    t.app.onFileDownloadRequest().bindFunc(async (e) => {
      seen.push(e)
      await e.next()
    })
    const name = doc.many[1] as string
    const res = await answer(await t.app.request(`/api/files/docs/${doc.id}/${name}`))
    assert.equal(res.status, 200)
    assert.equal(res.text, 'second')
    assert.equal(seen.length, 1)
    const e = seen[0]!
    assert.equal(e.collection.name, 'docs')
    assert.equal(e.record.id, doc.id)
    assert.equal(e.fileField.name, 'many')
    assert.equal(e.servedPath, `${t.docs.id}/${doc.id}/${name}`)
    assert.equal(e.servedName, name)
    assert.equal(e.thumbError, undefined)
    assert.equal(e.request.params.filename, name)
  })

  test('a thumb that cannot be made is reported in thumbError and the original is served', async () => {
    const t = await newFilesTestApp()
    const doc = await createDoc(t, [['one', [blob('text, not an image'), 'a.txt']]])
    const seen: { path: string; error: string | undefined }[] = []
    t.app.onFileDownloadRequest().bindFunc(async (e) => {
      seen.push({ path: e.servedPath, error: e.thumbError?.message })
      await e.next()
    })
    const res = await answer(await t.app.request(`/api/files/docs/${doc.id}/${doc.one}?thumb=100x100`))
    assert.equal(res.status, 200)
    assert.equal(res.text, 'text, not an image')
    assert.deepEqual(seen, [
      {
        path: `${t.docs.id}/${doc.id}/${doc.one}`,
        error: 'the thumb size "100x100" or the original file format are not supported',
      },
    ])
  })

  const tagCases: { name: string; tags: string[]; fires: boolean }[] = [
    { name: 'no tags', tags: [], fires: true },
    { name: 'the collection name', tags: ['docs'], fires: true },
    { name: 'the collection id', tags: ['<docs id>'], fires: true },
    { name: 'another collection', tags: ['users'], fires: false },
  ]
  for (const c of tagCases) {
    test(`tags: ${c.name}`, async () => {
      const t = await newFilesTestApp()
      const doc = await createDoc(t, [['one', [blob('x'), 'a.txt']]])
      let calls = 0
      const tags = c.tags.map((tag) => (tag === '<docs id>' ? t.docs.id : tag))
      t.app.onFileDownloadRequest(...tags).bindFunc(async (e) => {
        calls++
        await e.next()
      })
      const res = await t.app.request(`/api/files/docs/${doc.id}/${doc.one}`)
      assert.equal(res.status, 200)
      assert.equal(calls, c.fires ? 1 : 0)
    })
  }

  test('a handler may serve another stored file under another name', async () => {
    const t = await newFilesTestApp()
    const doc = await createDoc(t, [['many', [blob('first'), 'a.txt']], ['many', [blob('second'), 'b.txt']]])
    t.app.onFileDownloadRequest('docs').bindFunc(async (e) => {
      e.servedPath = `${t.docs.id}/${doc.id}/${doc.many[1]}`
      e.servedName = 'renamed.txt'
      await e.next()
    })
    const res = await answer(await t.app.request(`/api/files/docs/${doc.id}/${doc.many[0]}`))
    assert.equal(res.status, 200)
    assert.equal(res.text, 'second')
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename=renamed.txt')
  })

  test('a served path that does not exist (or escapes storage) is a 404 envelope', async () => {
    for (const path of ['missing/file.txt', '../../etc/passwd']) {
      const t = await newFilesTestApp()
      const doc = await createDoc(t, [['one', [blob('x'), 'a.txt']]])
      t.app.onFileDownloadRequest().bindFunc(async (e) => {
        e.servedPath = path
        await e.next()
      })
      const res = await answer(await t.app.request(`/api/files/docs/${doc.id}/${doc.one}`))
      assert.equal(res.status, 404, path)
      assert.deepEqual(res.json, { data: {}, message: "The requested resource wasn't found.", status: 404 })
    }
  })

  test('a handler may answer itself without calling e.next()', async () => {
    const t = await newFilesTestApp()
    const doc = await createDoc(t, [['one', [blob('x'), 'a.txt']]])
    t.app.onFileDownloadRequest().bindFunc((e) => {
      e.request.json(200, { custom: e.servedName })
    })
    const res = await answer(await t.app.request(`/api/files/docs/${doc.id}/${doc.one}`))
    assert.equal(res.status, 200)
    assert.deepEqual(res.json, { custom: doc.one })
  })

  test('a throwing handler gives the error envelope; its transaction writes nothing', async () => {
    const t = await newFilesTestApp()
    const doc = await createDoc(t, [['one', [blob('x'), 'a.txt']]])
    let served = 0
    t.app.onFileDownloadRequest().bindFunc(async (e) => {
      await e.app.runInTransaction(async (txApp) => {
        const original = e.app
        e.app = txApp
        const r = new RecordModel(txApp.findCachedCollection('docs')!)
        r.load({ title: 'written by the hook' })
        await saveRecord(txApp, r)
        try {
          await e.next()
        } finally {
          e.app = original
        }
        served += e.request.response ? 1 : 0
        throw badRequest('no downloads today')
      })
    })
    const res = await answer(await t.app.request(`/api/files/docs/${doc.id}/${doc.one}`))
    assert.equal(res.status, 400)
    assert.deepEqual(res.json, { data: {}, message: 'No downloads today.', status: 400 })
    // the default action waits for the handler's commit, so nothing was served
    assert.equal(served, 0)
    assert.equal((await findRecordsWhere(t.app, 'docs', 'title = ?', ['written by the hook'])).length, 0)
  })
})

describe('onFileTokenRequest', () => {
  test('fires once with the auth record and the token; a handler may replace the token', async () => {
    const t = await newFilesTestApp()
    const seen: FileTokenRequestEvent[] = []
    t.app.onFileTokenRequest().bindFunc(async (e) => {
      seen.push(e)
      assert.ok(e.token.length > 0)
      e.token = 'replaced'
      await e.next()
    })
    const res = await answer(
      await t.app.request('/api/files/token', { method: 'POST', headers: { authorization: t.userToken } }),
    )
    assert.equal(res.status, 200)
    assert.deepEqual(res.json, { token: 'replaced' })
    assert.equal(seen.length, 1)
    assert.equal(seen[0]!.record.id, t.userId)
    assert.equal(seen[0]!.record.collection.name, 'users')
  })

  const tagCases: { tags: string[]; fires: boolean }[] = [
    { tags: ['users'], fires: true },
    { tags: ['_superusers'], fires: false },
    { tags: ['docs', 'users'], fires: true },
  ]
  for (const c of tagCases) {
    test(`tags by the auth collection: ${c.tags.join(',')}`, async () => {
      const t = await newFilesTestApp()
      let calls = 0
      t.app.onFileTokenRequest(...c.tags).bindFunc(async (e) => {
        calls++
        await e.next()
      })
      const res = await t.app.request('/api/files/token', { method: 'POST', headers: { authorization: t.userToken } })
      assert.equal(res.status, 200)
      assert.equal(calls, c.fires ? 1 : 0)
    })
  }

  test('guests are refused before the hook; a throwing handler gives the error envelope', async () => {
    const t = await newFilesTestApp()
    let calls = 0
    t.app.onFileTokenRequest().bindFunc(() => {
      calls++
      throw badRequest('no tokens')
    })
    const guest = await t.app.request('/api/files/token', { method: 'POST' })
    assert.equal(guest.status, 401)
    assert.equal(calls, 0)
    const res = await answer(
      await t.app.request('/api/files/token', { method: 'POST', headers: { authorization: t.userToken } }),
    )
    assert.deepEqual(res.json, { data: {}, message: 'No tokens.', status: 400 })
    assert.equal(calls, 1)
  })
})
