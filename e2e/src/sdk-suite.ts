/**
 * @module The SDK suite: the official `pocketbase` JS SDK, running in a Chromium page, against every
 * home of the core (Node server, Service Worker, Worker and in-page backends). Written once; a target
 * only says how the page's SDK clients reach the backend (`window.e2e.link`). Each step's body runs
 * in the page (`page.evaluate`), so what is tested is exactly what an app's own code would do there:
 * auth store in localStorage, realtime over `EventSource`, files as `File`s, thumbs decoded as images.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import './harness/page-api.js'
import { STEP_TIMEOUT } from './harness/target.js'
import { E2E_SUPERUSER } from './routes/e2e-routes.js'

/** A page whose `window.e2e` is linked to the backend under test. */
export interface SdkTarget {
  readonly page: Page
  /** Another tab on the same backend (absent when the backend lives inside one page). */
  openTab?(): Promise<Page>
  [Symbol.asyncDispose](): Promise<void>
}

/** Credentials the suite passes into the page. */
export interface SuiteUsers {
  superuser: { email: string; password: string }
  alice: { email: string; password: string }
  bob: { email: string; password: string }
}

export const SUITE_USERS: SuiteUsers = {
  superuser: { ...E2E_SUPERUSER },
  alice: { email: 'alice@example.com', password: 'alice-password-1' },
  bob: { email: 'bob@example.com', password: 'bob-password-1' },
}

/** Signs in as the e2e superuser and creates the suite's `posts` collection (idempotent). */
export async function createPostsCollection(page: Page): Promise<void> {
  await page.evaluate(async (u: SuiteUsers) => {
    const pb = window.e2e.client('su_auth')
    await pb.collection('_superusers').authWithPassword(u.superuser.email, u.superuser.password)
    const users = await pb.collections.getOne('users')
    const existing = await pb.collections.getFirstListItem('name = "posts"').catch(() => undefined)
    if (existing) {
      return
    }
    const ownerRule = 'author = @request.auth.id'
    await pb.collections.create({
      name: 'posts',
      type: 'base',
      fields: [
        { name: 'title', type: 'text', required: true, max: 200 },
        { name: 'published', type: 'bool' },
        { name: 'views', type: 'number', onlyInt: true },
        { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1 },
        { name: 'tags', type: 'select', values: ['red', 'green', 'blue'], maxSelect: 3 },
        {
          name: 'cover',
          type: 'file',
          maxSelect: 1,
          maxSize: 1 << 20,
          mimeTypes: ['image/png'],
          thumbs: ['16x16', '0x20'],
        },
        { name: 'secret', type: 'file', maxSelect: 1, protected: true },
        { name: 'created', type: 'autodate', onCreate: true },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      listRule: `published = true || ${ownerRule}`,
      viewRule: `published = true || ${ownerRule}`,
      createRule: `@request.auth.id != "" && ${ownerRule}`,
      updateRule: ownerRule,
      deleteRule: ownerRule,
    })
  }, SUITE_USERS)
}

/**
 * Registers the SDK suite for one target. `makeTarget` runs once before the suite; the target is
 * disposed after it. The steps build on each other (users, then posts, then files...).
 */
export function defineSdkSuite(
  name: string,
  makeTarget: () => Promise<SdkTarget>,
  options: { skip?: string } = {},
): void {
  describe(`sdk: ${name}`, { skip: options.skip, timeout: 120_000 }, () => {
    let target: SdkTarget | undefined
    const page = (): Page => {
      assert.ok(target, 'target not started')
      return target.page
    }

    before(
      async () => {
        target = await makeTarget()
      },
      { timeout: STEP_TIMEOUT },
    )
    after(
      async () => {
        await target?.[Symbol.asyncDispose]()
      },
      { timeout: STEP_TIMEOUT },
    )

    it('health check; an unknown route rejects with the 404 envelope', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async () => {
        const pb = window.e2e.client()
        const health = await pb.health.check()
        const err = await pb.send('/api/e2e-no-such-route', {}).then(
          () => undefined,
          (e: { status: number; response: unknown }) => ({ status: e.status, response: e.response }),
        )
        return { health, err }
      })
      assert.deepEqual(got.health, { message: 'API is healthy.', code: 200, data: {} })
      assert.equal(got.err?.status, 404)
      assert.deepEqual(Object.keys(got.err.response as object).sort(), ['data', 'message', 'status'])
    })

    it('a superuser signs in; the session lives in localStorage', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async (u: SuiteUsers) => {
        const pb = window.e2e.client('su_auth')
        const wrong = await pb
          .collection('_superusers')
          .authWithPassword(u.superuser.email, 'wrong-password')
          .then(
            () => 0,
            (e: { status: number }) => e.status,
          )
        const auth = await pb.collection('_superusers').authWithPassword(u.superuser.email, u.superuser.password)
        const stored = JSON.parse(localStorage.getItem('su_auth') ?? '{}') as { token?: string }
        // a second client on the same key picks the session up, as after a reload
        const again = window.e2e.client('su_auth')
        const refreshed = await again.collection('_superusers').authRefresh()
        return {
          wrong,
          email: auth.record.email,
          isSuperuser: pb.authStore.isSuperuser,
          storedToken: stored.token === auth.token,
          refreshedEmail: refreshed.record.email,
        }
      }, SUITE_USERS)
      assert.deepEqual(got, {
        wrong: 400,
        email: SUITE_USERS.superuser.email,
        isSuperuser: true,
        storedToken: true,
        refreshedEmail: SUITE_USERS.superuser.email,
      })
    })

    it('creates a collection with fields and rules', { timeout: STEP_TIMEOUT }, async () => {
      await createPostsCollection(page())
      const got = await page().evaluate(async () => {
        const pb = window.e2e.client('su_auth')
        const posts = await pb.collections.getOne('posts')
        const list = await pb.collections.getFullList({ filter: 'system = false' })
        return {
          fields: posts.fields.map((f: { name: string; type: string }) => `${f.name}:${f.type}`),
          names: list.map((c: { name: string }) => c.name).sort(),
          listRule: posts.listRule,
        }
      })
      assert.deepEqual(got.fields, [
        'id:text',
        'title:text',
        'published:bool',
        'views:number',
        'author:relation',
        'tags:select',
        'cover:file',
        'secret:file',
        'created:autodate',
        'updated:autodate',
      ])
      assert.deepEqual(got.names, ['posts', 'users'])
      assert.equal(got.listRule, 'published = true || author = @request.auth.id')
    })

    it('users sign up, sign in and refresh their session', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async (u: SuiteUsers) => {
        const out: Record<string, unknown> = {}
        for (const [key, who] of [
          ['alice', u.alice],
          ['bob', u.bob],
        ] as const) {
          const pb = window.e2e.client(`${key}_auth`)
          await pb.collection('users').create({
            email: who.email,
            password: who.password,
            passwordConfirm: who.password,
            name: key,
          })
          const auth = await pb.collection('users').authWithPassword(who.email, who.password)
          const refreshed = await pb.collection('users').authRefresh()
          out[key] = {
            email: auth.record.email,
            sameId: refreshed.record.id === auth.record.id,
            valid: pb.authStore.isValid,
            superuser: pb.authStore.isSuperuser,
          }
        }
        const dup = await window.e2e
          .client('dup')
          .collection('users')
          .create({ email: u.alice.email, password: 'x-password-1', passwordConfirm: 'x-password-1' })
          .then(
            () => undefined,
            (e: { status: number; response: { data: Record<string, { code: string }> } }) => ({
              status: e.status,
              code: e.response.data.email?.code,
            }),
          )
        // a guest only sees users the list rule lets through: none
        const guestList = await window.e2e.client('guest').collection('users').getList(1, 10)
        return { ...out, dup, guestTotal: guestList.totalItems }
      }, SUITE_USERS)
      assert.deepEqual(got, {
        alice: { email: SUITE_USERS.alice.email, sameId: true, valid: true, superuser: false },
        bob: { email: SUITE_USERS.bob.email, sameId: true, valid: true, superuser: false },
        dup: { status: 400, code: 'validation_not_unique' },
        guestTotal: 0,
      })
    })

    it('records: create, view, list with filter/sort/expand, update, delete', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async () => {
        const pb = window.e2e.client('alice_auth')
        const me = pb.authStore.record!.id
        const made = []
        for (let i = 1; i <= 5; i++) {
          made.push(
            await pb.collection('posts').create({
              title: `post ${i}`,
              published: i % 2 === 1,
              views: i * 10,
              author: me,
              tags: i === 1 ? ['red', 'blue'] : ['green'],
            }),
          )
        }
        const one = await pb.collection('posts').getOne(made[0]!.id, { expand: 'author' })
        const page1 = await pb.collection('posts').getList(1, 2, { sort: '-views', filter: 'views >= 20' })
        const first = await pb.collection('posts').getFirstListItem('tags ~ "blue"')
        const all = await pb.collection('posts').getFullList({ sort: 'title', fields: 'id,title' })
        const updated = await pb.collection('posts').update(made[1]!.id, { title: 'post 2 (edited)', 'views+': 5 })
        await pb.collection('posts').delete(made[4]!.id)
        const gone = await pb
          .collection('posts')
          .getOne(made[4]!.id)
          .then(
            () => 0,
            (e: { status: number }) => e.status,
          )
        const invalid = await pb
          .collection('posts')
          .create({ title: '', author: me })
          .then(
            () => undefined,
            (e: { status: number; response: { data: Record<string, { code: string }> } }) => ({
              status: e.status,
              title: e.response.data.title?.code,
            }),
          )
        return {
          one: {
            title: one.title,
            tags: one.tags,
            authorEmail: (one.expand?.author as { email?: string } | undefined)?.email,
            collectionName: one.collectionName,
            hasDates: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/.test(one.created as string),
          },
          page1: {
            totalItems: page1.totalItems,
            totalPages: page1.totalPages,
            titles: page1.items.map((r) => r.title),
          },
          first: first.title,
          all: all.map((r) => Object.keys(r).sort().join(',') + '=' + r.title),
          updated: { title: updated.title, views: updated.views },
          gone,
          invalid,
        }
      })
      assert.deepEqual(got, {
        one: {
          title: 'post 1',
          tags: ['red', 'blue'],
          authorEmail: SUITE_USERS.alice.email,
          collectionName: 'posts',
          hasDates: true,
        },
        page1: { totalItems: 4, totalPages: 2, titles: ['post 5', 'post 4'] },
        first: 'post 1',
        all: ['id,title=post 1', 'id,title=post 2', 'id,title=post 3', 'id,title=post 4', 'id,title=post 5'],
        updated: { title: 'post 2 (edited)', views: 25 },
        gone: 404,
        invalid: { status: 400, title: 'validation_required' },
      })
    })

    it('rules: guests and other users see only what the rules allow', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async () => {
        const alice = window.e2e.client('alice_auth')
        const bob = window.e2e.client('bob_auth')
        const guest = window.e2e.client('guest')
        const status = (p: Promise<unknown>) =>
          p.then(
            () => 200,
            (e: { status: number }) => e.status,
          )
        const draft = await alice.collection('posts').getFirstListItem('published = false')
        return {
          alice: (await alice.collection('posts').getList(1, 50)).totalItems,
          bob: (await bob.collection('posts').getList(1, 50)).totalItems,
          guest: (await guest.collection('posts').getList(1, 50)).totalItems,
          guestViewDraft: await status(guest.collection('posts').getOne(draft.id)),
          bobUpdate: await status(bob.collection('posts').update(draft.id, { title: 'hijacked' })),
          bobDelete: await status(bob.collection('posts').delete(draft.id)),
          bobCreateAsAlice: await status(
            bob.collection('posts').create({ title: 'forged', author: alice.authStore.record!.id }),
          ),
          guestCreate: await status(guest.collection('posts').create({ title: 'anon' })),
          superuser: (await window.e2e.client('su_auth').collection('posts').getList(1, 50)).totalItems,
        }
      })
      assert.deepEqual(got, {
        alice: 4,
        bob: 2,
        guest: 2,
        guestViewDraft: 404,
        bobUpdate: 404,
        bobDelete: 404,
        bobCreateAsAlice: 400,
        guestCreate: 400,
        superuser: 4,
      })
    })

    it('files: upload, download, thumbs, protected files with a file token', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async () => {
        const pb = window.e2e.client('alice_auth')
        const cover = await window.e2e.png('cover.png', 64, 48)
        const secret = new File([new TextEncoder().encode('top secret')], 'secret.txt', {
          type: 'text/plain',
        })
        // a draft: its protected file needs a token of someone the view rule lets in
        const rec = await pb.collection('posts').create({
          title: 'with files',
          published: false,
          author: pb.authStore.record!.id,
          cover,
          secret,
        })
        const coverUrl = pb.files.getURL(rec, rec.cover as string)
        const original = await window.e2e.imageInfo(coverUrl)
        const thumb = await window.e2e.imageInfo(pb.files.getURL(rec, rec.cover as string, { thumb: '16x16' }))
        const thumbH = await window.e2e.imageInfo(pb.files.getURL(rec, rec.cover as string, { thumb: '0x20' }))
        const bytesOk =
          new Uint8Array(await (await window.e2e.fetch(coverUrl)).arrayBuffer()).length === cover.size
        const secretUrl = pb.files.getURL(rec, rec.secret as string)
        const noToken = (await window.e2e.fetch(secretUrl)).status
        const token = await pb.files.getToken()
        const withToken = await window.e2e.fetch(pb.files.getURL(rec, rec.secret as string, { token }))
        const wrongType = await pb
          .collection('posts')
          .update(rec.id, { cover: new File(['x'], 'x.txt', { type: 'text/plain' }) })
          .then(
            () => undefined,
            (e: { status: number; response: { data: Record<string, { code: string }> } }) =>
              e.response.data.cover?.code,
          )
        const removed = await pb.collection('posts').update(rec.id, { 'cover-': rec.cover })
        const afterRemove = (await window.e2e.fetch(coverUrl)).status
        return {
          names: [/^cover_\w{10}\.png$/.test(rec.cover as string), /^secret_\w{10}\.txt$/.test(rec.secret as string)],
          original,
          thumb,
          thumbH,
          bytesOk,
          noToken,
          withToken: { status: withToken.status, text: await withToken.text() },
          wrongType,
          removed: removed.cover,
          afterRemove,
        }
      })
      assert.deepEqual(got, {
        names: [true, true],
        original: { status: 200, type: 'image/png', width: 64, height: 48 },
        thumb: { status: 200, type: 'image/png', width: 16, height: 16 },
        thumbH: { status: 200, type: 'image/png', width: 27, height: 20 },
        bytesOk: true,
        noToken: 404,
        withToken: { status: 200, text: 'top secret' },
        wrongType: 'validation_invalid_mime_type',
        removed: '',
        afterRemove: 404,
      })
    })

    it('realtime: a subscriber gets create, update and delete events', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async () => {
        const watcher = window.e2e.client('bob_auth')
        const writer = window.e2e.client('alice_auth')
        const unsubscribe = await watcher.collection('posts').subscribe('*', (e) => {
          window.e2e.pushEvent('posts', { action: e.action, title: e.record.title })
        })
        const rec = await writer.collection('posts').create({
          title: 'live 1',
          published: true,
          author: writer.authStore.record!.id,
        })
        await writer.collection('posts').update(rec.id, { title: 'live 1 (edited)' })
        // not visible to bob: no event for it
        await writer.collection('posts').create({ title: 'hidden', published: false, author: writer.authStore.record!.id })
        await writer.collection('posts').delete(rec.id)
        const events = await window.e2e.waitEvents('posts', 3)
        await new Promise((r) => setTimeout(r, 200))
        await unsubscribe()
        return { events, connected: watcher.realtime.isConnected }
      })
      assert.deepEqual(got, {
        events: [
          { action: 'create', title: 'live 1' },
          { action: 'update', title: 'live 1 (edited)' },
          { action: 'delete', title: 'live 1 (edited)' },
        ],
        connected: false,
      })
    })

    it('batch: several writes in one transaction, all or nothing', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async () => {
        const su = window.e2e.client('su_auth')
        await su.settings.update({ batch: { enabled: true, maxRequests: 50, timeout: 3, maxBodySize: 0 } })
        const pb = window.e2e.client('alice_auth')
        const me = pb.authStore.record!.id
        const ok = pb.createBatch()
        ok.collection('posts').create({ title: 'batch a', author: me })
        ok.collection('posts').create({ title: 'batch b', author: me })
        const res = await ok.send()
        const bad = pb.createBatch()
        bad.collection('posts').create({ title: 'batch c', author: me })
        bad.collection('posts').create({ title: '', author: me })
        const failed = await bad.send().then(
          () => 0,
          (e: { status: number }) => e.status,
        )
        const titles = (await pb.collection('posts').getFullList({ filter: 'title ~ "batch"', sort: 'title' })).map(
          (r) => r.title,
        )
        return { statuses: res.map((r) => r.status), failed, titles }
      })
      assert.deepEqual(got, { statuses: [200, 200], failed: 400, titles: ['batch a', 'batch b'] })
    })

    it('concurrent creates and reads all succeed', { timeout: STEP_TIMEOUT }, async () => {
      const got = await page().evaluate(async () => {
        const pb = window.e2e.client('alice_auth')
        const me = pb.authStore.record!.id
        const writes = Array.from({ length: 20 }, (_, i) =>
          pb.collection('posts').create({ title: `concurrent ${i}`, author: me }),
        )
        const reads = Array.from({ length: 10 }, () => pb.collection('posts').getList(1, 1))
        await Promise.all([...writes, ...reads])
        return (await pb.collection('posts').getList(1, 1, { filter: 'title ~ "concurrent"' })).totalItems
      })
      assert.equal(got, 20)
    })
  })
}
