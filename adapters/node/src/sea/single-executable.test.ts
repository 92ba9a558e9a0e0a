import assert from 'node:assert/strict'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'

const SCRIPT = resolve(import.meta.dirname, '..', '..', 'scripts', 'build-binary.mjs')
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'

function hasSeaFuse(): boolean {
  // note: a Node built without single executable support has no fuse to flip
  return readFileSync(process.execPath).includes(SEA_FUSE)
}

const HOOK = `
import type { App } from '@isobase/core'
import { badRequest } from '@isobase/core'

export default (app: App): void => {
  app.onServe().bindFunc(async (se) => {
    se.router.get('/hello/:name', (e) => e.json(200, { message: 'Hello ' + e.params.name }))
    await se.next()
  })
  app.router.get('/fail', () => {
    throw badRequest('From a TypeScript hook.')
  })
}
`

test('npm run build:binary: one executable serves the API, the admin UI and TypeScript pb_hooks with no node_modules', { skip: !hasSeaFuse() && 'this Node binary has no single executable fuse', timeout: 120_000 }, async () => {
  const build = mkdtempSync(join(tmpdir(), 'isobase-sea-build-'))
  const run = mkdtempSync(join(tmpdir(), 'isobase-sea-run-'))
  let proc: ChildProcess | undefined
  try {
    await promisify(execFile)(process.execPath, [SCRIPT, '--out', join(build, 'isobase')])
    // an empty directory: nothing but the executable and the app's pb_hooks
    copyFileSync(join(build, 'isobase'), join(run, 'isobase'))
    rmSync(build, { recursive: true, force: true })
    mkdirSync(join(run, 'pb_hooks'))
    writeFileSync(join(run, 'pb_hooks', 'main.pb.ts'), HOOK)

    proc = spawn('./isobase', ['serve', '--http', '127.0.0.1:0'], { cwd: run, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } })
    let stdout = ''
    let stderr = ''
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      proc!.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString()
        const m = /Server started at (http:\/\/\S+)/.exec(stdout)
        if (m) resolve(m[1]!)
      })
      proc!.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)))
    })

    const health = await fetch(`${url}/api/health`)
    assert.deepEqual(await health.json(), { message: 'API is healthy.', code: 200, data: {} })
    const admin = await fetch(`${url}/_/`)
    assert.equal(admin.status, 200)
    assert.match(admin.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(await admin.text(), /<html/i)
    assert.deepEqual(await (await fetch(`${url}/hello/sea`)).json(), { message: 'Hello sea' })
    const fail = await fetch(`${url}/fail`)
    assert.deepEqual(await fail.json(), { data: {}, message: 'From a TypeScript hook.', status: 400 })

    proc.kill('SIGTERM')
    const [code] = (await once(proc, 'exit')) as [number | null]
    assert.equal(code, 0, stderr)
    assert.doesNotMatch(stderr, /Warning/)
  } finally {
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL')
    }
    rmSync(build, { recursive: true, force: true })
    rmSync(run, { recursive: true, force: true })
  }
})
