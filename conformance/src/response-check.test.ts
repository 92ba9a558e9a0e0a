import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkResponse, type Expectations } from './response-check.js'

const enc = (s: string) => new TextEncoder().encode(s)

test('checkResponse applies the Go runner checks', async (t) => {
  const cases: Array<{
    name: string
    exp: Expectations
    status: number
    body: string
    ok: boolean
  }> = [
    {
      name: 'status mismatch fails',
      exp: { expectedStatus: 200, expectedContent: ['x'], notExpectedContent: [] },
      status: 404,
      body: 'x',
      ok: false,
    },
    {
      name: 'no content expectations need an empty body',
      exp: { expectedStatus: 204, expectedContent: [], notExpectedContent: [] },
      status: 204,
      body: '',
      ok: true,
    },
    {
      name: 'a newline alone is not an empty body',
      exp: { expectedStatus: 200, expectedContent: [], notExpectedContent: [] },
      status: 200,
      body: '\n',
      ok: false,
    },
    {
      name: 'expected content is matched on the compacted JSON',
      exp: {
        expectedStatus: 200,
        expectedContent: ['"data":{}', '"a":[1,2]'],
        notExpectedContent: [],
      },
      status: 200,
      body: '{\n  "data": {},\n  "a": [1, 2]\n}\n',
      ok: true,
    },
    {
      name: 'escapes are compared as sent, not decoded',
      exp: { expectedStatus: 200, expectedContent: ['"logo":"\\u003csvg'], notExpectedContent: [] },
      status: 200,
      body: '{"logo":"<svg"}',
      ok: false,
    },
    {
      name: 'Go-escaped body matches',
      exp: { expectedStatus: 200, expectedContent: ['"logo":"\\u003csvg'], notExpectedContent: [] },
      status: 200,
      body: '{"logo": "\\u003csvg x"}',
      ok: true,
    },
    {
      name: 'not-expected content fails',
      exp: { expectedStatus: 200, expectedContent: [], notExpectedContent: ['secret'] },
      status: 200,
      body: '{"a":"secret"}',
      ok: false,
    },
    {
      name: 'only not-expected content, absent: passes on a non-empty body',
      exp: { expectedStatus: 200, expectedContent: [], notExpectedContent: ['secret'] },
      status: 200,
      body: '{"a":1}',
      ok: true,
    },
    {
      name: 'non-JSON bodies are searched raw (whitespace kept)',
      exp: { expectedStatus: 200, expectedContent: ['a  b'], notExpectedContent: [] },
      status: 200,
      body: 'a  b',
      ok: true,
    },
    {
      name: 'a missing expected string fails',
      exp: { expectedStatus: 200, expectedContent: ['"x":1', '"y":2'], notExpectedContent: [] },
      status: 200,
      body: '{"x":1}',
      ok: false,
    },
  ]
  for (const c of cases) {
    await t.test(c.name, () => {
      const failures = checkResponse(c.exp, c.status, enc(c.body))
      assert.equal(failures.length === 0, c.ok, failures.join('; '))
    })
  }
})
