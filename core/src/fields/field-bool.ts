/**
 * @module `bool` fields (PocketBase `core/field_bool.go`).
 */
import { toBool } from '../tools/cast.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errRequired, errUnsupportedValueType } from './validators.js'

export const boolField: FieldKind = {
  type: 'bool',
  defaults: () => ({ required: false }),
  columnType: () => 'BOOLEAN DEFAULT FALSE NOT NULL',
  prepareValue: (_field, raw) => toBool(raw),
  validateValue(_app, field, record) {
    const value = record.getRaw(field.name)
    if (typeof value !== 'boolean') {
      return errUnsupportedValueType()
    }
    // note: PocketBase's `required` on a bool means "must be true"
    return field.required && !value ? errRequired() : undefined
  },
  validateSettings: (field) => checkCommonSettings(field, {}),
}
