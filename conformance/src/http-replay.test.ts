import assert from 'node:assert/strict'
import { createServer, type Socket } from 'node:net'
import { test } from 'node:test'
import { sendRawRequest } from './http-replay.js'
import { buildRequestHeaders } from './request-headers.js'

/** A TCP server that records the raw request bytes and answers with a fixed response. */
async function captureServer(response: string) {
  const seen: string[] = []
  const sockets = new Set<Socket>()
  const srv = createServer((sock) => {
    sockets.add(sock)
    let buf = ''
    sock.on('data', (d) => {
      buf += d.toString('latin1')
      const end = buf.indexOf('\r\n\r\n')
      if (end === -1) return
      const len = Number(/content-length: (\d+)/i.exec(buf)?.[1] ?? 0)
      if (buf.length >= end + 4 + len) {
        seen.push(buf)
        sock.end(response)
      }
    })
  })
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const addr = srv.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      srv.close(() => resolve())
    })
  return { port, seen, close }
}

test('sendRawRequest puts exactly the scenario request on the wire', async () => {
  const srv = await captureServer('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n{ }')
  try {
    const body = new TextEncoder().encode('{"é":1}')
    const res = await sendRawRequest(
      {
        method: 'POST',
        target: "/api/x?filter=a~'b'&sort=-c",
        headers: buildRequestHeaders('POST', { Authorization: 'tok' }, body.length),
        body,
      },
      { host: '127.0.0.1', port: srv.port },
    )
    assert.equal(res.status, 200)
    assert.equal(res.body.toString(), '{ }')
    assert.equal(
      srv.seen[0],
      "POST /api/x?filter=a~'b'&sort=-c HTTP/1.1\r\n" +
        'Host: example.com\r\n' +
        'Content-Type: application/json\r\n' +
        'Authorization: tok\r\n' +
        'Content-Length: 8\r\n' +
        'Connection: close\r\n' +
        '\r\n' +
        Buffer.from(body).toString('latin1'),
    )
  } finally {
    await srv.close()
  }
})

test('sendRawRequest returns an empty body for HEAD', async () => {
  const srv = await captureServer('HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\n')
  try {
    const res = await sendRawRequest(
      { method: 'HEAD', target: '/f', headers: buildRequestHeaders('HEAD', {}, 0), body: null },
      { host: '127.0.0.1', port: srv.port },
    )
    assert.equal(res.status, 404)
    assert.equal(res.body.length, 0)
    assert.match(
      srv.seen[0]!,
      /^HEAD \/f HTTP\/1\.1\r\nHost: example\.com\r\nContent-Type: application\/json\r\nConnection: close\r\n\r\n$/,
    )
  } finally {
    await srv.close()
  }
})

test('sendRawRequest still reads an early answer when the server resets mid-upload', async () => {
  const srv = createServer((sock) => {
    let buf = ''
    sock.on('data', (d) => {
      if (buf.includes('\r\n\r\n')) return
      buf += d.toString('latin1')
      if (!buf.includes('\r\n\r\n')) return
      sock.write('HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 4\r\n\r\nbig!', () => {
        // close with unread data: the kernel answers further client writes with RST
        setTimeout(() => sock.resetAndDestroy(), 5)
      })
    })
  })
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const addr = srv.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  try {
    for (let i = 0; i < 5; i++) {
      const body = new Uint8Array(8 << 20)
      const res = await sendRawRequest(
        {
          method: 'POST',
          target: '/x',
          headers: buildRequestHeaders('POST', {}, body.length),
          body,
        },
        { host: '127.0.0.1', port },
      )
      assert.equal(res.status, 413)
      assert.equal(res.body.toString(), 'big!')
    }
  } finally {
    await new Promise<void>((resolve) => srv.close(() => resolve()))
  }
})

test('abortAfterMs keeps what a streaming response sent, counted from its head', async () => {
  const srv = createServer((sock) => {
    sock.once('data', () => {
      // the head comes late (a slow start must not eat the budget), then one event, then nothing
      setTimeout(() => {
        sock.write(
          'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n',
        )
        setTimeout(() => sock.write('10\r\nevent:PB_CONNECT\r\n'), 20)
      }, 150)
    })
    sock.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const addr = srv.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  try {
    const res = await sendRawRequest(
      { method: 'GET', target: '/sse', headers: buildRequestHeaders('GET', {}, 0), body: null },
      { host: '127.0.0.1', port, abortAfterMs: 100 },
    )
    assert.equal(res.status, 200)
    assert.equal(res.aborted, true)
    assert.equal(res.body.toString(), 'event:PB_CONNECT')
  } finally {
    await new Promise<void>((resolve) => srv.close(() => resolve()))
  }
})
