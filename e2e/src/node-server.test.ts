/**
 * The smoke suite against Isobase on Node: the core over wa-sqlite files in a temp `pb_data`, behind
 * `node:http` + `@whatwg-node/server` on 127.0.0.1, reached with Node's own `fetch`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '@isobase/core'
import { createNodeSqliteOpener } from '@isobase/node'
import { createServerAdapter } from '@whatwg-node/server'
import type { Target } from './harness/target.js'
import { bindE2eRoutes } from './routes/e2e-routes.js'
import { defineSmokeSuite } from './smoke-suite.js'

// note: once adapters/node exports its server (startServer), this target should use it instead
async function startNodeTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-e2e-pb_data-'))
  const app = createApp({ sqlite: createNodeSqliteOpener(dir) })
  bindE2eRoutes(app)
  const server = createServer(createServerAdapter((request: Request) => app.fetch(request)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    fetch: (request) => fetch(request),
    async [Symbol.asyncDispose]() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

defineSmokeSuite('node server (wa-sqlite files)', startNodeTarget)
