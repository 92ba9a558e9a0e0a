/**
 * @module `autodate` fields: `created`/`updated` style timestamps set by the server
 * (PocketBase `core/field_autodate.go`).
 */
import { toString } from '../tools/cast.js'
import { formatDateTime, normalizeDateTime } from '../tools/datetime.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, validationError } from './validators.js'

const LAST_KNOWN_PREFIX = '@pbInternalAutodateLastKnown'

export const autodateField: FieldKind = {
  type: 'autodate',
  defaults: () => ({ onCreate: true, onUpdate: false }),
  // note: SQLite can't add a column with a non-constant default, hence '' (as PocketBase)
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  prepareValue: (_field, raw) => normalizeDateTime(raw),
  validateValue: () => undefined,
  validateSettings(field, ctx) {
    const errors = checkCommonSettings(field, {}, false)
    const old = ctx.oldCollection?.fields.find((f) => f.id === field.id && f.type === 'autodate')
    if (field.system && old) {
      if (Boolean(field.onCreate) !== Boolean(old.onCreate)) {
        errors.onCreate = validationError('validation_values_mismatch', "Values don't match.")
      }
      if (Boolean(field.onUpdate) !== Boolean(old.onUpdate)) {
        errors.onUpdate = validationError('validation_values_mismatch', "Values don't match.")
      }
    }
    if (!field.onCreate && !field.onUpdate) {
      const either = validationError('validation_required', 'either onCreate or onUpdate must be enabled')
      errors.onCreate = either
      errors.onUpdate = either
    }
    return errors
  },
  // note: plain assignment is ignored (the server owns the value); use setRaw to force one
  findSetter(field, key) {
    return key === field.name ? () => {} : undefined
  },
  async intercept(app, field, record, action, next) {
    const isCreate = action === 'createExecute'
    const isUpdate = action === 'updateExecute'
    if ((isCreate && field.onCreate) || (isUpdate && field.onUpdate)) {
      // a value set explicitly with setRaw (different from the last known one) is kept
      const current = toString(record.getRaw(field.name))
      const lastKnown = toString(record.getRaw(LAST_KNOWN_PREFIX + field.name)) || toString(record.original().getRaw(field.name))
      if (current === lastKnown) {
        const now = formatDateTime(app.now())
        record.setRaw(field.name, now)
        record.setRaw(LAST_KNOWN_PREFIX + field.name, now)
      }
    }
    await next()
    if (isCreate || isUpdate) {
      record.setRaw(LAST_KNOWN_PREFIX + field.name, record.getRaw(field.name))
    }
  },
}
