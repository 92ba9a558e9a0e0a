/**
 * @module `select` fields (PocketBase `core/field_select.go`).
 */
import { toUniqueStringSlice } from '../tools/cast.js'
import type { FieldKind } from './field-kind.js'
import {
  errTooManyValues,
  findMultiValueSetter,
  isMultiple,
  multiValueColumnType,
  multiValueDriverValue,
  normalizeMultiValue,
} from './multi-value.js'
import { checkCommonSettings, errMax, errMin, errRequired, validationError } from './validators.js'

export const selectField: FieldKind = {
  type: 'select',
  defaults: () => ({ maxSelect: 1, required: false, values: [] }),
  columnType: multiValueColumnType,
  prepareValue: (field, raw) => normalizeMultiValue(field, raw),
  driverValue: (field, record) => multiValueDriverValue(field, record.getRaw(field.name)),
  isMultiple,
  validateValue(_app, field, record) {
    const values = toUniqueStringSlice(record.getRaw(field.name))
    if (values.length === 0) {
      return field.required ? errRequired() : undefined
    }
    const maxSelect = Math.max(typeof field.maxSelect === 'number' ? field.maxSelect : 0, 1)
    if (values.length > maxSelect) {
      return errTooManyValues(maxSelect)
    }
    const allowed = Array.isArray(field.values) ? field.values.map(String) : []
    const invalid = values.find((v) => !allowed.includes(v))
    if (invalid !== undefined) {
      return validationError('validation_invalid_value', 'Invalid value {{.value}}', { value: invalid })
    }
    return undefined
  },
  validateSettings(field) {
    const errors = checkCommonSettings(field, {})
    const values = Array.isArray(field.values) ? field.values : []
    if (values.length === 0) {
      errors.values = errRequired()
    }
    const maxSelect = typeof field.maxSelect === 'number' ? field.maxSelect : 0
    if (maxSelect < 0) {
      errors.maxSelect = errMin(0)
    } else if (maxSelect > Math.max(values.length, 1)) {
      errors.maxSelect = errMax(Math.max(values.length, 1))
    }
    return errors
  },
  findSetter: findMultiValueSetter,
}
