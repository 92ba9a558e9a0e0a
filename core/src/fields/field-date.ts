/**
 * @module `date` fields (PocketBase `core/field_date.go`). Values are kept as PocketBase's date text.
 */
import { normalizeDateTime } from '../tools/datetime.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errRequired, errUnsupportedValueType, validationError } from './validators.js'

// note: ozzo's Min/Max render the threshold with Go's time.Time String()
const goTime = (text: string) => text.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') + ' +0000 UTC'
const errTooEarly = (min: string) =>
  validationError('validation_min_greater_equal_than_required', 'must be no less than {{.threshold}}', {
    threshold: goTime(min),
  })
const errTooLate = (max: string) =>
  validationError('validation_max_less_equal_than_required', 'must be no greater than {{.threshold}}', {
    threshold: goTime(max),
  })

export const dateField: FieldKind = {
  type: 'date',
  defaults: () => ({ max: '', min: '', required: false }),
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  prepareValue: (_field, raw) => normalizeDateTime(raw),
  validateValue(_app, field, record) {
    const value = record.getRaw(field.name)
    if (typeof value !== 'string') {
      return errUnsupportedValueType()
    }
    if (value === '') {
      return field.required ? errRequired() : undefined
    }
    const min = normalizeDateTime(field.min)
    if (min !== '' && value < min) {
      return errTooEarly(min)
    }
    const max = normalizeDateTime(field.max)
    if (max !== '' && value > max) {
      return errTooLate(max)
    }
    return undefined
  },
  // note: PocketBase's range check (`checkRange`) drops its Min/Max (ozzo's DateRule is a value type),
  // so any min/max pair is accepted; only the common settings are checked
  validateSettings: (field) => checkCommonSettings(field, {}),
}
