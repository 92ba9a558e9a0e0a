/**
 * Collections created by Isobase open in the reference PocketBase: the same collection JSON comes back
 * from its API, the records are readable, and PocketBase can keep changing the schema. Skipped when the
 * reference binary (`.ref/base`) or the Node adapter build is missing.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test } from 'node:test'
import { createApp, type App } from '../app.js'
import type { SqliteOpener } from '../db/sqlite-port.js'
import { RecordModel } from '../records/record-model.js'
import { requireCollection } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { decodeCollection } from './collection-decode.js'
import { newCollection } from './collection-defaults.js'
import { collectionToJSON } from './collection-json.js'
import type { CollectionModel } from './collection-model.js'
import { saveCollection } from './collection-save.js'

const REF_BINARY = resolve(import.meta.dirname, '../../../.ref/base')

async function nodeOpener(dir: string): Promise<SqliteOpener | undefined> {
  try {
    // note: a runtime-only import (core must not depend on an adapter at build time)
    const specifier = '@isobase/node'
    const mod = (await import(specifier)) as {
      createNodeSqliteOpener: (dir: string) => SqliteOpener
    }
    return mod.createNodeSqliteOpener(dir)
  } catch {
    return undefined
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.once('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => res(port))
    })
  })
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`PocketBase exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${base}/api/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('PocketBase did not start')
}

async function create(app: App, body: Record<string, unknown>): Promise<CollectionModel> {
  const c = decodeCollection(
    newCollection((body.type as CollectionModel['type']) ?? 'base', String(body.name)),
    body,
  )
  await saveCollection(app, c, { isNew: true })
  return c
}

test('collections made by Isobase open and keep working in the reference PocketBase', async (t) => {
  if (!existsSync(REF_BINARY)) return t.skip('reference binary not built')
  const root = mkdtempSync(join(tmpdir(), 'isobase-collections-interop-'))
  const dataDir = join(root, 'pb_data')
  let child: ChildProcess | undefined
  try {
    const opener = await nodeOpener(dataDir)
    if (!opener) return t.skip('@isobase/node not built')
    const app = createApp({ sqlite: opener })
    await app.bootstrap()
    const posts = await create(app, {
      name: 'posts',
      fields: [
        { type: 'text', name: 'title', required: true, max: 100 },
        { type: 'number', name: 'views', onlyInt: true, min: 0 },
        { type: 'bool', name: 'published' },
        { type: 'email', name: 'contact', onlyDomains: ['example.com'] },
        { type: 'url', name: 'link' },
        { type: 'editor', name: 'body', convertURLs: true },
        { type: 'date', name: 'due' },
        { type: 'select', name: 'tags', values: ['a', 'b', 'c'], maxSelect: 2 },
        { type: 'file', name: 'cover', maxSelect: 1, mimeTypes: ['image/png'] },
        { type: 'relation', name: 'author', collectionId: '_pb_users_auth_', maxSelect: 1 },
        { type: 'json', name: 'meta' },
        { type: 'geoPoint', name: 'where' },
        { type: 'autodate', name: 'created', onCreate: true },
        { type: 'autodate', name: 'updated', onCreate: true, onUpdate: true },
      ],
      indexes: ['create index idx_posts_title on posts (title)'],
      listRule: 'published = true',
    })
    const people = await create(app, {
      name: 'people',
      type: 'auth',
      fields: [{ type: 'text', name: 'nick' }],
      otp: { enabled: true },
      passwordAuth: { enabled: true, identityFields: ['email'] },
    })
    // a rename after creation, through the same table sync PocketBase would run
    const renamed = structuredClone(requireCollection(app, 'posts'))
    renamed.fields.find((f) => f.name === 'body')!.name = 'content'
    await saveCollection(app, renamed)
    const view = await create(app, {
      name: 'post_titles',
      type: 'view',
      viewQuery: 'select id, title, views from posts',
    })

    const record = new RecordModel(requireCollection(app, 'posts'))
    record.load({
      id: 'post00000000001',
      title: 'Hello',
      views: 3,
      tags: ['a', 'b'],
      content: '<p>x</p>',
      meta: { k: 1 },
    })
    await saveRecord(app, record)
    const su = new RecordModel(requireCollection(app, '_superusers'))
    su.load({
      email: 'interop@example.com',
      password: 'interop-pass-123',
      passwordConfirm: 'interop-pass-123',
    })
    await saveRecord(app, su)
    const expected = new Map(
      [
        requireCollection(app, 'posts'),
        requireCollection(app, 'people'),
        requireCollection(app, 'post_titles'),
      ].map((c) => [
        c.name,
        JSON.parse(JSON.stringify(collectionToJSON(c))) as Record<string, unknown>,
      ]),
    )
    assert.ok(posts.id && people.id && view.id)
    await app.close()

    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    child = spawn(
      REF_BINARY,
      [
        'serve',
        '--http',
        `127.0.0.1:${port}`,
        '--dir',
        dataDir,
        '--migrationsDir',
        join(root, 'mig'),
        '--hooksDir',
        join(root, 'hooks'),
        '--automigrate=false',
      ],
      { stdio: 'ignore' },
    )
    await waitForHealth(base, child)

    const auth = await fetch(`${base}/api/collections/_superusers/auth-with-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'interop@example.com', password: 'interop-pass-123' }),
    })
    assert.equal(auth.status, 200, 'PocketBase accepts a superuser created by Isobase')
    const token = ((await auth.json()) as { token: string }).token
    const get = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(base + path, {
        ...init,
        headers: { authorization: token, 'content-type': 'application/json' },
      })
      return {
        status: res.status,
        json: (await res.json().catch(() => null)) as Record<string, any>,
      }
    }

    for (const [name, mine] of expected) {
      const theirs = await get(`/api/collections/${name}`)
      assert.equal(theirs.status, 200, name)
      assert.deepEqual(theirs.json, mine, `${name} reads back identically`)
    }
    const list = await get('/api/collections/posts/records')
    assert.equal(list.json.items[0].title, 'Hello')
    assert.deepEqual(list.json.items[0].tags, ['a', 'b'])
    assert.equal(list.json.items[0].content, '<p>x</p>')
    assert.deepEqual((await get('/api/collections/post_titles/records')).json.items[0], {
      collectionId: view.id,
      collectionName: 'post_titles',
      id: 'post00000000001',
      title: 'Hello',
      views: 3,
    })

    // PocketBase can keep evolving the schema Isobase created (rename + field removal + view resave)
    const fields = (expected.get('posts')!.fields as Record<string, unknown>[])
      .filter((f) => f.name !== 'meta')
      .map((f) => (f.name === 'title' ? { ...f, name: 'headline' } : f))
    const patched = await get('/api/collections/posts', {
      method: 'PATCH',
      body: JSON.stringify({ fields, indexes: [] }),
    })
    assert.equal(patched.status, 200, JSON.stringify(patched.json))
    const after = await get('/api/collections/posts/records')
    assert.equal(after.json.items[0].headline, 'Hello')
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(root, { recursive: true, force: true })
  }
})
