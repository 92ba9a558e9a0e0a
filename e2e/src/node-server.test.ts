/**
 * The smoke suite against Isobase on Node: the core over wa-sqlite files in a temp `pb_data`, behind
 * the Node adapter's HTTP server on 127.0.0.1, reached with Node's own `fetch`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '@isobase/core'
import { createNodeSqliteOpener, startServer } from '@isobase/node'
import type { Target } from './harness/target.js'
import { bindE2eRoutes } from './routes/e2e-routes.js'
import { defineSmokeSuite } from './smoke-suite.js'

async function startNodeTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-e2e-pb_data-'))
  const app = createApp({ sqlite: createNodeSqliteOpener(dir) })
  bindE2eRoutes(app)
  const server = await startServer(app, '127.0.0.1', 0)
  return {
    url: server.url,
    fetch: (request) => fetch(request),
    async [Symbol.asyncDispose]() {
      await server.close(0)
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

defineSmokeSuite('node server (wa-sqlite files)', startNodeTarget)
