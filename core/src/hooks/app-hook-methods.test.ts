import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createApp, type App } from '../app.js'
import { newCollection, newField } from '../collections/collection-defaults.js'
import { saveCollection } from '../collections/collection-save.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { badRequest } from '../http/api-error.js'
import { RecordModel } from '../records/record-model.js'
import { requireCollection } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { getSettings, saveSettings } from '../settings/settings-store.js'
import type { HookEvent } from './hook.js'
import { triggerServe } from './serve-event.js'

async function newPostsApp(): Promise<App> {
  const app = createApp({ sqlite: memorySqliteOpener() })
  await app.bootstrap()
  const posts = newCollection('base', 'posts')
  posts.listRule = ''
  posts.viewRule = ''
  posts.createRule = ''
  posts.fields.push(newField('text', 'title'))
  await saveCollection(app, posts)
  const settings = await getSettings(app)
  const batch = settings.batch as Record<string, unknown>
  await saveSettings(app, { ...settings, batch: { ...batch, enabled: true, maxRequests: 50 } })
  return app
}

async function post(app: App, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, json: await res.json() }
}

async function titles(app: App): Promise<string[]> {
  const rows = await app.db().all<{ title: string }>('SELECT title FROM posts ORDER BY rowid')
  return rows.map((r) => r.title)
}

/** Binds hooks that fail when the record's title names them, like a user's pb_hooks would. */
function bindFailingHooks(app: App): void {
  app.onRecordCreate('posts').bindFunc(async (e) => {
    if (e.record.getString('title') === 'create-before') {
      throw new Error('boom')
    }
    await e.next()
    if (e.record.getString('title') === 'create-after') {
      throw new Error('boom')
    }
  })
  app.onRecordCreateExecute('posts').bindFunc(async (e) => {
    await e.next()
    if (e.record.getString('title') === 'execute-after') {
      throw new Error('boom')
    }
  })
  app.onRecordAfterCreateSuccess('posts').bindFunc(async (e) => {
    if (e.record.getString('title') === 'success-throw') {
      throw new Error('boom')
    }
    await e.next()
  })
  app.onRecordCreateRequest('posts').bindFunc(async (e) => {
    const title = e.record.getString('title')
    if (title === 'request-before') {
      throw new Error('boom')
    }
    if (title === 'api-error') {
      throw badRequest('Custom msg.', { title: { code: 'custom_code', message: 'Custom.' } })
    }
    await e.next()
  })
  // a hook for another collection never runs for posts
  app.onRecordCreate('users').bindFunc(() => {
    throw new Error('must not run')
  })
}

describe('hooks that throw (outcomes as PocketBase v0.39.11 answers them, checked on the binary)', () => {
  let app: App
  before(async () => {
    app = await newPostsApp()
    bindFailingHooks(app)
  })
  after(() => app.close())

  // [title, status, message, data, persisted]: a single create runs without a wrapping transaction in
  // PocketBase, so a failure after the INSERT (or in an after-success hook) leaves the row
  const SINGLE: [string, number, string, unknown, boolean][] = [
    ['create-before', 400, 'Failed to create record.', {}, false],
    ['create-after', 400, 'Failed to create record.', {}, true],
    ['execute-after', 400, 'Failed to create record.', {}, true],
    ['success-throw', 400, 'Failed to create record.', {}, true],
    ['request-before', 400, 'Something went wrong while processing your request.', {}, false],
    ['api-error', 400, 'Custom msg.', { title: { code: 'custom_code', message: 'Custom.' } }, false],
  ]
  for (const [title, status, message, data, persisted] of SINGLE) {
    test(`single create: ${title}`, async () => {
      const res = await post(app, '/api/collections/posts/records', { title })
      assert.deepEqual(res.json, { data, message, status })
      assert.equal(res.status, status)
      assert.equal((await titles(app)).includes(title), persisted)
    })
  }

  test('batch: a hook failing after the INSERT rolls back every request of the batch', async () => {
    const res = await post(app, '/api/batch', {
      requests: [
        { method: 'POST', url: '/api/collections/posts/records', body: { title: 'batch-first' } },
        { method: 'POST', url: '/api/collections/posts/records', body: { title: 'create-after' } },
      ],
    })
    assert.equal(res.status, 400)
    assert.equal(res.json.message, 'Batch transaction failed.')
    assert.deepEqual(res.json.data.requests['1'].response, { data: {}, message: 'Failed to create record.', status: 400 })
    assert.equal((await titles(app)).includes('batch-first'), false)
  })

  test('runInTransaction: a record hook that throws rolls the whole transaction back', async () => {
    const before = await titles(app)
    app.router.post('/tx-test', async (e) => {
      await e.app.runInTransaction(async (txApp) => {
        for (const title of ['tx-first', 'create-after']) {
          const r = new RecordModel(requireCollection(txApp, 'posts'))
          r.set('title', title)
          await saveRecord(txApp, r)
        }
      })
      return e.json(200, { ok: true })
    })
    const res = await post(app, '/tx-test', {})
    assert.deepEqual(res.json, { data: {}, message: 'Something went wrong while processing your request.', status: 400 })
    assert.deepEqual(await titles(app), before)
  })

  test('a successful create still runs every hook and answers 200', async () => {
    const res = await post(app, '/api/collections/posts/records', { title: 'fine' })
    assert.equal(res.status, 200)
    assert.equal(res.json.title, 'fine')
  })
})

describe('app hook accessors', () => {
  let app: App
  before(async () => {
    app = await newPostsApp()
  })
  after(() => app.close())

  test('tagged accessors only fire for their collection (by name or id) and in priority order', async () => {
    const calls: string[] = []
    const posts = requireCollection(app, 'posts')
    const ids = [
      app.onRecordCreate(posts.id).bind({ priority: 2, func: (e) => (calls.push('byId'), e.next()) }),
      app.onRecordCreate('posts').bind({ priority: 1, func: (e) => (calls.push('byName'), e.next()) }),
      app.onRecordCreate().bind({ priority: 3, func: (e) => (calls.push('all'), e.next()) }),
      app.onRecordCreate('users').bindFunc((e) => (calls.push('users'), e.next())),
    ]
    const r = new RecordModel(posts)
    r.set('title', 'tagged')
    await saveRecord(app, r)
    assert.deepEqual(calls, ['byName', 'byId', 'all'])
    app.onRecordCreate().unbind(...ids)
    calls.length = 0
    await saveRecord(app, new RecordModel(posts))
    assert.deepEqual(calls, [])
  })

  test('each accessor returns the hook the core triggers', () => {
    // [accessor result, the hook in its bag]
    const pairs: [{ bind: (b: { func: (e: HookEvent) => Promise<void> }) => string }, { length: number }][] = [
      [app.onBootstrap(), app.appHooks.bootstrap],
      [app.onServe(), app.appHooks.serve],
      [app.onTerminate(), app.appHooks.terminate],
      [app.onRecordEnrich(), app.recordHooks.enrich],
      [app.onRecordValidate(), app.recordHooks.validate],
      [app.onRecordCreate(), app.recordHooks.create],
      [app.onRecordCreateExecute(), app.recordHooks.createExecute],
      [app.onRecordAfterCreateSuccess(), app.recordHooks.afterCreateSuccess],
      [app.onRecordAfterCreateError(), app.recordHooks.afterCreateError],
      [app.onRecordUpdate(), app.recordHooks.update],
      [app.onRecordUpdateExecute(), app.recordHooks.updateExecute],
      [app.onRecordAfterUpdateSuccess(), app.recordHooks.afterUpdateSuccess],
      [app.onRecordAfterUpdateError(), app.recordHooks.afterUpdateError],
      [app.onRecordDelete(), app.recordHooks.delete],
      [app.onRecordDeleteExecute(), app.recordHooks.deleteExecute],
      [app.onRecordAfterDeleteSuccess(), app.recordHooks.afterDeleteSuccess],
      [app.onRecordAfterDeleteError(), app.recordHooks.afterDeleteError],
      [app.onRecordsListRequest(), app.recordHooks.listRequest],
      [app.onRecordViewRequest(), app.recordHooks.viewRequest],
      [app.onRecordCreateRequest(), app.recordHooks.createRequest],
      [app.onRecordUpdateRequest(), app.recordHooks.updateRequest],
      [app.onRecordDeleteRequest(), app.recordHooks.deleteRequest],
      [app.onRecordAuthRequest(), app.recordHooks.authRequest],
      [app.onCollectionValidate(), app.collectionHooks.validate],
      [app.onCollectionCreate(), app.collectionHooks.create],
      [app.onCollectionCreateExecute(), app.collectionHooks.createExecute],
      [app.onCollectionAfterCreateSuccess(), app.collectionHooks.afterCreateSuccess],
      [app.onCollectionAfterCreateError(), app.collectionHooks.afterCreateError],
      [app.onCollectionUpdate(), app.collectionHooks.update],
      [app.onCollectionUpdateExecute(), app.collectionHooks.updateExecute],
      [app.onCollectionAfterUpdateSuccess(), app.collectionHooks.afterUpdateSuccess],
      [app.onCollectionAfterUpdateError(), app.collectionHooks.afterUpdateError],
      [app.onCollectionDelete(), app.collectionHooks.delete],
      [app.onCollectionDeleteExecute(), app.collectionHooks.deleteExecute],
      [app.onCollectionAfterDeleteSuccess(), app.collectionHooks.afterDeleteSuccess],
      [app.onCollectionAfterDeleteError(), app.collectionHooks.afterDeleteError],
      [app.onCollectionsListRequest(), app.collectionHooks.listRequest],
      [app.onCollectionViewRequest(), app.collectionHooks.viewRequest],
      [app.onCollectionCreateRequest(), app.collectionHooks.createRequest],
      [app.onCollectionUpdateRequest(), app.collectionHooks.updateRequest],
      [app.onCollectionDeleteRequest(), app.collectionHooks.deleteRequest],
      [app.onCollectionsImportRequest(), app.collectionHooks.importRequest],
      [app.onRealtimeConnectRequest(), app.onRealtimeConnectRequest()],
      [app.onMailerSend(), app.onMailerSend()],
    ]
    for (const [accessor, hook] of pairs) {
      const before = hook.length
      const id = accessor.bind({ func: (e) => e.next() })
      assert.equal(hook.length, before + 1, id)
    }
  })

  test('transaction-bound views have the same accessors and hooks', async () => {
    await app.runInTransaction(async (txApp) => {
      assert.notEqual(txApp, app)
      assert.equal(txApp.onRecordCreate('posts') instanceof Object, true)
      assert.equal(txApp.onServe(), app.onServe())
      assert.equal(txApp.onRealtimeMessageSend(), app.onRealtimeMessageSend())
    })
  })

  test('onRecordEnrich runs per record before the response; onRecordAuthRequest wraps the auth answer', async () => {
    app.onRecordEnrich('posts').bindFunc(async (e) => {
      e.record.withCustomData(true)
      e.record.set('shout', e.record.getString('title').toUpperCase())
      await e.next()
    })
    const created = await post(app, '/api/collections/posts/records', { title: 'hello' })
    assert.equal(created.status, 200)
    assert.equal(created.json.shout, 'HELLO')
    const res = await app.request('/api/collections/posts/records?filter=title="hello"')
    const list = (await res.json()) as { items: { shout: string }[] }
    assert.deepEqual(
      list.items.map((r) => r.shout),
      ['HELLO'],
    )

    const users = requireCollection(app, 'users')
    const user = new RecordModel(users)
    user.load({ email: 'u@example.com', password: 'secret-123' })
    await saveRecord(app, user)
    app.onRecordAuthRequest('users').bindFunc(async (e) => {
      e.meta = { from: 'hook', method: e.authMethod }
      await e.next()
    })
    const auth = await post(app, '/api/collections/users/auth-with-password', { identity: 'u@example.com', password: 'secret-123' })
    assert.equal(auth.status, 200)
    assert.deepEqual(auth.json.meta, { from: 'hook', method: 'password' })
    assert.equal(auth.json.record.email, 'u@example.com')
  })

  test('onServe: handlers add routes before next(); the default action runs last', async () => {
    const order: string[] = []
    app.onServe().bindFunc(async (se) => {
      order.push(`handler:${se.adapter}`)
      se.router.get('/hello/:name', (e) => e.json(200, { message: `Hello ${e.params.name}` }))
      await se.next()
      order.push(`after:${se.url}`)
    })
    const se = await triggerServe(app, 'test', (e) => {
      order.push('start')
      e.url = 'http://test'
    })
    assert.deepEqual(order, ['handler:test', 'start', 'after:http://test'])
    assert.equal(se.url, 'http://test')
    const res = await app.request('/hello/world')
    assert.deepEqual(await res.json(), { message: 'Hello world' })
  })
})
