/**
 * @module `number` fields (PocketBase `core/field_number.go`).
 */
import { toFloat } from '../tools/cast.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errRequired, errUnsupportedValueType, validationError } from './validators.js'

const errOnlyInt = () => validationError('validation_only_int_constraint', 'Decimal numbers are not allowed')
const errMinNumber = (min: number) =>
  validationError('validation_min_number_constraint', 'Must be greater or equal than {{.min}}', { min })
const errMaxNumber = (max: number) =>
  validationError('validation_max_number_constraint', 'Must be less or equal than {{.max}}', { max })

const optionalNumber = (v: unknown) => (typeof v === 'number' ? v : undefined)

/**
 * PocketBase's `val == float64(int64(val))`: integral and within int64 (Go's conversion of a larger
 * float does not round-trip, so `1e300` counts as a decimal there).
 */
const isInt64 = (v: number) => Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63

export const numberField: FieldKind = {
  type: 'number',
  defaults: () => ({ max: null, min: null, onlyInt: false, required: false }),
  columnType: () => 'NUMERIC DEFAULT 0 NOT NULL',
  prepareValue: (_field, raw) => toFloat(raw),
  validateValue(_app, field, record) {
    const value = record.getRaw(field.name)
    if (typeof value !== 'number') {
      return errUnsupportedValueType()
    }
    if (!Number.isFinite(value)) {
      return validationError('validation_not_a_number', 'The submitted number is not properly formatted')
    }
    if (value === 0) {
      return field.required ? errRequired() : undefined
    }
    if (field.onlyInt && !isInt64(value)) {
      return errOnlyInt()
    }
    const min = optionalNumber(field.min)
    if (min !== undefined && value < min) {
      return errMinNumber(min)
    }
    const max = optionalNumber(field.max)
    if (max !== undefined && value > max) {
      return errMaxNumber(max)
    }
    return undefined
  },
  validateSettings(field) {
    const errors = checkCommonSettings(field, {})
    const min = optionalNumber(field.min)
    const max = optionalNumber(field.max)
    if (field.onlyInt && min !== undefined && !Number.isInteger(min)) {
      errors.min = errOnlyInt()
    }
    if (field.onlyInt && max !== undefined && !Number.isInteger(max)) {
      errors.max = errOnlyInt()
    } else if (min !== undefined && max !== undefined && max < min) {
      errors.max = errMinNumber(min)
    }
    return errors
  },
  findSetter(field, key) {
    if (key === field.name + '+') {
      return (record, raw) => record.setRaw(field.name, toFloat(record.getRaw(field.name)) + toFloat(raw))
    }
    if (key === field.name + '-') {
      return (record, raw) => record.setRaw(field.name, toFloat(record.getRaw(field.name)) - toFloat(raw))
    }
    return undefined
  },
}
