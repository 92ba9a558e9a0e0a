/**
 * @module `relation` fields (PocketBase `core/field_relation.go`).
 */
import { quoteIdent } from '../db/sql-ident.js'
import { toString, toUniqueStringSlice } from '../tools/cast.js'
import type { FieldKind } from './field-kind.js'
import {
  errTooManyValues,
  findMultiValueSetter,
  isMultiple,
  multiValueColumnType,
  multiValueDriverValue,
  normalizeMultiValue,
} from './multi-value.js'
import { checkCommonSettings, errMin, errRequired, validationError } from './validators.js'

export const relationField: FieldKind = {
  type: 'relation',
  defaults: () => ({ cascadeDelete: false, collectionId: '', maxSelect: 1, minSelect: 0, required: false }),
  columnType: multiValueColumnType,
  prepareValue: (field, raw) => normalizeMultiValue(field, raw),
  driverValue: (field, record) => multiValueDriverValue(field, record.getRaw(field.name)),
  isMultiple,
  async validateValue(app, field, record) {
    const ids = toUniqueStringSlice(record.getRaw(field.name))
    if (ids.length === 0) {
      return field.required ? errRequired() : undefined
    }
    const minSelect = typeof field.minSelect === 'number' ? field.minSelect : 0
    if (minSelect > 0 && ids.length < minSelect) {
      return validationError('validation_not_enough_values', 'Select at least {{.minSelect}}', { minSelect })
    }
    const maxSelect = Math.max(typeof field.maxSelect === 'number' ? field.maxSelect : 0, 1)
    if (ids.length > maxSelect) {
      return errTooManyValues(maxSelect)
    }
    const related = app.findCachedCollection(toString(field.collectionId))
    if (!related) {
      return validationError('validation_missing_rel_collection', 'Relation connection is missing or cannot be accessed')
    }
    const row = await app
      .db()
      .get<{ total: number }>(
        `SELECT count(*) AS total FROM ${quoteIdent(related.name)} WHERE id IN (${ids.map(() => '?').join(',')})`,
        ids,
      )
    if (Number(row?.total ?? 0) !== ids.length) {
      return validationError('validation_missing_rel_records', 'Failed to find all relation records with the provided ids')
    }
    return undefined
  },
  validateSettings(field, ctx) {
    const errors = checkCommonSettings(field, {})
    const collectionId = toString(field.collectionId)
    if (collectionId === '') {
      errors.collectionId = errRequired()
    } else {
      const oldField = ctx.oldCollection?.fields.find((f) => f.id === field.id && f.type === 'relation')
      const related = ctx.app.findCachedCollection(collectionId)
      if (oldField && toString(oldField.collectionId) !== collectionId) {
        errors.collectionId = validationError('validation_field_relation_change', 'The relation collection cannot be changed.')
      } else if (!related || related.id !== collectionId) {
        errors.collectionId = validationError(
          'validation_field_relation_missing_collection',
          "The relation collection doesn't exist.",
        )
      } else if (ctx.collection.type !== 'view' && related.type === 'view') {
        errors.collectionId = validationError(
          'validation_relation_field_non_view_base_collection',
          'Only view collections are allowed to have relations to other views.',
        )
      }
    }
    const minSelect = typeof field.minSelect === 'number' ? field.minSelect : 0
    const maxSelect = typeof field.maxSelect === 'number' ? field.maxSelect : 0
    if (minSelect < 0) {
      errors.minSelect = errMin(0)
    }
    if (minSelect > 0 && maxSelect === 0) {
      errors.maxSelect = errRequired()
    } else if (maxSelect < minSelect) {
      errors.maxSelect = errMin(minSelect)
    }
    return errors
  },
  findSetter: findMultiValueSetter,
}
