import assert from 'node:assert/strict'
import { test } from 'node:test'
import { compactJson, isValidJson, normalizeBody } from './json-compact.js'

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array | undefined) =>
  b === undefined ? undefined : new TextDecoder().decode(b)

test('compactJson matches Go json.Compact', async (t) => {
  const cases: Array<{ name: string; input: string; want: string | undefined }> = [
    { name: 'encoder trailing newline', input: '{"a":1}\n', want: '{"a":1}' },
    {
      name: 'indented object',
      input: '{\n  "a": [1, 2],\r\n\t"b": {}\n}',
      want: '{"a":[1,2],"b":{}}',
    },
    { name: 'spaces inside strings kept', input: '{"a b": " x  y "}', want: '{"a b":" x  y "}' },
    {
      name: 'Go html escapes untouched',
      input: '{"logo": "\\u003csvg \\u0026"}',
      want: '{"logo":"\\u003csvg \\u0026"}',
    },
    {
      name: 'escaped quote does not end string',
      input: '["a\\" ,  b", 1]',
      want: '["a\\" ,  b",1]',
    },
    { name: 'escaped backslash before quote', input: '["a\\\\" , 1]', want: '["a\\\\",1]' },
    { name: 'solidus escape untouched', input: '"a\\/b"', want: '"a\\/b"' },
    {
      name: 'number forms untouched',
      input: '[1.50, -0, 1E+2, 2e-3]',
      want: '[1.50,-0,1E+2,2e-3]',
    },
    { name: 'top-level scalar', input: '  true  ', want: 'true' },
    { name: 'non-ASCII bytes kept', input: '{"t": "ü €"}', want: '{"t":"ü €"}' },
    { name: 'empty body is not JSON', input: '', want: undefined },
    { name: 'plain text', input: 'test', want: undefined },
    { name: 'two values', input: '{} {}', want: undefined },
    { name: 'trailing comma', input: '[1,]', want: undefined },
    { name: 'leading zero', input: '01', want: undefined },
    { name: 'bare minus', input: '-', want: undefined },
    { name: 'dot without digits', input: '1.', want: undefined },
    { name: 'raw newline in string', input: '"a\nb"', want: undefined },
    { name: 'bad escape', input: '"\\x"', want: undefined },
    { name: 'short unicode escape', input: '"\\u12"', want: undefined },
    { name: 'single quotes', input: "{'a':1}", want: undefined },
    { name: 'BOM', input: '\ufeff{}', want: undefined },
    { name: 'unclosed object', input: '{"a":1', want: undefined },
    { name: 'NaN', input: 'NaN', want: undefined },
  ]
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.equal(dec(compactJson(enc(c.input))), c.want)
      assert.equal(isValidJson(enc(c.input)), c.want !== undefined)
    })
  }
})

test('normalizeBody falls back to the raw bytes', () => {
  assert.equal(dec(normalizeBody(enc('<html> x </html>'))), '<html> x </html>')
  assert.equal(dec(normalizeBody(enc('{ "a" : 1 }\n'))), '{"a":1}')
})

test('compactJson keeps invalid UTF-8 bytes inside strings, as Go does', () => {
  const input = new Uint8Array([0x22, 0xff, 0x20, 0x22, 0x0a])
  assert.deepEqual(compactJson(input), new Uint8Array([0x22, 0xff, 0x20, 0x22]))
})
