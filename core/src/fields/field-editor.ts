/**
 * @module `editor` (rich text) fields (PocketBase `core/field_editor.go`).
 */
import { toString } from '../tools/cast.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errMax, errMin, errRequired, errUnsupportedValueType, validationError } from './validators.js'

const DEFAULT_MAX_SIZE = 5 << 20

export const editorField: FieldKind = {
  type: 'editor',
  defaults: () => ({ convertURLs: false, maxSize: 0, required: false }),
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  prepareValue: (_field, raw) => toString(raw),
  validateValue(_app, field, record) {
    const value = record.getRaw(field.name)
    if (typeof value !== 'string') {
      return errUnsupportedValueType()
    }
    if (field.required && value === '') {
      return errRequired()
    }
    const maxSize = typeof field.maxSize === 'number' && field.maxSize > 0 ? field.maxSize : DEFAULT_MAX_SIZE
    if (new TextEncoder().encode(value).length > maxSize) {
      return validationError('validation_content_size_limit', 'The maximum allowed content size is {{.maxSize}} bytes', {
        maxSize,
      })
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
