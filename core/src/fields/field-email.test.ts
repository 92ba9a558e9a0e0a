import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isEmail } from './field-email.js'

/**
 * PocketBase's `is.EmailFormat` is govalidator's `IsEmail` regex. Expected values were produced by that
 * Go regex (govalidator a9d515a, as pinned by PocketBase v0.39.11), including its odd quoted local
 * part (`"a"b"` passes, `"ab"` does not); the reference binary answered the same for the record API.
 */
const CASES: [string, boolean][] = [
  ['a@b', false],
  ['a@b.co', true],
  ['a@b.c', true],
  ['.a@b.co', false],
  ['a.@b.co', false],
  ['a..b@c.do', false],
  ['a@-b.co', false],
  ['a@b-.co', false],
  ['a@b..co', false],
  ['a@b.co.', true],
  ['a@b.co..', false],
  ['a@b.c1', false],
  ['a@1.co', true],
  ['a_b@c_d.co', true],
  ['a@b~.co', false],
  ['a@b.c~o', true],
  ['ü@ö.de', true],
  ['🚀@b.co', false],
  ['A@B.CO', true],
  ['a+b@c.co', true],
  ['a@localhost', false],
  [' a@b.co', false],
  ['a@[1.2.3.4]', false],
  ['"a"@c.co', true],
  ['"ab"@c.co', false],
  ['"a"b"@c.co', true],
  ['" a"@c.co', true],
  ['"(b"@c.co', true],
  ['""@c.co', false],
  ['"@c.co', true],
  ['"a\r\n b"@c.co', false],
  ['"a"\r\n b"@c.co', true],
  ['a@b.c\uffef', true],
  ['a@b.c\ufff0', false],
  ['"a"@b@c.co', false],
  ['a@b@c.co', false],
]

test('isEmail: govalidator IsEmail, as PocketBase validates emails', () => {
  for (const [value, expected] of CASES) {
    assert.equal(isEmail(value), expected, JSON.stringify(value))
  }
})

test('isEmail: long hostile inputs are answered (the checks are linear, never backtracking)', () => {
  assert.equal(isEmail(`"${' '.repeat(50_000)}@a.b`), false)
  assert.equal(isEmail(`a@${'a.'.repeat(50_000)}!`), false)
  assert.equal(isEmail(`a@${'a-'.repeat(50_000)}a.co`), true)
  assert.equal(isEmail(`"${'a"('.repeat(20_000)}@a.b`), false)
})
