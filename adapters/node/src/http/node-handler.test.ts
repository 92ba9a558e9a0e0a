import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { createApp, type App } from '@isobase/core'
import { startServer, type RunningServer } from '../server.js'
import { createMemorySqliteOpener } from '../sqlite/node-sqlite.js'
import { nodeTextResponse } from './text-response.js'

/** A raw HTTP exchange (so framing details such as Content-Length stay visible). */
function raw(
  url: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer[]; abortAfterFirstChunk?: boolean } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + path, { method, headers: options.headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }))
    })
    req.on('error', reject)
    if (Array.isArray(options.body)) {
      req.write(options.body[0])
      if (options.abortAfterFirstChunk) {
        setTimeout(() => {
          req.destroy()
          resolve({ status: 0, headers: {}, text: '' })
        }, 20)
        return
      }
      for (const chunk of options.body.slice(1)) req.write(chunk)
      req.end()
    } else {
      req.end(options.body)
    }
  })
}

describe('node request bridge', () => {
  let app: App
  let server: RunningServer
  before(async () => {
    app = createApp({ sqlite: createMemorySqliteOpener(), textResponse: nodeTextResponse })
    await app.bootstrap()
    app.router.post('/echo', async (e) => e.json(200, { body: (await e.body()).data, method: e.request.method }))
    app.router.get('/echo', (e) => e.json(200, { method: e.request.method }))
    app.router.get('/cookies', () => {
      const headers = new Headers()
      headers.append('set-cookie', 'a=1')
      headers.append('set-cookie', 'b=2')
      return new Response('ok', { headers })
    })
    server = await startServer(app, '127.0.0.1', 0)
  })
  after(async () => {
    await server.close()
    await app.close()
  })

  const cases: Array<{
    name: string
    method: string
    path: string
    headers?: Record<string, string>
    body?: string | Buffer[]
    status: number
    json?: unknown
    check?: (r: { headers: Record<string, string | string[] | undefined>; text: string }) => void
  }> = [
    {
      name: 'a JSON answer has a Content-Length and one body',
      method: 'GET',
      path: '/api/health',
      status: 200,
      check: (r) => assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.text)),
    },
    {
      name: 'a small JSON body is read up front',
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json' },
      body: '{"a":"é<"}',
      status: 200,
      json: { body: { a: 'é<' }, method: 'POST' },
    },
    {
      name: 'a chunked body streams in',
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: [Buffer.from('{"a":'), Buffer.from('[1,2]}')],
      status: 200,
      json: { body: { a: [1, 2] }, method: 'POST' },
    },
    {
      name: 'a GET body is ignored',
      method: 'GET',
      path: '/echo',
      headers: { 'content-type': 'application/json', 'content-length': '7' },
      body: '{"a":1}',
      status: 200,
      json: { method: 'GET' },
    },
    {
      name: 'HEAD answers headers only',
      method: 'HEAD',
      path: '/api/health',
      status: 200,
      check: (r) => assert.equal(r.text, ''),
    },
    {
      name: 'several Set-Cookie headers stay apart',
      method: 'GET',
      path: '/cookies',
      status: 200,
      check: (r) => assert.deepEqual(r.headers['set-cookie'], ['a=1', 'b=2']),
    },
    {
      name: 'an error envelope',
      method: 'GET',
      path: '/api/missing',
      status: 404,
      json: { data: {}, message: "The requested resource wasn't found.", status: 404 },
    },
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const r = await raw(server.url, c.method, c.path, { headers: c.headers, body: c.body })
      assert.equal(r.status, c.status)
      if (c.json !== undefined) assert.deepEqual(JSON.parse(r.text), c.json)
      c.check?.(r)
    })
  }

  test('a client that leaves mid-body does not disturb the next requests', async () => {
    await raw(server.url, 'POST', '/echo', {
      headers: { 'content-type': 'application/json', 'content-length': '100' },
      body: [Buffer.from('{"a":')],
      abortAfterFirstChunk: true,
    })
    const r = await raw(server.url, 'GET', '/api/health')
    assert.equal(r.status, 200)
  })
})
