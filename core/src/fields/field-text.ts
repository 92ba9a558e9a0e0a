/**
 * @module `text` fields, including the `id` primary key (PocketBase `core/field_text.go`).
 */
import type { FieldModel } from '../collections/collection-model.js'
import type { FieldError } from '../http/api-error.js'
import { quoteIdent } from '../db/sql-ident.js'
import { toString } from '../tools/cast.js'
import { randomStringByPattern } from '../tools/random.js'
import type { FieldKind } from './field-kind.js'
import { compilePattern } from './regex.js'
import { checkCommonSettings, errMatch, errMax, errMin, errRequired, errUnsupportedValueType, validationError } from './validators.js'

export const DEFAULT_ID_PATTERN = '^[a-z0-9]+$'
const MAX_SAFE_JSON_INT = 2 ** 53 - 1
const FORBIDDEN_PK_CHARS = ['.', '/', '\\', '|', '"', "'", '`', '<', '>', ':', '?', '*', '%', '$', '\0', '\t', '\n', '\r', ' ']
const RESERVED_PKS = ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])]

const num = (v: unknown) => (typeof v === 'number' ? v : 0)

/** Validates a plain text value against the field's constraints. */
export function checkTextValue(field: FieldModel, value: string): FieldError | undefined {
  if ((field.required || field.primaryKey) && value === '') {
    return errRequired()
  }
  if (value === '') {
    return undefined
  }
  const length = [...value].length
  const min = num(field.min)
  if (min > 0 && length < min) {
    return validationError('validation_min_text_constraint', 'Must be at least {{.min}} character(s).', { min })
  }
  const max = num(field.max) || 5000
  if (length > max) {
    return validationError('validation_max_text_constraint', 'Must be no more than {{.max}} character(s).', { max })
  }
  const pattern = toString(field.pattern)
  if (pattern !== '' && !compilePattern(pattern)?.test(value)) {
    return validationError('validation_invalid_format', 'Invalid value format.')
  }
  if (field.primaryKey && pattern !== DEFAULT_ID_PATTERN) {
    for (const ch of FORBIDDEN_PK_CHARS) {
      if (value.includes(ch)) {
        return validationError('validation_forbidden_pk_character', "'{{.ch}}' is not a valid primary key character.", { ch })
      }
    }
    const reserved = RESERVED_PKS.find((r) => r.toLowerCase() === value.toLowerCase())
    if (reserved) {
      return validationError('validation_reserved_pk', "The primary key '{{.reserved}}' is reserved and cannot be used.", {
        reserved,
      })
    }
  }
  return undefined
}

export const textField: FieldKind = {
  type: 'text',
  defaults: () => ({ autogeneratePattern: '', max: 0, min: 0, pattern: '', primaryKey: false, required: false }),
  columnType: (field) =>
    field.primaryKey ? "TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL" : "TEXT DEFAULT '' NOT NULL",
  prepareValue: (_field, raw) => toString(raw),

  async validateValue(app, field, record) {
    const value = record.getRaw(field.name)
    if (typeof value !== 'string') {
      return errUnsupportedValueType()
    }
    if (field.primaryKey) {
      if (!record.isNew()) {
        const old = record.lastSavedPK()
        if (old !== value) {
          return validationError('validation_pk_change', 'The record primary key cannot be changed.')
        }
        if (old !== '') {
          return undefined
        }
      } else if (toString(field.pattern) !== DEFAULT_ID_PATTERN && value !== '') {
        // note: like PocketBase, custom id patterns also get a case-insensitive duplicate check
        const exists = await app
          .db()
          .get(`SELECT 1 AS x FROM ${quoteIdent(record.collection.name)} WHERE id = ? COLLATE NOCASE LIMIT 1`, [value])
        if (exists) {
          return validationError('validation_pk_invalid', 'The record primary key is invalid or already exists.')
        }
      }
    }
    return checkTextValue(field, value)
  },

  validateSettings(field, ctx) {
    const errors = checkCommonSettings(field, {})
    if (field.primaryKey && field.name !== 'id' && !errors.name) {
      errors.name = validationError('validation_in_invalid', 'The primary key must be named "id".')
    }
    const min = field.min
    if (typeof min === 'number') {
      if (min < 0) errors.min = errMin(0)
      else if (min > MAX_SAFE_JSON_INT) errors.min = errMax(MAX_SAFE_JSON_INT)
    }
    const max = field.max
    if (typeof max === 'number' && max !== 0) {
      if (max < num(min)) errors.max = errMin(num(min))
      else if (max > MAX_SAFE_JSON_INT) errors.max = errMax(MAX_SAFE_JSON_INT)
    }
    const pattern = toString(field.pattern)
    if (field.primaryKey && pattern === '') {
      errors.pattern = errRequired()
    } else if (pattern !== '' && !compilePattern(pattern)) {
      errors.pattern = validationError('validation_invalid_regex', 'Invalid RegEx pattern.')
    }
    if (field.primaryKey && field.hidden) {
      errors.hidden = validationError('validation_empty', 'must be blank')
    }
    if (field.primaryKey && !field.required) {
      errors.required = errRequired()
    }
    if (field.primaryKey) {
      const others = ctx.collection.fields.filter((f) => f.primaryKey && f !== field)
      if (others.length > 0) {
        errors.primaryKey = validationError(
          'validation_unsupported_composite_pk',
          'Composite PKs are not supported and the collection must have only 1 PK.',
        )
      }
    }
    const auto = toString(field.autogeneratePattern)
    if (auto !== '') {
      if (!compilePattern(auto)) {
        errors.autogeneratePattern = validationError('validation_invalid_regex', 'Invalid RegEx pattern.')
      } else {
        let generated: string
        try {
          generated = randomStringByPattern(auto)
        } catch (err) {
          errors.autogeneratePattern = validationError('validation_invalid_autogenerate_pattern', String(err))
          return errors
        }
        if (checkTextValue({ ...field, required: false }, generated)) {
          errors.autogeneratePattern = validationError(
            'validation_invalid_autogenerate_pattern_value',
            `The provided autogenerate pattern could produce invalid field values, ex.: ${JSON.stringify(generated)}`,
          )
        }
      }
    }
    return errors
  },

  findSetter(field, key) {
    if (key === field.name + ':autogenerate') {
      return (record, raw) => {
        const auto = toString(field.autogeneratePattern)
        record.setRaw(field.name, toString(raw) + (auto ? randomStringByPattern(auto) : ''))
      }
    }
    return undefined
  },

  async intercept(_app, field, record, action, next) {
    if ((action === 'validate' || action === 'create') && record.isNew()) {
      const auto = toString(field.autogeneratePattern)
      if (auto !== '' && toString(record.getRaw(field.name)) === '') {
        record.setRaw(field.name, randomStringByPattern(auto))
      }
    }
    await next()
  },
}
