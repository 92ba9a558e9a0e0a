/**
 * @module `file` fields (PocketBase `core/field_file.go`): the stored file names.
 *
 * Values are file names (strings) of files already in storage; uploads (new files), thumbnails and
 * storage clean-up plug in through `intercept` (see the files module).
 */
import type { FieldModel } from '../collections/collection-model.js'
import { toString, toUniqueStringSlice } from '../tools/cast.js'
import type { FieldKind } from './field-kind.js'
import {
  findMultiValueSetter,
  isMultiple,
  multiValueColumnType,
  multiValueDriverValue,
  normalizeMultiValue,
} from './multi-value.js'
import { checkCommonSettings, errMax, errMin, errRequired, validationError } from './validators.js'

const THUMB_SIZE = /^(\d+)x(\d+)(t|b|f)?$/
const MAX_SAFE_JSON_INT = 2 ** 53 - 1

/** The most files a field accepts (`maxSelect`, at least 1). */
export function fileMaxSelect(field: FieldModel): number {
  return Math.max(typeof field.maxSelect === 'number' ? field.maxSelect : 0, 1)
}

export const fileField: FieldKind = {
  type: 'file',
  defaults: () => ({ maxSelect: 1, maxSize: 0, mimeTypes: [], protected: false, required: false, thumbs: [] }),
  columnType: multiValueColumnType,
  prepareValue: (field, raw) => normalizeMultiValue(field, raw),
  driverValue: (field, record) => multiValueDriverValue(field, record.getRaw(field.name)),
  isMultiple,
  validateValue(_app, field, record) {
    const files = toUniqueStringSlice(record.getRaw(field.name))
    if (files.length === 0) {
      return field.required ? errRequired() : undefined
    }
    // plain names may only refer to files the record already had
    const old = new Set(toUniqueStringSlice(record.original().getRaw(field.name)))
    const added = files.filter((f) => !old.has(f)).map((f) => f.slice(0, 250))
    if (added.length > 0) {
      return validationError('validation_invalid_file', 'Invalid new files: {{.invalidFiles}}.', {
        invalidFiles: added,
      })
    }
    const maxSelect = fileMaxSelect(field)
    if (files.length > maxSelect) {
      return validationError('validation_too_many_files', 'The maximum allowed files is {{.maxSelect}}', { maxSelect })
    }
    return undefined
  },
  validateSettings(field) {
    const errors = checkCommonSettings(field, {})
    for (const key of ['maxSelect', 'maxSize'] as const) {
      const v = field[key]
      if (typeof v === 'number') {
        if (v < 0) errors[key] = errMin(0)
        else if (v > MAX_SAFE_JSON_INT) errors[key] = errMax(MAX_SAFE_JSON_INT)
      }
    }
    if (Array.isArray(field.thumbs)) {
      const thumbErrors: Record<string, ReturnType<typeof validationError>> = {}
      field.thumbs.forEach((t, i) => {
        const s = toString(t)
        if (['0x0', '0x0t', '0x0b', '0x0f'].includes(s)) {
          thumbErrors[String(i)] = validationError('validation_not_in_invalid', 'must not be in list')
        } else if (!THUMB_SIZE.test(s)) {
          thumbErrors[String(i)] = validationError('validation_match_invalid', 'must be in a valid format')
        }
      })
      if (Object.keys(thumbErrors).length > 0) {
        errors.thumbs = thumbErrors
      }
    }
    return errors
  },
  findSetter: findMultiValueSetter,
}
