import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatDateTime, parseDateTime } from './datetime.js'

const viaIso = (t: number) => {
  const iso = new Date(t).toISOString()
  return iso.slice(0, 10) + ' ' + iso.slice(11)
}

test('formatDateTime: PocketBase layout, also for times within the second it formatted last', () => {
  const base = Date.UTC(2026, 10, 25, 16, 5, 7, 0)
  const cases: [string, number][] = [
    ['start of a second', base],
    ['same second, 1 ms', base + 1],
    ['same second, 42 ms', base + 42],
    ['same second, 999 ms', base + 999],
    ['next second', base + 1000],
    ['back to the earlier second', base + 5],
    ['epoch', 0],
    ['before 1970', -1234567],
    ['year 9999', Date.UTC(9999, 11, 31, 23, 59, 59, 999)],
  ]
  for (const [name, t] of cases) {
    assert.equal(formatDateTime(new Date(t)), viaIso(t), name)
  }
  assert.equal(formatDateTime(new Date(base + 7)), '2026-11-25 16:05:07.007Z')
  assert.equal(formatDateTime(null), '')
  assert.equal(formatDateTime(new Date(NaN)), '')
})

test('formatDateTime and parseDateTime round-trip', () => {
  for (let i = 0; i < 2000; i++) {
    const t = Math.floor(Math.random() * 4e12)
    assert.equal(parseDateTime(formatDateTime(new Date(t)))?.getTime(), t)
  }
})
