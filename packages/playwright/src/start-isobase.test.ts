import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import PocketBase from 'pocketbase'
import { startIsobase, type RunningIsobase } from './start-isobase.js'

const POSTS = [
  {
    name: 'posts',
    type: 'base',
    listRule: '',
    viewRule: '',
    createRule: '@request.auth.id != ""',
    fields: [
      { name: 'title', type: 'text', required: true },
      { name: 'done', type: 'bool' },
    ],
  },
]

describe('startIsobase', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'isobase-playwright-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('serves a fresh, seeded Isobase on a free port to the SDK, and stops', async (t) => {
    const schema = join(dir, 'pb_schema.json')
    writeFileSync(schema, JSON.stringify(POSTS))
    const t0 = performance.now()
    const isobase = await startIsobase({
      collections: schema,
      superuser: { email: 'root@example.com', password: 'root-password-1' },
      records: {
        posts: [{ title: 'first' }, { title: 'second', done: true }],
        users: [{ email: 'ann@example.com', password: 'ann-password-1', passwordConfirm: 'ann-password-1' }],
      },
    })
    let stopped = false
    try {
      const pb = new PocketBase(isobase.url)
      const health = await pb.health.check()
      t.diagnostic(`start → first answer ${(performance.now() - t0).toFixed(0)} ms`)
      assert.equal(health.code, 200)
      assert.match(isobase.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const posts = await pb.collection('posts').getFullList({ sort: 'title' })
      assert.deepEqual(
        posts.map((p) => [p.title, p.done]),
        [
          ['first', false],
          ['second', true],
        ],
      )
      await pb.collection('users').authWithPassword('ann@example.com', 'ann-password-1')
      await pb.collection('posts').create({ title: 'by ann' })
      const su = new PocketBase(isobase.url)
      await su.collection('_superusers').authWithPassword('root@example.com', 'root-password-1')
      assert.equal((await su.collection('posts').getList(1, 1)).totalItems, 3)
      // CORS, for apps served from another origin
      const res = await fetch(`${isobase.url}/api/health`, { headers: { origin: 'http://localhost:5173' } })
      assert.equal(res.headers.get('access-control-allow-origin'), '*')
    } finally {
      await isobase.stop()
      stopped = true
    }
    assert.ok(stopped)
    await assert.rejects(fetch(`${isobase.url}/api/health`))
  })

  it('keeps mails in an outbox', async () => {
    const isobase = await startIsobase({
      records: { users: [{ email: 'bo@example.com', password: 'bo-password-12', passwordConfirm: 'bo-password-12' }] },
    })
    try {
      await new PocketBase(isobase.url).collection('users').requestVerification('bo@example.com')
      const mail = await isobase.waitForMail((m) => m.to.some((a) => a.address === 'bo@example.com'))
      assert.match(mail.html, /\/_\/#\/auth\/confirm-verification\/[\w-]+\.[\w-]+\.[\w-]+/)
      assert.equal(isobase.mails().length, 1)
    } finally {
      await isobase.stop()
    }
  })

  it('applies a pb_migrations directory of JS migrations', async () => {
    const migrations = join(dir, 'pb_migrations')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(migrations)
    writeFileSync(
      join(migrations, '1700000000_create_tasks.js'),
      `migrate((app) => {
        const c = new Collection({ type: 'base', name: 'tasks', listRule: '', fields: [{ name: 'label', type: 'text' }] })
        app.save(c)
      }, (app) => {
        app.delete(app.findCollectionByNameOrId('tasks'))
      })`,
    )
    writeFileSync(
      join(migrations, '1700000001_seed_tasks.js'),
      `migrate((app) => {
        const c = app.findCollectionByNameOrId('tasks')
        const r = new Record(c)
        r.set('label', 'from a migration')
        app.save(r)
      })`,
    )
    const isobase = await startIsobase({ migrations })
    try {
      const tasks = await new PocketBase(isobase.url).collection('tasks').getFullList()
      assert.deepEqual(
        tasks.map((r) => r.label),
        ['from a migration'],
      )
    } finally {
      await isobase.stop()
    }
  })

  it('rejects a seed the API rejects, and leaves nothing running', async () => {
    await assert.rejects(startIsobase({ records: { nope: [{ a: 1 }] } }), /seed: record 0 of nope failed \(404\)/)
  })
})

describe('startIsobase: separate instances', () => {
  let a: RunningIsobase
  let b: RunningIsobase
  before(async () => {
    ;[a, b] = await Promise.all([startIsobase({ collections: POSTS }), startIsobase({ collections: POSTS })])
  })
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()])
  })

  it('do not share data', async () => {
    await a.app.runInTransaction(async (tx) => {
      await tx.db().run(`INSERT INTO posts (id, title, done) VALUES ('aaaaaaaaaaaaaaa', 'only in a', 0)`)
    })
    assert.equal((await new PocketBase(a.url).collection('posts').getList()).totalItems, 1)
    assert.equal((await new PocketBase(b.url).collection('posts').getList()).totalItems, 0)
  })
})
