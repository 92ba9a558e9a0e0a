import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { App } from '../app.js'
import { newMemoryApp } from '../collections/collection-test-app.test-util.js'
import { findAuthRecordByEmail } from '../records/record-query.js'
import { getSettings } from '../settings/settings-store.js'
import { bindAutomigrate } from './automigrate.js'
import { loadJsMigrations, MigrationLoadError, type MigrationSource } from './js-migrations.js'
import { jsBlankTemplate, jsSnapshotTemplate } from './migration-templates.js'
import { MigrationError, MigrationsRunner } from './migrations-runner.js'

const js = (file: string, code: string): MigrationSource => ({ file, code })

async function appliedFiles(app: App): Promise<string[]> {
  const rows = await app
    .db()
    .all<{ file: string }>("SELECT file FROM _migrations WHERE file NOT LIKE '%.go' ORDER BY file")
  return rows.map((r) => r.file)
}

async function tables(app: App): Promise<string[]> {
  const rows = await app
    .db()
    .all<{
      name: string
    }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
  return rows.map((r) => r.name)
}

const CREATE_POSTS = js(
  '1700000000_create_posts.js',
  `/// <reference path="../pb_data/types.d.ts" />
migrate((app) => {
  const collection = new Collection({
    type: 'base',
    name: 'posts',
    listRule: '',
    fields: [{ type: 'text', name: 'title', required: true }],
  })
  return app.save(collection)
}, (app) => {
  return app.delete(app.findCollectionByNameOrId('posts'))
})`,
)

const ADD_FIELD = js(
  '1700000001_posts_add_views.ts',
  `migrate(async (app: any) => {
  const posts = app.findCollectionByNameOrId('posts')
  posts.fields.add(new NumberField({ name: 'views', min: 0 }))
  posts.addIndex('idx_posts_title', true, 'title', '')
  await app.save(posts)
}, async (app: any) => {
  const posts = app.findCollectionByNameOrId('posts')
  posts.fields.removeByName('views')
  posts.removeIndex('idx_posts_title')
  await app.save(posts)
})`,
)

const SEED = js(
  '1700000002_seed.js',
  `migrate((app) => {
  // PocketBase style: nothing awaited
  const posts = app.findCollectionByNameOrId('posts')
  for (const title of ['a', 'b', 'c']) {
    const record = new Record(posts)
    record.set('title', title)
    app.save(record)
  }
  app.db().newQuery('UPDATE posts SET views = {:v}').bind({ v: 7 }).execute()
}, (app) => {
  app.db().newQuery('DELETE FROM posts').execute()
})`,
)

test('up applies JS migrations in order and records them; down reverts them newest first', async () => {
  const app = await newMemoryApp()
  try {
    // note: TypeScript type annotations are left to the platform evaluator; strip them here
    const sources = [
      CREATE_POSTS,
      { ...ADD_FIELD, code: ADD_FIELD.code.replaceAll(': any', '') },
      SEED,
    ]
    const runner = new MigrationsRunner(app, loadJsMigrations(sources))
    assert.deepEqual(
      await runner.up(),
      sources.map((s) => s.file),
    )
    assert.deepEqual(
      await appliedFiles(app),
      sources.map((s) => s.file),
    )
    const posts = app.findCachedCollection('posts')!
    assert.deepEqual(
      posts.fields.map((f) => f.name),
      ['id', 'title', 'views'],
    )
    assert.ok(posts.indexes.some((i) => i.includes('idx_posts_title')))
    assert.deepEqual(await app.db().all('SELECT title, views FROM posts ORDER BY title'), [
      { title: 'a', views: 7 },
      { title: 'b', views: 7 },
      { title: 'c', views: 7 },
    ])
    assert.deepEqual(await runner.up(), [], 'a second up applies nothing')

    assert.deepEqual(await runner.down(1), [SEED.file])
    assert.deepEqual(await app.db().all('SELECT * FROM posts'), [])
    assert.deepEqual(await runner.down(2), [ADD_FIELD.file, CREATE_POSTS.file])
    assert.equal(app.findCachedCollection('posts'), undefined)
    assert.ok(!(await tables(app)).includes('posts'))
    assert.deepEqual(await appliedFiles(app), [])
    assert.deepEqual(await runner.down(5), [], 'nothing left to revert')

    // and up again: the round trip ends where it started
    assert.equal((await runner.up()).length, 3)
    assert.equal((await app.db().get<{ n: number }>('SELECT count(*) AS n FROM posts'))!.n, 3)
  } finally {
    await app.close()
  }
})

test('a failing migration rolls back every migration of the batch and records none', async () => {
  const app = await newMemoryApp()
  try {
    const before = await tables(app)
    const failing = js(
      '1700000009_fail.js',
      `migrate((app) => {
        app.save(new Collection({ name: 'later', fields: [] }))
        throw new Error('boom')
      })`,
    )
    const runner = new MigrationsRunner(app, loadJsMigrations([CREATE_POSTS, failing]))
    await assert.rejects(runner.up(), (err: unknown) => {
      assert.ok(err instanceof MigrationError)
      assert.equal(err.message, 'failed to apply migration 1700000009_fail.js: boom')
      return true
    })
    assert.deepEqual(await tables(app), before)
    assert.deepEqual(await appliedFiles(app), [])
    assert.equal(app.findCachedCollection('posts'), undefined)
    assert.equal(app.findCachedCollection('later'), undefined)
  } finally {
    await app.close()
  }
})

test('an unawaited call that fails fails its migration; an awaited and caught one does not', async () => {
  const app = await newMemoryApp()
  try {
    const unawaited = js(
      '1700000001_bad.js',
      `migrate((app) => { app.db().newQuery('INSERT INTO nope VALUES (1)').execute() })`,
    )
    await assert.rejects(
      new MigrationsRunner(app, loadJsMigrations([unawaited])).up(),
      /no such table: nope/,
    )
    const caught = js(
      '1700000002_caught.js',
      `migrate(async (app) => {
        try { await app.findRecordById('_superusers', 'missing') } catch (e) { if (!String(e).includes('no rows')) throw e }
      })`,
    )
    assert.deepEqual(await new MigrationsRunner(app, loadJsMigrations([caught])).up(), [
      '1700000002_caught.js',
    ])
  } finally {
    await app.close()
  }
})

const malformed: { name: string; source: MigrationSource; message: RegExp }[] = [
  {
    name: 'syntax error',
    source: js('1_syntax.js', 'migrate((app) => {'),
    message: /^failed to run migration 1_syntax\.js: /,
  },
  {
    name: 'throws while loading',
    source: js('2_throws.js', 'throw new Error("nope")'),
    message: /^failed to run migration 2_throws\.js: nope$/,
  },
  {
    name: 'migrate twice',
    source: js('3_twice.js', 'migrate(() => {}); migrate(() => {})'),
    message: /called only once/,
  },
  {
    name: 'up is not a function',
    source: js('4_bad_up.js', 'migrate(42)'),
    message: /up must be a function/,
  },
]
for (const c of malformed) {
  test(`a malformed migration file (${c.name}) fails the load before anything runs`, () => {
    assert.throws(
      () => loadJsMigrations([CREATE_POSTS, c.source]),
      (err: unknown) => err instanceof MigrationLoadError && c.message.test(err.message),
    )
  })
}

test('PocketBase-style migrations: superuser seed, settings, filters, unmarshal, snapshot import', async () => {
  const app = await newMemoryApp()
  try {
    const seed = js(
      '1_seed.js',
      `migrate((app) => {
        const superusers = app.findCollectionByNameOrId('_superusers')
        const record = new Record(superusers)
        record.set('email', 'admin@example.com')
        record.set('password', '1234567890')
        app.save(record)
        app.save(new Record(superusers, { email: 'keep@example.com', password: '1234567890' }))

        const settings = app.settings()
        settings.meta.appName = 'Migrated'
        app.save(settings)
      }, (app) => {
        return app.findAuthRecordByEmail('_superusers', 'admin@example.com').then((r) => app.delete(r))
      })`,
    )
    const filters = js(
      '2_filters.js',
      `migrate(async (app) => {
        const found = await app.findRecordsByFilter('_superusers', 'email = {:e}', '-created', 10, 0, { e: 'admin@example.com' })
        if (found.length !== 1 || found[0].email() !== 'admin@example.com') throw new Error('filter lookup failed')
        const c = app.findCollectionByNameOrId('_superusers')
        unmarshal({ authToken: { duration: 3600 } }, c)
        await app.save(c)
      })`,
    )
    const runner = new MigrationsRunner(app, loadJsMigrations([seed, filters]))
    await runner.up()
    assert.ok(await findAuthRecordByEmail(app, '_superusers', 'admin@example.com'))
    assert.equal((await getSettings(app)).meta.appName, 'Migrated')
    assert.equal(
      (app.findCachedCollection('_superusers')!.authToken as { duration: number }).duration,
      3600,
    )
    await runner.down(2)
    assert.equal(await findAuthRecordByEmail(app, '_superusers', 'admin@example.com'), undefined)

    // a collections snapshot re-imports as is
    const snapshot = jsSnapshotTemplate(app.findAllCollections())
    const again = new MigrationsRunner(app, loadJsMigrations([js('3_snapshot.js', snapshot)]))
    assert.deepEqual(await again.up(), ['3_snapshot.js'])
    assert.match(
      jsBlankTemplate(),
      /^\/\/\/ <reference path="..\/pb_data\/types.d.ts" \/>\nmigrate\(\(app\) => \{/,
    )
  } finally {
    await app.close()
  }
})

test('history-sync forgets recorded files that are gone, but never system migrations', async () => {
  const app = await newMemoryApp()
  try {
    await new MigrationsRunner(
      app,
      loadJsMigrations([CREATE_POSTS, js('1700000005_other.js', 'migrate(() => {})')]),
    ).up()
    const runner = new MigrationsRunner(app, loadJsMigrations([CREATE_POSTS]))
    assert.equal(await runner.historySync(), 1)
    assert.deepEqual(await appliedFiles(app), [CREATE_POSTS.file])
    const system = await app
      .db()
      .get<{ n: number }>("SELECT count(*) AS n FROM _migrations WHERE file LIKE '%.go'")
    assert.equal(system!.n, 8)
  } finally {
    await app.close()
  }
})

test('automigrate writes replayable migrations for API collection changes', async () => {
  const app = await newMemoryApp()
  const files = new Map<string, string>()
  bindAutomigrate(app, { write: async (name, content) => void files.set(name, content) })
  try {
    // a superuser for the API calls
    const { RecordModel } = await import('../records/record-model.js')
    const { saveRecord } = await import('../records/record-save.js')
    const { newAuthToken } = await import('../auth/record-tokens.js')
    const admin = new RecordModel(app.findCachedCollection('_superusers')!)
    admin.load({ email: 'a@example.com', password: '1234567890' })
    await saveRecord(app, admin)
    const token = await newAuthToken(app, admin)
    const call = (method: string, path: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })

    assert.equal(
      (
        await call('POST', '/api/collections', {
          name: 'notes',
          type: 'base',
          fields: [{ name: 'body', type: 'text' }],
        })
      ).status,
      200,
    )
    assert.equal(
      (
        await call('PATCH', '/api/collections/notes', {
          listRule: '',
          fields: [
            { name: 'body', type: 'text' },
            { name: 'n', type: 'number' },
          ],
        })
      ).status,
      200,
    )
    assert.equal((await call('PATCH', '/api/collections/notes', { listRule: '' })).status, 200) // no change: no file
    const {
      created: _c,
      updated: _u,
      ...sourceNotes
    } = structuredClone(app.findCachedCollection('notes')!)
    assert.equal((await call('DELETE', '/api/collections/notes')).status, 204)

    const names = [...files.keys()]
    assert.equal(names.length, 3)
    assert.match(names[0]!, /^\d+_created_notes\.js$/)
    assert.match(names[1]!, /^\d+_updated_notes\.js$/)
    assert.match(names[2]!, /^\d+_deleted_notes\.js$/)
    assert.deepEqual(await appliedFiles(app), [...names].sort())
    assert.match(files.get(names[1]!)!, /unmarshal\(\{\n {4}"listRule": ""\n {2}\}, collection\)/)
    assert.match(files.get(names[1]!)!, /collection\.fields\.addAt\(2, new Field\(\{/)

    // replaying the files on another app recreates, changes and deletes the collection; down undoes them
    const other = await newMemoryApp()
    try {
      const sources = names.map((n) => js(n, files.get(n)!))
      const runner = new MigrationsRunner(other, loadJsMigrations(sources.slice(0, 2)))
      await runner.up()
      const notes = other.findCachedCollection('notes')!
      assert.deepEqual(
        notes.fields.map((f) => [f.name, f.type]),
        [
          ['id', 'text'],
          ['body', 'text'],
          ['n', 'number'],
        ],
      )
      assert.equal(notes.listRule, '')
      const { created: _c2, updated: _u2, ...replayed } = notes
      assert.deepEqual(replayed, sourceNotes)
      await new MigrationsRunner(other, loadJsMigrations(sources)).up()
      assert.equal(other.findCachedCollection('notes'), undefined)
      const all = new MigrationsRunner(other, loadJsMigrations(sources))
      await all.down(1)
      assert.ok(other.findCachedCollection('notes'))
      await all.down(2)
      assert.equal(other.findCachedCollection('notes'), undefined)
    } finally {
      await other.close()
    }
  } finally {
    await app.close()
  }
})
