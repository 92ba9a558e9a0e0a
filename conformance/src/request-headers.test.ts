import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildRequestHeaders, canonicalHeaderName } from './request-headers.js'

test('buildRequestHeaders follows httptest.NewRequest + Header.Set', async (t) => {
  const cases: Array<{
    name: string
    method: string
    headers: Record<string, string> | null
    bodyLength: number
    want: Array<[string, string]>
  }> = [
    {
      name: 'GET without headers: Host and default Content-Type only',
      method: 'GET',
      headers: {},
      bodyLength: 0,
      want: [
        ['Host', 'example.com'],
        ['Content-Type', 'application/json'],
      ],
    },
    {
      name: 'null headers behave like none',
      method: 'DELETE',
      headers: null,
      bodyLength: 0,
      want: [
        ['Host', 'example.com'],
        ['Content-Type', 'application/json'],
      ],
    },
    {
      name: 'lower-case content-type replaces the default',
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      bodyLength: 12,
      want: [
        ['Host', 'example.com'],
        ['Content-Type', 'multipart/form-data; boundary=x'],
        ['Content-Length', '12'],
      ],
    },
    {
      name: 'scenario headers are added after the defaults',
      method: 'PATCH',
      headers: { Authorization: 'tok', 'x-test-ip': '127.0.0.1' },
      bodyLength: 3,
      want: [
        ['Host', 'example.com'],
        ['Content-Type', 'application/json'],
        ['Authorization', 'tok'],
        ['X-Test-Ip', '127.0.0.1'],
        ['Content-Length', '3'],
      ],
    },
    {
      name: 'empty POST gets Content-Length 0 (never chunked)',
      method: 'POST',
      headers: {},
      bodyLength: 0,
      want: [
        ['Host', 'example.com'],
        ['Content-Type', 'application/json'],
        ['Content-Length', '0'],
      ],
    },
    {
      name: 'HEAD gets no Content-Length',
      method: 'HEAD',
      headers: {},
      bodyLength: 0,
      want: [
        ['Host', 'example.com'],
        ['Content-Type', 'application/json'],
      ],
    },
  ]
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.deepEqual(buildRequestHeaders(c.method, c.headers, c.bodyLength), c.want)
    })
  }
})

test('canonicalHeaderName matches Go CanonicalMIMEHeaderKey', () => {
  assert.equal(canonicalHeaderName('content-type'), 'Content-Type')
  assert.equal(canonicalHeaderName('AUTHORIZATION'), 'Authorization')
  assert.equal(canonicalHeaderName('x-test-ip'), 'X-Test-Ip')
  assert.equal(canonicalHeaderName('bad header'), 'bad header')
})
