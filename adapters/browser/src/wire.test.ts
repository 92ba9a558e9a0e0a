import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  fromWireRequest,
  fromWireResponse,
  toWireRequest,
  toWireResponse,
  wireTransferables,
} from './wire.js'

describe('wire requests', () => {
  const cases: { name: string; request: () => Request; body: string | null }[] = [
    { name: 'GET without body', request: () => new Request('http://x/api/health?a=1'), body: null },
    {
      name: 'POST with a JSON body',
      request: () =>
        new Request('http://x/api/collections', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'tok' },
          body: '{"name":"é"}',
        }),
      body: '{"name":"é"}',
    },
    {
      name: 'DELETE with an empty body',
      request: () => new Request('http://x/api/x/1', { method: 'DELETE', body: '' }),
      body: '',
    },
  ]
  for (const c of cases) {
    it(`${c.name} survives a round trip`, async () => {
      const original = c.request()
      const wire = await toWireRequest(original.clone())
      assert.equal(structuredClone(wire).url, original.url)
      const back = fromWireRequest(structuredClone(wire))
      assert.equal(back.url, original.url)
      assert.equal(back.method, original.method)
      assert.deepEqual([...back.headers], [...original.headers])
      assert.equal(back.body === null ? null : await back.text(), c.body)
    })
  }

  it('lists the body buffer as transferable', async () => {
    const wire = await toWireRequest(new Request('http://x/', { method: 'POST', body: 'abc' }))
    assert.deepEqual(wireTransferables(wire), [wire.body])
    assert.deepEqual(wireTransferables(await toWireRequest(new Request('http://x/'))), [])
  })
})

describe('wire responses', () => {
  it('keeps status, status text, headers and bytes', async () => {
    const bytes = new Uint8Array([0, 1, 2, 255])
    const res = new Response(bytes, {
      status: 201,
      statusText: 'Created',
      headers: { 'x-a': '1', 'content-type': 'application/octet-stream' },
    })
    const back = fromWireResponse(structuredClone(await toWireResponse(res)))
    assert.equal(back.status, 201)
    assert.equal(back.statusText, 'Created')
    assert.equal(back.headers.get('x-a'), '1')
    assert.deepEqual(new Uint8Array(await back.arrayBuffer()), bytes)
  })

  it('rebuilds a 204 without a body (the constructor would throw on one)', async () => {
    const wire = { status: 204, statusText: '', headers: [], body: new ArrayBuffer(0) }
    const back = fromWireResponse(wire)
    assert.equal(back.status, 204)
    assert.equal(back.body, null)
  })

  it('keeps a JSON error envelope byte for byte', async () => {
    const text = '{"data":{},"message":"Missing \\u003cid\\u003e.","status":404}\n'
    const wire = await toWireResponse(
      new Response(text, { status: 404, headers: { 'content-type': 'application/json' } }),
    )
    assert.equal(await fromWireResponse(wire).text(), text)
  })

  it('streams an event-stream body through a port instead of buffering it', async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const res = new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          controller = c
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    )
    // resolves while the stream is still open: nothing waits for the body to end
    const wire = await toWireResponse(res)
    assert.equal(wire.body, null)
    assert.ok(wire.stream)
    assert.deepEqual(wireTransferables(wire), [wire.stream])
    const reader = fromWireResponse(wire).body!.getReader()
    controller.enqueue(new TextEncoder().encode('data:1\n\n'))
    assert.equal(new TextDecoder().decode((await reader.read()).value), 'data:1\n\n')
    controller.close()
    assert.equal((await reader.read()).done, true)
  })
})
