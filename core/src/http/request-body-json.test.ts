import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ApiError } from './api-error.js'
import { parseRequestBody } from './request-body.js'

const post = (body: string, contentType: string) =>
  new Request('http://x/', { method: 'POST', headers: { 'content-type': contentType }, body })

/** A multipart request (fetch sets the boundary): form values, then `@jsonPayload` parts. */
const multipart = (...payloads: string[]) => {
  const f = new FormData()
  f.append('title', 'x')
  for (const p of payloads) {
    f.append('@jsonPayload', p)
  }
  return new Request('http://x/', { method: 'POST', body: f })
}

/** JSON bodies as PocketBase's `BindBody` reads them (settled on the reference binary's answers). */
const CASES: { name: string; request: () => Request; data?: Record<string, unknown> }[] = [
  { name: 'a leading BOM is invalid JSON (Go keeps it)', request: () => post('\ufeff{"a":1}', 'application/json') },
  { name: 'a number beyond float64', request: () => post('{"a":1e400}', 'application/json') },
  { name: 'a negative number beyond float64, nested', request: () => post('{"a":{"b":[-1E+400]}}', 'application/json') },
  { name: 'the largest float64 is fine', request: () => post('{"a":1e308}', 'application/json'), data: { a: 1e308 } },
  { name: 'a huge number inside a string is text', request: () => post('{"a":"1e400"}', 'application/json'), data: { a: '1e400' } },
  { name: 'an underflow is zero, as in Go', request: () => post('{"a":1e-400}', 'application/json'), data: { a: 0 } },
  {
    name: 'after the first object the rest is ignored (json.Decoder)',
    request: () => post('{"a":"}{","b":[1]}garbage {', 'application/json'),
    data: { a: '}{', b: [1] },
  },
  { name: 'an unfinished object', request: () => post('{"a":1', 'application/json') },
  { name: 'an array body', request: () => post('[1]', 'application/json') },
  { name: '@jsonPayload with trailing data is invalid (json.Unmarshal)', request: () => multipart('{"a":1}x') },
  { name: '@jsonPayload with a number beyond float64', request: () => multipart('{"a":1e400}') },
  { name: '@jsonPayload object', request: () => multipart('{"a":2}'), data: { title: 'x', a: 2 } },
  { name: '@jsonPayload null drops the form values (Go sets the map to nil)', request: () => multipart('null'), data: {} },
  { name: '@jsonPayload null, then an object', request: () => multipart('null', '{"n":2}'), data: { n: 2 } },
  { name: '@jsonPayload array', request: () => multipart('[1]') },
]

for (const c of CASES) {
  test(`json body: ${c.name}`, async () => {
    const request = c.request()
    if (c.data) {
      assert.deepEqual((await parseRequestBody(request)).data, c.data)
    } else {
      await assert.rejects(parseRequestBody(request), (err) => err instanceof ApiError && err.status === 400)
    }
  })
}
