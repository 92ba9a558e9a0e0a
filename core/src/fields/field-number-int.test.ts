import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { App } from '../app.js'
import type { FieldModel } from '../collections/collection-model.js'
import type { RecordModel } from '../records/record-model.js'
import { numberField } from './field-number.js'

/** `onlyInt` as PocketBase checks it, `val == float64(int64(val))` (settled on the reference binary). */
const CASES: [number, string | undefined][] = [
  [7, undefined],
  [1.5, 'validation_only_int_constraint'],
  [2 ** 53, undefined],
  [-(2 ** 63), undefined],
  [2 ** 63, 'validation_only_int_constraint'],
  [1e308, 'validation_only_int_constraint'],
  [-1e300, 'validation_only_int_constraint'],
]

test('number field: onlyInt rejects values beyond int64 before the max check', () => {
  const field = { name: 'n', type: 'number', onlyInt: true, min: null, max: 10 } as unknown as FieldModel
  for (const [value, code] of CASES) {
    const record = { getRaw: () => value } as unknown as RecordModel
    const err = numberField.validateValue({} as App, field, record) as { code?: string } | undefined
    const expected = code ?? (value > 10 ? 'validation_max_number_constraint' : undefined)
    assert.equal(err?.code, expected, String(value))
  }
})
