import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ApiError } from '../http/api-error.js'
import { parseSearchParams } from './search-provider.js'

/** `page`/`perPage` go through Go's `strconv.Atoi` (int64): out of range is a 400, never clamped. */
test('search params: page and perPage beyond int64 are a 400', () => {
  for (const q of ['perPage=9999999999999999999999', 'page=9223372036854775808', 'page=-9223372036854775809']) {
    assert.throws(() => parseSearchParams(new URLSearchParams(q)), (e) => e instanceof ApiError && e.status === 400, q)
  }
  assert.equal(parseSearchParams(new URLSearchParams('perPage=9223372036854775807')).perPage, 1000)
  assert.equal(parseSearchParams(new URLSearchParams('page=-9223372036854775808')).page, 1)
})
