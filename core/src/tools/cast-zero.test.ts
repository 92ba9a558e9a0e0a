import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatFloat, toString } from './cast.js'

/**
 * Go's `strconv.FormatFloat(-0, 'f', -1, 64)` is "-0": a filter's `-0` literal becomes the LIKE pattern
 * `%-0%` in PocketBase (settled on the reference binary: `366 !~ -0.00` matches every row there).
 */
test('cast: negative zero keeps its sign, like Go', () => {
  assert.equal(formatFloat(-0), '-0')
  assert.equal(formatFloat(0), '0')
  assert.equal(toString(-0), '-0')
  assert.equal(formatFloat(-0.5), '-0.5')
})
