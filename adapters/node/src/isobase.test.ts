import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { Isobase, preParseFlags } from './isobase.js'

test('global flags are read before the command line is parsed, as PocketBase does', () => {
  const cases: [string[], ReturnType<typeof preParseFlags>][] = [
    [[], {}],
    [['serve', '--dir', 'x'], { dir: 'x' }],
    [['--dir=y', 'serve', '--dev'], { dir: 'y', dev: true }],
    [['--dev=false', '--hooksWatch=true', '--hooksDir', 'h'], { dev: false, hooksWatch: true, hooksDir: 'h' }],
    [['serve', '--', '--dir', 'ignored'], {}],
    [['--queryTimeout', '5', 'serve'], { queryTimeout: 5 }],
    [['serve', '--queryTimeout=0'], { queryTimeout: 0 }],
    [['--queryTimeout', 'x'], {}],
  ]
  for (const [args, expected] of cases) {
    assert.deepEqual(preParseFlags(args), expected, args.join(' '))
  }
})

test('--queryTimeout (seconds) reaches the SQLite driver: a longer read is interrupted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-query-timeout-'))
  const app = new Isobase({ dir, argv: ['node', 'isobase', '--queryTimeout', '1'] })
  try {
    await app.bootstrap()
    // note: 10^10 recursive rows, hours of work unless the 1 s timeout interrupts it
    const endless =
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c'
    await assert.rejects(app.db().get(endless), /1000 ms query timeout/)
  } finally {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

// The README's framework example (as plain JS), plus a collection made in onBootstrap.
const PROGRAM = (nodeEntry: string, coreEntry: string) => `
import { Isobase } from ${JSON.stringify(nodeEntry)}
import { badRequest, newCollection, newField, saveCollection } from ${JSON.stringify(coreEntry)}

const app = new Isobase()

app.onBootstrap().bindFunc(async (e) => {
  await e.next()
  if (!e.app.findCachedCollection('posts')) {
    const posts = newCollection('base', 'posts')
    posts.createRule = ''
    posts.fields.push(newField('text', 'title'))
    await saveCollection(e.app, posts)
  }
})

app.onServe().bindFunc((se) => {
  se.router.get('/hello/:name', (e) => e.json(200, { message: 'Hello ' + e.params.name }))
  return se.next()
})

app.onRecordCreateRequest('posts').bindFunc(async (e) => {
  if (e.record.getString('title').includes('spam')) {
    throw badRequest('No spam, please.')
  }
  await e.next()
})

await app.start()
`

test('a program imports Isobase, binds a route and a record hook, and runs `serve` from its own entry', async () => {
  const root = mkdtempSync(join(tmpdir(), 'isobase-framework-'))
  const child = { proc: undefined as ReturnType<typeof spawn> | undefined }
  try {
    const nodeEntry = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'index.js')).href
    const coreEntry = import.meta.resolve('@isobase/core')
    writeFileSync(join(root, 'main.mjs'), PROGRAM(nodeEntry, coreEntry))
    mkdirSync(join(root, 'pb_hooks'))
    writeFileSync(join(root, 'pb_hooks', 'extra.pb.js'), `export default (app) => app.router.get('/from-hooks', (e) => e.json(200, { ok: true }))\n`)

    const proc = spawn(process.execPath, ['main.mjs', 'serve', '--http', '127.0.0.1:0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    child.proc = proc
    let stdout = ''
    let stderr = ''
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout.on('data', (d: Buffer) => {
        stdout += d.toString()
        const m = /Server started at (http:\/\/\S+)/.exec(stdout)
        if (m) resolve(m[1]!)
      })
      proc.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)))
    })

    const hello = await fetch(`${url}/hello/world`)
    assert.deepEqual(await hello.json(), { message: 'Hello world' })
    assert.deepEqual(await (await fetch(`${url}/from-hooks`)).json(), { ok: true })

    const post = (title: string) =>
      fetch(`${url}/api/collections/posts/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      })
    const spam = await post('buy spam')
    assert.equal(spam.status, 400)
    assert.deepEqual(await spam.json(), { data: {}, message: 'No spam, please.', status: 400 })
    const fine = await post('fine')
    assert.equal(fine.status, 200)
    assert.equal(((await fine.json()) as { title: string }).title, 'fine')

    proc.kill('SIGTERM')
    const [code] = (await once(proc, 'exit')) as [number | null]
    assert.equal(code, 0, stderr)
  } finally {
    if (child.proc && child.proc.exitCode === null) {
      child.proc.kill('SIGKILL')
    }
    rmSync(root, { recursive: true, force: true })
  }
})
