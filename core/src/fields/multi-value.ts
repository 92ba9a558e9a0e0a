/**
 * @module Values of select, relation and file fields: one string, or (with `maxSelect > 1`) a list of
 * distinct strings, plus the `+name`, `name+` and `name-` modifiers they share.
 */
import type { FieldModel } from '../collections/collection-model.js'
import { toUniqueStringSlice } from '../tools/cast.js'
import type { FieldSetter } from './field-kind.js'
import { validationError } from './validators.js'

/** Whether the field keeps several values (`maxSelect > 1`). */
export function isMultiple(field: FieldModel): boolean {
  return typeof field.maxSelect === 'number' && field.maxSelect > 1
}

/** Normalises input to the stored shape: the last value for single fields, a distinct list otherwise. */
export function normalizeMultiValue(field: FieldModel, raw: unknown): string | string[] {
  const values = toUniqueStringSlice(raw)
  if (!isMultiple(field)) {
    return values.length > 0 ? values[values.length - 1]! : ''
  }
  return values
}

/** The column type: JSON array for multiple values, text otherwise. */
export function multiValueColumnType(field: FieldModel): string {
  return isMultiple(field) ? "JSON DEFAULT '[]' NOT NULL" : "TEXT DEFAULT '' NOT NULL"
}

/** The SQL value: JSON array text, or the single string. */
export function multiValueDriverValue(field: FieldModel, value: unknown): string {
  const normalized = normalizeMultiValue(field, value)
  return Array.isArray(normalized) ? JSON.stringify(normalized) : normalized
}

/** The modifier setters (`+name` prepend, `name+` append, `name-` remove); `undefined` for other keys. */
export function findMultiValueSetter(field: FieldModel, key: string): FieldSetter | undefined {
  const name = field.name
  if (key === '+' + name) {
    return (record, raw) =>
      record.setRaw(name, normalizeMultiValue(field, [...toUniqueStringSlice(raw), ...toUniqueStringSlice(record.getRaw(name))]))
  }
  if (key === name + '+') {
    return (record, raw) =>
      record.setRaw(name, normalizeMultiValue(field, [...toUniqueStringSlice(record.getRaw(name)), ...toUniqueStringSlice(raw)]))
  }
  if (key === name + '-') {
    return (record, raw) => {
      const remove = new Set(toUniqueStringSlice(raw))
      record.setRaw(name, normalizeMultiValue(field, toUniqueStringSlice(record.getRaw(name)).filter((v) => !remove.has(v))))
    }
  }
  return undefined
}

/** `Select no more than N` */
export const errTooManyValues = (maxSelect: number) =>
  validationError('validation_too_many_values', 'Select no more than {{.maxSelect}}', { maxSelect })
