/**
 * @module `json` fields (PocketBase `core/field_json.go`).
 */
import { JsonRaw } from '../tools/json-raw.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errMax, errMin, errRequired, errUnsupportedValueType, validationError } from './validators.js'

const DEFAULT_MAX_SIZE = 1 << 20
const EMPTY_VALUES = ['null', '""', '[]', '{}', '']

/**
 * Form values arrive as text, so plain strings are interpreted like PocketBase does: JSON-looking text
 * (numbers, quoted strings, arrays, objects, true/false/null) is kept as JSON, anything else becomes a
 * JSON string.
 */
function normalize(raw: unknown): JsonRaw {
  if (typeof raw === 'string') {
    if (raw === 'null' || raw === 'true' || raw === 'false') {
      return new JsonRaw(raw)
    }
    if (raw !== '' && /^[0-9\-"[{]/.test(raw)) {
      const candidate = new JsonRaw(raw)
      if (candidate.isValid()) {
        return candidate
      }
    }
    return new JsonRaw(JSON.stringify(raw))
  }
  return JsonRaw.from(raw)
}

export const jsonField: FieldKind = {
  type: 'json',
  defaults: () => ({ maxSize: 0, required: false }),
  columnType: () => 'JSON DEFAULT NULL',
  prepareValue: (_field, raw) => (raw instanceof JsonRaw ? raw : raw === null || raw === undefined ? new JsonRaw('') : normalize(raw)),
  driverValue: (field, record) => {
    const value = record.getRaw(field.name)
    const raw = value instanceof JsonRaw ? value : JsonRaw.from(value)
    return raw.text === '' ? null : raw.text
  },
  validateValue(_app, field, record) {
    const value = record.getRaw(field.name)
    if (!(value instanceof JsonRaw)) {
      return errUnsupportedValueType()
    }
    const maxSize = typeof field.maxSize === 'number' && field.maxSize > 0 ? field.maxSize : DEFAULT_MAX_SIZE
    if (new TextEncoder().encode(value.text).length > maxSize) {
      return validationError('validation_json_size_limit', 'The maximum allowed JSON size is {{.maxSize}} bytes', {
        maxSize,
      })
    }
    if (!value.isValid()) {
      return validationError('validation_invalid_json', 'Must be a valid json value')
    }
    if (field.required && EMPTY_VALUES.includes(value.text.trim())) {
      return errRequired()
    }
    return undefined
  },
  validateSettings(field) {
    const errors = checkCommonSettings(field, {})
    if (typeof field.maxSize === 'number') {
      if (field.maxSize < 0) errors.maxSize = errMin(0)
      else if (field.maxSize > 2 ** 53 - 1) errors.maxSize = errMax(2 ** 53 - 1)
    }
    return errors
  },
}
