import assert from 'node:assert/strict'
import { test } from 'node:test'
import { goJson } from './go-json.js'

const cases: { name: string; value: unknown; json: string }[] = [
  { name: 'html characters are escaped like Go', value: { logo: '<svg a="b&c">' }, json: '{"logo":"\\u003csvg a=\\"b\\u0026c\\"\\u003e"}\n' },
  { name: 'line separators are escaped', value: ['\u2028\u2029'], json: '["\\u2028\\u2029"]\n' },
  { name: 'undefined becomes null', value: undefined, json: 'null\n' },
  { name: 'plain values are untouched', value: { a: 1, b: [true, null] }, json: '{"a":1,"b":[true,null]}\n' },
]

for (const c of cases) {
  test(c.name, () => {
    assert.equal(goJson(c.value), c.json)
  })
}
