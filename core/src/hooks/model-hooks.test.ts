import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { createApp, type App } from '../app.js'
import { newCollection, newField } from '../collections/collection-defaults.js'
import { deleteCollection, saveCollection } from '../collections/collection-save.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { badRequest } from '../http/api-error.js'
import { RecordModel } from '../records/record-model.js'
import { findRecordsWhere } from '../records/record-query.js'
import { deleteRecord, saveRecord } from '../records/record-save.js'
import type { ModelErrorEvent, ModelEvent } from './model-hooks.js'

type HookName =
  | 'Validate'
  | 'Create'
  | 'CreateExecute'
  | 'AfterCreateSuccess'
  | 'AfterCreateError'
  | 'Update'
  | 'UpdateExecute'
  | 'AfterUpdateSuccess'
  | 'AfterUpdateError'
  | 'Delete'
  | 'DeleteExecute'
  | 'AfterDeleteSuccess'
  | 'AfterDeleteError'

const ALL: HookName[] = [
  'Validate', 'Create', 'CreateExecute', 'AfterCreateSuccess', 'AfterCreateError',
  'Update', 'UpdateExecute', 'AfterUpdateSuccess', 'AfterUpdateError',
  'Delete', 'DeleteExecute', 'AfterDeleteSuccess', 'AfterDeleteError',
]

/** Counts every onModel* call (PocketBase's testEventCalls), optionally for some tags only. */
function countModelHooks(app: App, ...tags: string[]): Map<string, number> {
  const calls = new Map<string, number>()
  for (const name of ALL) {
    const hook = (app as unknown as Record<string, (...t: string[]) => { bindFunc(f: (e: ModelEvent) => Promise<void>): string }>)[`onModel${name}`]!.call(app, ...tags)
    hook.bindFunc(async (e) => {
      calls.set(`onModel${name}`, (calls.get(`onModel${name}`) ?? 0) + 1)
      await e.next()
    })
  }
  return calls
}

describe('onModel* hooks', () => {
  let app: App
  beforeEach(async () => {
    app = createApp({ sqlite: memorySqliteOpener() })
    await app.bootstrap()
    const docs = newCollection('base', 'docs')
    docs.createRule = ''
    docs.fields.push(newField('text', 'title', { required: true }))
    await saveCollection(app, docs)
  })
  afterEach(() => app.close())

  const newDoc = (title: string) => {
    const r = new RecordModel(app.findCachedCollection('docs')!)
    r.load({ title })
    return r
  }
  const titles = async () => (await findRecordsWhere(app, 'docs', '1=1')).map((r) => r.getString('title')).sort()

  const lifecycle: { name: string; run: (app: App) => Promise<void>; calls: Record<string, number> }[] = [
    {
      name: 'record create',
      run: (a) => saveRecord(a, newDoc('a')),
      calls: { onModelValidate: 1, onModelCreate: 1, onModelCreateExecute: 1, onModelAfterCreateSuccess: 1 },
    },
    {
      name: 'record update',
      run: async (a) => {
        const r = (await findRecordsWhere(a, 'docs', "title = 'existing'"))[0]!
        r.set('title', 'changed')
        await saveRecord(a, r)
      },
      calls: { onModelValidate: 1, onModelUpdate: 1, onModelUpdateExecute: 1, onModelAfterUpdateSuccess: 1 },
    },
    {
      name: 'record delete',
      run: async (a) => deleteRecord(a, (await findRecordsWhere(a, 'docs', "title = 'existing'"))[0]!),
      calls: { onModelDelete: 1, onModelDeleteExecute: 1, onModelAfterDeleteSuccess: 1 },
    },
    {
      name: 'failed record create',
      run: (a) => assert.rejects(saveRecord(a, newDoc(''))),
      calls: { onModelValidate: 1, onModelCreate: 1, onModelAfterCreateError: 1 },
    },
  ]
  for (const c of lifecycle) {
    test(`fires like PocketBase: ${c.name}`, async () => {
      await saveRecord(app, newDoc('existing'))
      const calls = countModelHooks(app)
      const docsOnly = countModelHooks(app, 'docs')
      const collectionsOnly = countModelHooks(app, '_collections')
      await c.run(app)
      assert.deepEqual(Object.fromEntries(calls), c.calls)
      assert.deepEqual(Object.fromEntries(docsOnly), c.calls)
      assert.deepEqual(Object.fromEntries(collectionsOnly), {})
    })
  }

  test('collections go through them, tagged `_collections`, with the collection as the model', async () => {
    const calls = countModelHooks(app, '_collections')
    const models: unknown[] = []
    app.onModelCreate().bindFunc(async (e) => {
      models.push(e.model)
      await e.next()
    })
    const posts = newCollection('base', 'posts')
    await saveCollection(app, posts)
    assert.deepEqual(models, [posts])
    assert.deepEqual(Object.fromEntries(calls), {
      onModelValidate: 1,
      onModelCreate: 1,
      onModelCreateExecute: 1,
      onModelAfterCreateSuccess: 1,
    })
    await deleteCollection(app, app.findCachedCollection('posts')!)
    assert.equal(calls.get('onModelAfterDeleteSuccess'), 1)
  })

  test('the record hooks run inside the model chain at priority -99, as in PocketBase', async () => {
    const order: string[] = []
    const log = (name: string) => async (e: { next(): Promise<void> }) => {
      order.push(`${name} >`)
      await e.next()
      order.push(`< ${name}`)
    }
    app.onModelCreate().bind({ priority: -100, func: log('model -100') })
    app.onModelCreate().bind({ priority: 0, func: log('model 0') })
    app.onRecordCreate().bind({ priority: 5, func: log('record 5') })
    app.onRecordCreate().bind({ priority: -200, func: log('record -200') })
    await saveRecord(app, newDoc('a'))
    assert.deepEqual(order, [
      'model -100 >',
      'record -200 >',
      'record 5 >',
      'model 0 >',
      '< model 0',
      '< record 5',
      '< record -200',
      '< model -100',
    ])
  })

  test('app and model changes are carried across both chains', async () => {
    let modelSawTx = false
    app.onRecordCreate().bindFunc(async (e) => {
      await e.app.runInTransaction(async (txApp) => {
        const original = e.app
        e.app = txApp
        e.record = newDoc('swapped by the record hook')
        try {
          await e.next()
        } finally {
          e.app = original
        }
      })
    })
    app.onModelCreate().bindFunc(async (e) => {
      modelSawTx = e.app !== app
      ;(e.model as RecordModel).set('title', `${(e.model as RecordModel).getString('title')} and the model hook`)
      await e.next()
    })
    await saveRecord(app, newDoc('original'))
    assert.ok(modelSawTx)
    assert.deepEqual(await titles(), ['swapped by the record hook and the model hook'])
  })

  test('a model handler that does not call e.next() stops the write (and the record hooks after it)', async () => {
    let recordCalls = 0
    app.onRecordCreate().bind({ priority: 10, func: async (e) => { recordCalls++; await e.next() } })
    app.onModelCreate().bind({ priority: -100, func: () => {} })
    await saveRecord(app, newDoc('a'))
    assert.equal(recordCalls, 0)
    assert.deepEqual(await titles(), [])
  })

  test('through the API: a throwing model handler gives the error envelope, nothing is written, the error hooks fire', async () => {
    const errors: { model: unknown; record: unknown; message: string }[] = []
    app.onModelCreate('docs').bindFunc(() => {
      throw badRequest('not this one')
    })
    app.onModelAfterCreateError().bindFunc(async (e: ModelErrorEvent) => {
      errors.push({ model: (e.model as RecordModel).getString('title'), record: undefined, message: String((e.error as Error).message) })
      await e.next()
    })
    app.onRecordAfterCreateError('docs').bindFunc(async (e) => {
      await e.next() // the model handler (priority 0) runs inside this chain's e.next()
      errors[0]!.record = e.record.getString('title')
    })
    const res = await app.request('/api/collections/docs/records', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'a' }),
    })
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { data: {}, message: 'Not this one.', status: 400 })
    assert.deepEqual(await titles(), [])
    assert.deepEqual(errors, [{ model: 'a', record: 'a', message: 'Not this one.' }])
  })
})
