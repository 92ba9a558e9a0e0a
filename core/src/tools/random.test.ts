import assert from 'node:assert/strict'
import { test } from 'node:test'
import { LOWER_ALPHANUMERIC, newRecordId, randomString, randomStringByPattern } from './random.js'

test('randomString: right length and alphabet, across many refills of the byte pool, no repeats', () => {
  const cases: [string, number, string][] = [
    ['record id alphabet', 15, LOWER_ALPHANUMERIC],
    ['two letters (rejection sampling keeps 254 of 256 byte values)', 40, 'ab'],
    ['default alphanumeric', 50, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'],
  ]
  for (const [name, length, alphabet] of cases) {
    const seen = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const s = alphabet.length === 62 ? randomString(length) : randomString(length, alphabet)
      assert.equal(s.length, length, name)
      for (const c of s) {
        assert.ok(alphabet.includes(c), `${name}: ${c}`)
      }
      seen.add(s)
    }
    assert.equal(seen.size, 1000, `${name}: no repeats`)
  }
})

test('randomString: every character of the alphabet turns up, about evenly', () => {
  const counts = new Map<string, number>()
  const s = randomString(36 * 1000, LOWER_ALPHANUMERIC)
  for (const c of s) {
    counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  assert.equal(counts.size, 36)
  for (const [c, n] of counts) {
    // expected 1000 each; 6 standard deviations (~31) either way
    assert.ok(n > 800 && n < 1200, `${c}: ${n}`)
  }
})

test('newRecordId and randomStringByPattern', () => {
  assert.match(newRecordId(), /^[a-z0-9]{15}$/)
  assert.match(randomStringByPattern('[a-z0-9]{15}'), /^[a-z0-9]{15}$/)
  assert.match(randomStringByPattern('x\\d{3}[A-Z]{2,4}'), /^x[0-9]{3}[A-Z]{2,4}$/)
})
