import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { newCollection, newField, saveCollection, triggerServe, type App } from '@isobase/core'
import { openNodeApp, type NodeApp } from '../node-app.js'

function write(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, name), text)
}

async function json(app: App, path: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await app.request(path, init)
  return { status: res.status, body: await res.json() }
}

function postJson(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

const MAIN_TS = `
import type { App } from '@isobase/core'
import { badRequest } from '@isobase/core'
import { shout } from './lib/shout.js'

enum Limits { Title = 10 }

export default (app: App): void => {
  app.onBootstrap().bindFunc(async (e) => {
    await e.next()
    ;(globalThis as any).__hooksBootstraps = ((globalThis as any).__hooksBootstraps ?? 0) + 1
  })
  app.onServe().bindFunc(async (se) => {
    se.router.get('/hello/:name', (e) => e.json(200, { message: shout('hello ' + e.params.name) }))
    await se.next()
  })
  app.onRecordCreateRequest('posts').bindFunc(async (e) => {
    if (e.record.getString('title').length > Limits.Title) {
      throw badRequest('Title too long.', { title: { code: 'too_long', message: 'Too long.' } })
    }
    await e.next()
  })
}
`

const SECOND_JS = `
export default function (app) {
  app.router.get('/version', (e) => e.json(200, { version: 1 }))
  app.onRecordCreate('posts').bindFunc(async (e) => {
    e.record.set('title', e.record.getString('title') + '!')
    await e.next()
  })
}
`

describe('pb_hooks loader', () => {
  let root = ''
  let hooksDir = ''
  let node: NodeApp

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'isobase-hooks-'))
    hooksDir = join(root, 'pb_hooks')
    mkdirSync(join(hooksDir, 'lib'), { recursive: true })
    write(hooksDir, 'main.pb.ts', MAIN_TS)
    write(hooksDir, 'second.pb.js', SECOND_JS)
    write(hooksDir, 'lib/shout.ts', `export const shout = (s: string): string => s.toUpperCase()\n`)
    write(hooksDir, 'not-a-hook.ts', `throw new Error('must not load')\n`)
    ;(globalThis as any).__hooksBootstraps = 0
    node = await openNodeApp({ dir: join(root, 'pb_data'), hooksDir })
    const posts = newCollection('base', 'posts')
    posts.listRule = ''
    posts.createRule = ''
    posts.fields.push(newField('text', 'title'))
    await saveCollection(node.app, posts)
    await triggerServe(node.app, 'test', () => {})
  })
  after(async () => {
    await node?.close()
    rmSync(root, { recursive: true, force: true })
  })

  test('loads *.pb.ts and *.pb.js in name order, with local TypeScript imports and the host core', async () => {
    assert.deepEqual(node.hooks?.files, ['main.pb.ts', 'second.pb.js'])
    assert.equal((globalThis as any).__hooksBootstraps, 1)
    assert.deepEqual(await json(node.app, '/hello/bob'), { status: 200, body: { message: 'HELLO BOB' } })
    assert.deepEqual(await json(node.app, '/version'), { status: 200, body: { version: 1 } })

    // an ApiError made by the hooks file's `badRequest` is the host's class: it keeps its status and data
    const tooLong = await json(node.app, '/api/collections/posts/records', postJson({ title: 'much too long' }))
    assert.deepEqual(tooLong, {
      status: 400,
      body: { data: { title: { code: 'too_long', message: 'Too long.' } }, message: 'Title too long.', status: 400 },
    })
    const ok = await json(node.app, '/api/collections/posts/records', postJson({ title: 'short' }))
    assert.equal(ok.status, 200)
    assert.equal(ok.body.title, 'short!')
  })

  test('reload: the previous handlers and routes are gone, the new ones answer', async () => {
    write(hooksDir, 'second.pb.js', SECOND_JS.replace('version: 1', 'version: 2').replace(" + '!'", " + '?'"))
    write(hooksDir, 'main.pb.ts', MAIN_TS.replace('hello ', 'hi '))
    await node.hooks!.reload()
    assert.equal(node.hooks!.generation, 2)
    assert.equal((globalThis as any).__hooksBootstraps, 2)
    assert.deepEqual(await json(node.app, '/version'), { status: 200, body: { version: 2 } })
    assert.deepEqual(await json(node.app, '/hello/bob'), { status: 200, body: { message: 'HI BOB' } })
    const created = await json(node.app, '/api/collections/posts/records', postJson({ title: 'again' }))
    assert.equal(created.body.title, 'again?')

    // a file removed from the directory takes its hooks and routes with it
    rmSync(join(hooksDir, 'second.pb.js'))
    await node.hooks!.reload()
    assert.deepEqual(node.hooks!.files, ['main.pb.ts'])
    assert.equal((await json(node.app, '/version')).status, 404)
    assert.equal((await json(node.app, '/api/collections/posts/records', postJson({ title: 'plain' }))).body.title, 'plain')
  })

  test('a failing reload names the file and keeps the previous generation', async () => {
    write(hooksDir, 'broken.pb.ts', `export default (app: any) => { app.onServe().bindFunc((e: any) => e.next()); throw new Error('oops') }\n`)
    await assert.rejects(node.hooks!.reload(), /broken\.pb\.ts: oops/)
    write(hooksDir, 'broken.pb.ts', `export default (app: any => {}\n`)
    await assert.rejects(node.hooks!.reload(), /failed to load .*broken\.pb\.ts/)
    write(hooksDir, 'broken.pb.ts', `export const notDefault = 1\n`)
    await assert.rejects(node.hooks!.reload(), /broken\.pb\.ts: the default export must be a function/)
    rmSync(join(hooksDir, 'broken.pb.ts'))
    assert.deepEqual(await json(node.app, '/hello/bob'), { status: 200, body: { message: 'HI BOB' } })
  })

  test('watch: a saved file reloads the hooks', async () => {
    const reloaded = new Promise<unknown>((resolve) => node.hooks!.watch(resolve))
    write(hooksDir, 'main.pb.ts', MAIN_TS.replace('hello ', 'hey '))
    assert.equal(await reloaded, undefined)
    assert.deepEqual(await json(node.app, '/hello/bob'), { status: 200, body: { message: 'HEY BOB' } })
    node.hooks!.close()
  })
})

test('a hooks file that throws while loading fails openNodeApp with the file name and releases pb_data', async () => {
  const root = mkdtempSync(join(tmpdir(), 'isobase-hooks-bad-'))
  try {
    const hooksDir = join(root, 'pb_hooks')
    mkdirSync(hooksDir)
    write(hooksDir, 'bad.pb.js', `module.exports = () => { throw new Error('nope') }\n`)
    await assert.rejects(openNodeApp({ dir: join(root, 'pb_data'), hooksDir }), /bad\.pb\.js: nope/)
    rmSync(join(hooksDir, 'bad.pb.js'))
    const node = await openNodeApp({ dir: join(root, 'pb_data'), hooksDir })
    await node.close()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})
