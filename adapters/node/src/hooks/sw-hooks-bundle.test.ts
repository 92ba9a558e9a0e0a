import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { createMemorySqliteOpener } from '../sqlite/node-sqlite.js'

// the Service Worker adapter's bundler plugin (a build script, so it is loaded by path)
const SW_DIR = resolve(import.meta.dirname, '..', '..', '..', 'service-worker')

const HOOKS = `
import type { App } from '@isobase/core'
import { badRequest } from '@isobase/core'
import { label } from './lib/label.js'

export default (app: App): void => {
  app.onServe().bindFunc(async (se) => {
    se.router.get('/hello/:name', (e) => e.json(200, { message: label(e.params.name!), adapter: se.adapter }))
    await se.next()
  })
  app.router.get('/fail', () => {
    throw badRequest('From the bundled hooks.')
  })
}
`

test('the service worker bundle (--hooks <dir>) runs the same pb_hooks files as the Node loader', async () => {
  const hooksDir = mkdtempSync(join(tmpdir(), 'isobase-sw-hooks-'))
  const out = join(import.meta.dirname, `sw-hooks-bundle-${process.pid}.tmp.mjs`)
  try {
    mkdirSync(join(hooksDir, 'lib'))
    writeFileSync(join(hooksDir, 'main.pb.ts'), HOOKS)
    writeFileSync(join(hooksDir, 'lib', 'label.ts'), `export const label = (n: string): string => 'Hello ' + n\n`)
    writeFileSync(join(hooksDir, 'notes.md'), 'not a hooks file')

    const plugin = (await import(pathToFileURL(join(SW_DIR, 'scripts', 'pb-hooks-plugin.mjs')).href)) as {
      pbHooksPlugins(dir: string): NonNullable<Parameters<typeof build>[0]['plugins']>
    }
    // one bundle with one copy of core, as in isobase-sw.js (whose install step calls registerPbHooks)
    await build({
      stdin: {
        contents: `export { createApp, triggerServe } from '@isobase/core'\nexport { registerPbHooks } from './pb-hooks.js'\n`,
        resolveDir: join(SW_DIR, 'src'),
        sourcefile: join(SW_DIR, 'src', 'test-entry.ts'),
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: out,
      logLevel: 'error',
      plugins: plugin.pbHooksPlugins(hooksDir),
    })
    const bundled = (await import(pathToFileURL(out).href)) as typeof import('@isobase/core') & {
      registerPbHooks(app: import('@isobase/core').App): Promise<void>
    }
    const app = bundled.createApp({ sqlite: createMemorySqliteOpener() })
    try {
      await bundled.registerPbHooks(app)
      await bundled.triggerServe(app, 'service-worker', () => {})
      const hello = await app.request('/hello/worker')
      assert.deepEqual(await hello.json(), { message: 'Hello worker', adapter: 'service-worker' })
      const fail = await app.request('/fail')
      assert.deepEqual(await fail.json(), { data: {}, message: 'From the bundled hooks.', status: 400 })
    } finally {
      await app.close()
    }
  } finally {
    rmSync(hooksDir, { recursive: true, force: true })
    rmSync(out, { force: true })
  }
})
