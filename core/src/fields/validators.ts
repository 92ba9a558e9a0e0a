/**
 * @module Validation errors with the codes and messages of PocketBase (ozzo-validation and its own),
 * already "sentenized" and with template params filled in, as they appear on the wire.
 */
import { fieldError, isFieldError, sentenize, type ErrorData, type FieldError } from '../http/api-error.js'
import { formatFloat } from '../tools/cast.js'

/** Where {@link validationError} keeps the message before sentenizing (see {@link rawMessage}). */
const RAW_MESSAGE = Symbol('raw message')

/** Builds a field error from an ozzo-style template (`must be no more than {{.max}}`). */
export function validationError(code: string, template: string, params?: Record<string, unknown>): FieldError {
  const message = template.replace(/\{\{\.(\w+)\}\}/g, (_, name: string) => {
    const v = params?.[name]
    return typeof v === 'number' ? formatFloat(v) : String(v ?? '')
  })
  const hasParams = params !== undefined && Object.keys(params).length > 0
  const err = fieldError(code, sentenize(message), hasParams ? params : undefined)
  // note: not enumerable, so never on the wire
  Object.defineProperty(err, RAW_MESSAGE, { value: message })
  return err
}

/**
 * The message as ozzo-validation's `Error()` returns it, before PocketBase sentenizes it for the API
 * (`cannot be blank` for "Cannot be blank."): what PocketBase prints when it embeds validation errors
 * in another message (collections import). Messages not made by {@link validationError} are as given.
 */
export function rawMessage(err: FieldError): string {
  return (err as FieldError & { [RAW_MESSAGE]?: string })[RAW_MESSAGE] ?? err.message
}

/**
 * Field errors as ozzo's `Errors` marshals them (what PocketBase logs and embeds): the raw messages
 * only, nested, keys sorted.
 */
export function rawErrorMessages(errors: ErrorData): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(errors).sort()) {
    const e = errors[key]!
    out[key] = isFieldError(e) ? rawMessage(e) : rawErrorMessages(e)
  }
  return out
}

export const errRequired = () => validationError('validation_required', 'cannot be blank')
export const errUnsupportedValueType = () =>
  validationError('validation_unsupported_value_type', 'Invalid or unsupported value type.')
export const errInvalidValue = () => validationError('validation_invalid_value', 'Invalid value.')
export const errNotInList = () => validationError('validation_not_in_invalid', 'must not be in list')
export const errInList = () => validationError('validation_in_invalid', 'must be a valid value')
export const errMatch = () => validationError('validation_match_invalid', 'must be in a valid format')
export const errEmail = () => validationError('validation_is_email', 'must be a valid email address')
export const errUrl = () => validationError('validation_is_url', 'must be a valid URL')

/** ozzo's `Length(min, max)` error for the given bounds. */
export function errLength(min: number, max: number): FieldError {
  if (min === max) {
    return validationError('validation_length_invalid', 'the length must be exactly {{.min}}', { min })
  }
  if (min > 0 && max > 0) {
    return validationError('validation_length_out_of_range', 'the length must be between {{.min}} and {{.max}}', {
      min,
      max,
    })
  }
  if (min > 0) {
    return validationError('validation_length_too_short', 'the length must be no less than {{.min}}', { min })
  }
  return validationError('validation_length_too_long', 'the length must be no more than {{.max}}', { max })
}

/** ozzo's `Length(min, max)` rule (empty values pass; `max` 0 = unbounded). Counts runes. */
export function checkLength(value: string, min: number, max: number): FieldError | undefined {
  if (value === '') {
    return undefined
  }
  const l = [...value].length
  if ((min > 0 && l < min) || (max > 0 && l > max)) {
    return errLength(min, max)
  }
  return undefined
}

/** ozzo's `Min(threshold)`: `must be no less than`. */
export const errMin = (threshold: number) =>
  validationError('validation_min_greater_equal_than_required', 'must be no less than {{.threshold}}', { threshold })

/** ozzo's `Max(threshold)`: `must be no greater than`. */
export const errMax = (threshold: number) =>
  validationError('validation_max_less_equal_than_required', 'must be no greater than {{.threshold}}', { threshold })

const NAME_PATTERN = /^\w+$/
const RESERVED_FIELD_NAMES = ['null', 'true', 'false', '_rowid_', 'collectionId', 'collectionName', 'expand']

/** PocketBase's `DefaultFieldIdValidationRule`. */
export function checkFieldId(id: unknown): FieldError | undefined {
  if (typeof id !== 'string') {
    return errUnsupportedValueType()
  }
  if (id === '') {
    return errRequired()
  }
  return checkLength(id, 1, 100)
}

/** PocketBase's `DefaultFieldNameValidationRule`. */
export function checkFieldName(name: unknown): FieldError | undefined {
  if (typeof name !== 'string') {
    return errUnsupportedValueType()
  }
  if (name === '') {
    return errRequired()
  }
  return (
    checkLength(name, 1, 100) ??
    (!NAME_PATTERN.test(name) ? errMatch() : undefined) ??
    (RESERVED_FIELD_NAMES.includes(name) ? errNotInList() : undefined) ??
    (name.toLowerCase().includes('_via_')
      ? validationError('validation_found_via', 'The value cannot contain "_via_".')
      : undefined)
  )
}

/** PocketBase's `DefaultFieldHelpValidationRule` (empty allowed, ≤300). */
export function checkFieldHelp(help: unknown): FieldError | undefined {
  if (help === undefined || help === null || help === '') {
    return undefined
  }
  if (typeof help !== 'string') {
    return errUnsupportedValueType()
  }
  return checkLength(help, 1, 300)
}

/** Collects the common id/name/help errors of a field's settings into `errors`. */
export function checkCommonSettings(
  field: { id: unknown; name: unknown; help?: unknown },
  errors: ErrorData,
  withHelp = true,
): ErrorData {
  const id = checkFieldId(field.id)
  if (id) errors.id = id
  const name = checkFieldName(field.name)
  if (name) errors.name = name
  if (withHelp) {
    const help = checkFieldHelp(field.help)
    if (help) errors.help = help
  }
  return errors
}
