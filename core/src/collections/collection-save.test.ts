import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
// note: first, so the app's modules load in their usual order
import { columnsOf, newMemoryApp, schemaSnapshot } from './collection-test-app.test-util.js'
import type { App } from '../app.js'
import { ValidationErrors, type ErrorData } from '../http/api-error.js'
import { RecordModel } from '../records/record-model.js'
import { requireCollection } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { decodeCollection } from './collection-decode.js'
import { defaultCollectionId, newCollection } from './collection-defaults.js'
import { importCollections } from './collection-import.js'
import type { CollectionModel } from './collection-model.js'
import { deleteCollection, saveCollection, truncateCollection } from './collection-save.js'

/** A new collection from a PocketBase-style JSON body (as the create API builds it). */
function build(body: Record<string, unknown>): CollectionModel {
  const type = (body.type as CollectionModel['type']) ?? 'base'
  return decodeCollection(newCollection(type, String(body.name ?? '')), body)
}

/** The saved collection with `body` merged on top (as the update API builds it). */
function patch(app: App, name: string, body: Record<string, unknown>): CollectionModel {
  return decodeCollection(structuredClone(requireCollection(app, name)), body)
}

async function validationErrorsOf(p: Promise<unknown>): Promise<ErrorData> {
  try {
    await p
  } catch (err) {
    if (err instanceof ValidationErrors) return err.data
    throw err
  }
  assert.fail('expected ValidationErrors')
}

async function insert(
  app: App,
  collection: string,
  data: Record<string, unknown>,
): Promise<RecordModel> {
  const r = new RecordModel(requireCollection(app, collection))
  r.load(data)
  await saveRecord(app, r)
  return r
}

async function rows(app: App, table: string): Promise<Record<string, unknown>[]> {
  return app.db().all(`SELECT * FROM \`${table}\` ORDER BY id`)
}

describe('saving collections', () => {
  let app: App
  before(async () => {
    app = await newMemoryApp()
  })
  after(() => app.close())

  test('create: row, table with sorted columns, indexes and cache', async () => {
    const c = build({
      name: 'posts',
      fields: [
        { type: 'text', name: 'title', required: true },
        { type: 'number', name: 'views' },
        { type: 'select', name: 'tags', values: ['a', 'b', 'c'], maxSelect: 3 },
        { type: 'autodate', name: 'created', onCreate: true },
      ],
      indexes: ['create index idx_posts_title on whatever (title)'],
    })
    await saveCollection(app, c, { isNew: true })
    assert.equal(c.id, 'pbc_1125843985')
    assert.deepEqual(await columnsOf(app, 'posts'), ['created', 'id', 'tags', 'title', 'views'])
    // the index table name is rewritten to the collection name
    assert.deepEqual(c.indexes, ['CREATE INDEX `idx_posts_title` ON `posts` (`title`)'])
    const idx = await app
      .db()
      .get<{
        tbl_name: string
      }>("SELECT tbl_name FROM sqlite_master WHERE name = 'idx_posts_title'")
    assert.equal(idx?.tbl_name, 'posts')
    assert.equal(app.findCachedCollection('POSTS')?.id, c.id)
    assert.notEqual(c.created, '')
  })

  test('a taken default id gets a numeric suffix; a taken name is a field error', async () => {
    const errors = await validationErrorsOf(
      saveCollection(app, build({ name: 'posts' }), { isNew: true }),
    )
    assert.equal((errors.name as { code: string }).code, 'validation_collection_name_exists')
    const other = build({ name: 'posts2' })
    other.id = 'pbc_1125843985' // as if posts2 hashed to the id of posts
    other.name = 'posts'
    await validationErrorsOf(saveCollection(app, other, { isNew: true }))
    assert.equal(requireCollection(app, 'posts').fields.length, 5)
  })

  test('renaming a field and the collection keeps the data; swapped names keep their values', async () => {
    await insert(app, 'posts', {
      id: 'p00000000000001',
      title: 'hello',
      views: 3,
      tags: ['a', 'b'],
    })
    const c = patch(app, 'posts', {})
    c.name = 'articles'
    c.fields.find((f) => f.name === 'title')!.name = 'headline'
    // note: as in PocketBase, indexes name columns and must follow a renamed field themselves
    await validationErrorsOf(saveCollection(app, structuredClone(c)))
    assert.equal((await rows(app, 'posts'))[0]!.title, 'hello')
    c.indexes = ['create index idx_posts_title on posts (headline)']
    await saveCollection(app, c)
    assert.equal(app.findCachedCollection('posts'), undefined)
    const [row] = await rows(app, 'articles')
    assert.equal(row!.headline, 'hello')
    assert.equal(row!.views, 3)
    // the index follows the table
    const idx = await app
      .db()
      .get<{
        tbl_name: string
      }>("SELECT tbl_name FROM sqlite_master WHERE name = 'idx_posts_title'")
    assert.equal(idx?.tbl_name, 'articles')

    const swap = patch(app, 'articles', {})
    const headline = swap.fields.find((f) => f.name === 'headline')!
    const tags = swap.fields.find((f) => f.name === 'tags')!
    headline.name = 'tags'
    tags.name = 'headline'
    swap.indexes = []
    await saveCollection(app, swap)
    const [swapped] = await rows(app, 'articles')
    assert.equal(swapped!.tags, 'hello')
    assert.equal(swapped!.headline, '["a","b"]')
  })

  test('a type change is refused with a field error and changes nothing', async () => {
    const before = await schemaSnapshot(app)
    const dataBefore = await rows(app, 'articles')
    const c = patch(app, 'articles', {})
    const i = c.fields.findIndex((f) => f.name === 'views')
    c.fields[i] = { ...c.fields[i]!, type: 'text' }
    const errors = await validationErrorsOf(saveCollection(app, c))
    assert.deepEqual(errors, {
      fields: {
        [String(i)]: {
          code: 'validation_field_type_change',
          message: 'Field type cannot be changed.',
        },
      },
    })
    assert.equal(await schemaSnapshot(app), before)
    assert.deepEqual(await rows(app, 'articles'), dataBefore)
  })

  test('an index that fails to build rolls the whole update back', async () => {
    const before = await schemaSnapshot(app)
    const c = patch(app, 'articles', {
      indexes: [
        'create index idx_ok on articles (views)',
        'create index idx_bad on articles (missing)',
      ],
    })
    c.fields = c.fields.filter((f) => f.name !== 'headline')
    const errors = await validationErrorsOf(saveCollection(app, c))
    assert.equal(
      ((errors.indexes as ErrorData)['1'] as { code: string }).code,
      'validation_invalid_index_expression',
    )
    assert.equal(await schemaSnapshot(app), before)
    assert.ok((await columnsOf(app, 'articles')).includes('headline'))
  })

  test('single ↔ multiple value fields convert their stored values', async () => {
    await insert(app, 'articles', { id: 'p00000000000002', tags: 'x' })
    const toSingle = patch(app, 'articles', {})
    // `headline` holds the select values after the swap above; make `tags` (text) a select with 1 value
    toSingle.fields = toSingle.fields.filter((f) => f.name !== 'tags')
    toSingle.fields.find((f) => f.name === 'headline')!.maxSelect = 1
    await saveCollection(app, toSingle)
    const single = await rows(app, 'articles')
    assert.deepEqual(
      single.map((r) => r.headline),
      ['b', ''],
    )

    const toMultiple = patch(app, 'articles', {})
    toMultiple.fields.find((f) => f.name === 'headline')!.maxSelect = 2
    await saveCollection(app, toMultiple)
    const multiple = await rows(app, 'articles')
    assert.deepEqual(
      multiple.map((r) => r.headline),
      ['["b"]', '[]'],
    )
  })

  test('when SQLite cannot ALTER (a hand-made index on a dropped column) the table is rebuilt with its data', async () => {
    await app.db().run('CREATE INDEX manual_views ON articles (views)')
    const c = patch(app, 'articles', {})
    c.fields = c.fields.filter((f) => f.name !== 'views')
    await saveCollection(app, c)
    assert.deepEqual(await columnsOf(app, 'articles'), ['created', 'headline', 'id'])
    assert.deepEqual(
      (await rows(app, 'articles')).map((r) => r.id),
      ['p00000000000001', 'p00000000000002'],
    )
    assert.equal(
      await app.db().get("SELECT 1 AS x FROM sqlite_master WHERE name = 'manual_views'"),
      undefined,
    )
  })

  test('views: fields inferred from the query; a column they need cannot be dropped', async () => {
    const view = build({
      name: 'headlines',
      type: 'view',
      viewQuery: 'select id, headline as h, count(id) as n from articles group by id',
    })
    await saveCollection(app, view, { isNew: true })
    assert.deepEqual(
      view.fields.map((f) => [f.name, f.type]),
      [
        ['id', 'text'],
        ['h', 'select'],
        ['n', 'number'],
      ],
    )
    assert.equal((await app.db().all('SELECT * FROM headlines')).length, 2)

    const before = await schemaSnapshot(app)
    const c = patch(app, 'articles', {})
    c.fields = c.fields.filter((f) => f.name !== 'headline')
    await assert.rejects(
      saveCollection(app, c),
      /failed to drop column headline - .*error in view headlines/,
    )
    assert.equal(await schemaSnapshot(app), before)
  })

  test('delete: refused while referenced or for system collections; views go away', async () => {
    const ref = build({
      name: 'comments',
      fields: [
        {
          type: 'relation',
          name: 'article',
          collectionId: requireCollection(app, 'articles').id,
          cascadeDelete: true,
        },
      ],
    })
    await saveCollection(app, ref, { isNew: true })
    await assert.rejects(
      deleteCollection(app, requireCollection(app, 'articles')),
      /existing relation references: comments/,
    )
    await assert.rejects(
      deleteCollection(app, requireCollection(app, '_mfas')),
      /system collections cannot be deleted/,
    )
    await deleteCollection(app, requireCollection(app, 'headlines'))
    assert.equal(
      await app.db().get("SELECT 1 AS x FROM sqlite_master WHERE name = 'headlines'"),
      undefined,
    )
    assert.equal(app.findCachedCollection('headlines'), undefined)
  })

  test('truncate deletes every record through the record pipeline (cascades included)', async () => {
    await insert(app, 'comments', { id: 'c00000000000001', article: 'p00000000000001' })
    await truncateCollection(app, requireCollection(app, 'articles'))
    assert.equal((await rows(app, 'articles')).length, 0)
    assert.equal((await rows(app, 'comments')).length, 0)
  })

  test('collection hooks run in order and can abort a save before anything is written', async () => {
    const seen: string[] = []
    const ids = [
      app.collectionHooks.create.bindFunc(async (e) => {
        seen.push('create:' + e.collection.id)
        await e.next()
      }),
      app.collectionHooks.validate.bindFunc(async (e) => {
        seen.push('validate')
        await e.next()
      }),
      app.collectionHooks.createExecute.bindFunc(async (e) => {
        seen.push('execute:' + e.app.isTransactional())
        await e.next()
      }),
      app.collectionHooks.afterCreateSuccess.bindFunc(async (e) => {
        seen.push('success')
        await e.next()
      }),
    ]
    try {
      await saveCollection(app, build({ name: 'hooked' }), { isNew: true })
      // normalisation (priority -99) runs before user handlers, so they see the final id
      assert.deepEqual(seen, [
        'create:' + defaultCollectionId('base', 'hooked'),
        'validate',
        'execute:false',
        'success',
      ])

      const before = await schemaSnapshot(app)
      const abort = app.collectionHooks.createExecute.bindFunc(() => {
        throw new Error('nope')
      })
      await assert.rejects(saveCollection(app, build({ name: 'aborted' }), { isNew: true }), /nope/)
      app.collectionHooks.createExecute.unbind(abort)
      assert.equal(await schemaSnapshot(app), before)
    } finally {
      app.collectionHooks.create.unbind(ids[0]!)
      app.collectionHooks.validate.unbind(ids[1]!)
      app.collectionHooks.createExecute.unbind(ids[2]!)
      app.collectionHooks.afterCreateSuccess.unbind(ids[3]!)
    }
  })

  test('import creates, updates and (with deleteMissing) deletes in one transaction', async () => {
    await importCollections(
      app,
      [
        { name: 'imp1', fields: [{ id: 'f1', name: 'a', type: 'text' }] },
        { name: 'impview', type: 'view', viewQuery: 'select id, a from imp1' },
      ],
      false,
    )
    assert.ok(app.findCachedCollection('impview'))
    // a same-named field without id keeps its column (and data)
    await insert(app, 'imp1', { id: 'i00000000000001', a: 'kept' })
    await importCollections(
      app,
      [
        {
          name: 'imp1',
          fields: [
            { name: 'a', type: 'text' },
            { name: 'b', type: 'bool' },
          ],
        },
      ],
      false,
    )
    assert.equal((await rows(app, 'imp1'))[0]!.a, 'kept')

    const before = await schemaSnapshot(app)
    await assert.rejects(
      importCollections(
        app,
        [{ name: 'imp1' }, { name: 'bad', fields: [{ name: 'expand', type: 'text' }] }],
        true,
      ),
      (err: unknown) =>
        err instanceof ValidationErrors &&
        /validation_collections_import_failure/.test(JSON.stringify(err.data)),
    )
    assert.equal(await schemaSnapshot(app), before)

    await importCollections(app, [{ name: 'imp1' }], true)
    const left = app.findAllCollections().map((c) => c.name)
    assert.deepEqual(left.sort(), [
      '_authOrigins',
      '_externalAuths',
      '_mfas',
      '_otps',
      '_superusers',
      'imp1',
    ])
    assert.deepEqual(await columnsOf(app, 'imp1'), ['id'])
  })
})
