import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { createApp, type App } from '../app.js'
import { newCollection, newField } from '../collections/collection-defaults.js'
import { saveCollection } from '../collections/collection-save.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { badRequest } from '../http/api-error.js'
import { getSettings, saveSettings } from '../settings/settings-store.js'
import type { BatchRequestEvent } from './batch-request-event.js'

const create = (title: string) => ({ method: 'POST', url: '/api/collections/docs/records', body: { title } })

describe('onBatchRequest', () => {
  let app: App
  beforeEach(async () => {
    app = createApp({ sqlite: memorySqliteOpener() })
    await app.bootstrap()
    const docs = newCollection('base', 'docs')
    docs.createRule = ''
    docs.fields.push(newField('text', 'title', { required: true }))
    await saveCollection(app, docs)
    const settings = structuredClone(await getSettings(app))
    ;(settings.batch as { enabled: boolean }).enabled = true
    await saveSettings(app, settings)
  })
  afterEach(() => app.close())

  const batch = async (requests: unknown) => {
    const res = await app.request('/api/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requests }),
    })
    return { status: res.status, json: (await res.json()) as any }
  }
  const titles = async () => (await app.db().all<{ title: string }>('SELECT title FROM docs ORDER BY title')).map((r) => r.title)

  test('fires once with the parsed requests, before they run', async () => {
    const seen: { batch: BatchRequestEvent['batch']; rowsBefore: number }[] = []
    app.onBatchRequest().bindFunc(async (e) => {
      seen.push({ batch: structuredClone(e.batch), rowsBefore: (await titles()).length })
      await e.next()
    })
    const res = await batch([create('a'), { ...create('b'), headers: { 'x-test': '1' } }])
    assert.equal(res.status, 200)
    assert.equal(res.json.length, 2)
    assert.equal(seen.length, 1)
    assert.equal(seen[0]!.rowsBefore, 0)
    assert.deepEqual(
      seen[0]!.batch.map((r) => ({ method: r.method, url: r.url, body: r.body, headers: r.headers })),
      [
        { method: 'POST', url: '/api/collections/docs/records', body: { title: 'a' }, headers: {} },
        { method: 'POST', url: '/api/collections/docs/records', body: { title: 'b' }, headers: { 'x-test': '1' } },
      ],
    )
    assert.deepEqual(await titles(), ['a', 'b'])
  })

  test('invalid batch data is refused before the hook', async () => {
    let calls = 0
    app.onBatchRequest().bindFunc(async (e) => {
      calls++
      await e.next()
    })
    const res = await batch([{ method: 'GET', url: '' }])
    assert.equal(res.status, 400)
    assert.equal(res.json.message, 'Invalid batch request data.')
    assert.equal(calls, 0)
  })

  const changes: { name: string; change: (e: BatchRequestEvent) => void; titles: string[]; status: number }[] = [
    { name: 'drop a request', change: (e) => e.batch.splice(0, 1), titles: ['b'], status: 200 },
    { name: 'add a request', change: (e) => e.batch.push({ ...create('c'), headers: {}, files: new Map() }), titles: ['a', 'b', 'c'], status: 200 },
    { name: 'change a body', change: (e) => (e.batch[1]!.body.title = 'B'), titles: ['B', 'a'], status: 200 },
    { name: 'make one fail (all roll back)', change: (e) => (e.batch[1]!.body.title = ''), titles: [], status: 400 },
  ]
  for (const c of changes) {
    test(`a handler may change the batch: ${c.name}`, async () => {
      app.onBatchRequest().bindFunc(async (e) => {
        c.change(e)
        await e.next()
      })
      const res = await batch([create('a'), create('b')])
      assert.equal(res.status, c.status)
      assert.deepEqual(await titles(), c.titles)
    })
  }

  test('a handler may answer itself; nothing runs', async () => {
    app.onBatchRequest().bindFunc((e) => {
      e.request.json(200, { skipped: e.batch.length })
    })
    const res = await batch([create('a')])
    assert.deepEqual(res.json, { skipped: 1 })
    assert.deepEqual(await titles(), [])
  })

  test('a handler throwing before e.next() gives the error envelope and nothing is written', async () => {
    app.onBatchRequest().bindFunc(() => {
      throw badRequest('no batches')
    })
    const res = await batch([create('a')])
    assert.deepEqual(res.json, { data: {}, message: 'No batches.', status: 400 })
    assert.deepEqual(await titles(), [])
  })

  test('a handler throwing after e.next() gives the error envelope; the batch already committed', async () => {
    const order: string[] = []
    app.onBatchRequest().bindFunc(async (e) => {
      order.push('before')
      await e.next()
      order.push('after')
      throw badRequest('not after all')
    })
    const before = await batch([create('a')])
    assert.deepEqual(before.json, { data: {}, message: 'Not after all.', status: 400 })
    assert.deepEqual(order, ['before', 'after'])
    // note: as in PocketBase the batch commits inside e.next(); a handler that wants to undo it runs
    // e.next() inside its own transaction (next test)
    assert.deepEqual(await titles(), ['a'])
  })

  test('a handler transaction around e.next() rolls the batch back when it throws', async () => {
    app.onBatchRequest().bindFunc(async (e) => {
      await e.app.runInTransaction(async (txApp) => {
        const original = e.app
        e.app = txApp
        try {
          await e.next()
        } finally {
          e.app = original
        }
        throw badRequest('rolled back')
      })
    })
    const res = await batch([create('a'), create('b')])
    assert.deepEqual(res.json, { data: {}, message: 'Rolled back.', status: 400 })
    assert.deepEqual(await titles(), [])
  })
})
