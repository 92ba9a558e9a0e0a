#!/usr/bin/env node
// Web API object costs on this Node (the reasons behind the Node server's request bridge): building a
// Request / Response the ways a server can, and an HMAC-SHA256 through WebCrypto vs node:crypto. µs per
// operation (second of two passes, so after JIT warm-up).
//
//   node bench/run.mjs webapi [--n 20000]
import { createHmac } from 'node:crypto'
import { Readable } from 'node:stream'
import { parseArgs } from 'node:util'
import { TextResponse } from '../adapters/node/dist/http/text-response.js'

const { values: opts } = parseArgs({ options: { n: { type: 'string', default: '20000' } } })
const N = Number(opts.n)
const url = 'http://127.0.0.1:8090/api/collections/posts/records/abc?x=1'
const headers = { host: '127.0.0.1:8090', authorization: 'x'.repeat(200), 'content-type': 'application/json' }
const json = JSON.stringify({ title: 'x'.repeat(550) })
const body = Buffer.from(json)
const enc = new TextEncoder()
const key = await crypto.subtle.importKey('raw', enc.encode('k'.repeat(80)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
const data = enc.encode('h'.repeat(300))

const cases = [
  ['Response(string body)', () => new Response(json, { status: 200, headers: { 'content-type': 'application/json' } })],
  ['Response(string body) + text()', () => new Response(json, { status: 200 }).text()],
  ['TextResponse (Node platform textResponse)', () => new TextResponse(json, { status: 200, headers: { 'content-type': 'application/json' } })],
  ['Response re-wrap (new Response(res.body, res))', () => { const r = new Response(json); return new Response(r.body, { status: r.status, headers: r.headers }) }],
  ['Request, no body, no signal', () => new Request(url, { method: 'GET', headers })],
  ['Request, no body, abort signal', () => new Request(url, { method: 'GET', headers, signal: new AbortController().signal })],
  ['Request, Readable.toWeb body + signal, read', () => new Request(url, { method: 'POST', headers, body: Readable.toWeb(Readable.from([body])), duplex: 'half', signal: new AbortController().signal }).arrayBuffer()],
  ['Request, bytes body, read', () => new Request(url, { method: 'POST', headers, body }).arrayBuffer()],
  ['HMAC-SHA256 WebCrypto sign (awaited)', () => crypto.subtle.sign('HMAC', key, data)],
  ['HMAC-SHA256 node:crypto', () => createHmac('sha256', 'k'.repeat(80)).update(data).digest()],
]
console.log(`web API object costs on Node ${process.version}, µs/op (n=${N})`)
for (const [name, fn] of cases) {
  let us = 0
  for (let pass = 0; pass < 2; pass++) {
    const t = performance.now()
    for (let i = 0; i < N; i++) {
      const r = fn()
      if (r instanceof Promise) await r
    }
    us = ((performance.now() - t) / N) * 1000
  }
  console.log(`  ${name.padEnd(48)} ${us.toFixed(1).padStart(7)}`)
}
