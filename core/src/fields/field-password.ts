/**
 * @module `password` fields: bcrypt hashes, compatible with PocketBase's (`core/field_password.go`).
 *
 * Unlike PocketBase, hashing happens right before the write (asynchronously, in the create/update
 * step), not at assignment, so a request never blocks the event loop for a bcrypt round while it holds
 * no transaction. The plain value stays available for validation until the record is saved.
 */
import { passwordHasher } from '../auth/password-hasher.js'
import { toString } from '../tools/cast.js'
import type { FieldKind } from './field-kind.js'
import { compilePattern } from './regex.js'
import { checkCommonSettings, errMax, errMin, errRequired, errUnsupportedValueType, validationError } from './validators.js'

/** What a password field holds: the stored hash, and the plain text while it is unsaved. */
export class PasswordValue {
  constructor(
    public hash: string,
    public plain = '',
  ) {}
}

const DEFAULT_COST = 10

function passwordValue(raw: unknown): PasswordValue {
  if (raw instanceof PasswordValue) {
    return raw
  }
  const s = toString(raw)
  return new PasswordValue(s.startsWith('$2') ? s : '')
}

/** Whether `plain` matches the bcrypt `hash` (constant-time inside bcrypt). */
export function verifyPassword(hash: string, plain: string): Promise<boolean> {
  if (hash === '' || plain === '') {
    return Promise.resolve(false)
  }
  return passwordHasher().compare(plain, hash)
}

export const passwordField: FieldKind = {
  type: 'password',
  defaults: () => ({ cost: 0, max: 0, min: 0, pattern: '', required: false }),
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  prepareValue: (_field, raw) => new PasswordValue(toString(raw)),
  driverValue: (field, record) => passwordValue(record.getRaw(field.name)).hash,

  validateValue(_app, field, record) {
    const fp = record.getRaw(field.name)
    if (!(fp instanceof PasswordValue)) {
      return errUnsupportedValueType()
    }
    if (field.required && fp.hash === '' && fp.plain === '') {
      return errRequired()
    }
    if (fp.plain === '') {
      return undefined
    }
    const length = [...fp.plain].length
    const min = typeof field.min === 'number' ? field.min : 0
    if (length < min) {
      return validationError('validation_min_text_constraint', `Must be at least ${min} character(s)`)
    }
    const max = typeof field.max === 'number' && field.max > 0 ? field.max : 71
    if (length > max) {
      return validationError('validation_max_text_constraint', `Must be less than ${max} character(s)`)
    }
    const pattern = toString(field.pattern)
    if (pattern !== '' && !compilePattern(pattern)?.test(fp.plain)) {
      return validationError('validation_invalid_format', 'Invalid value format')
    }
    return undefined
  },

  validateSettings(field) {
    const errors = checkCommonSettings(field, {})
    const min = typeof field.min === 'number' ? field.min : 0
    if (min !== 0 && min < 1) errors.min = errMin(1)
    else if (min > 71) errors.min = errMax(71)
    const max = typeof field.max === 'number' ? field.max : 0
    if (max !== 0 && max < min) errors.max = errMin(min)
    else if (max > 71) errors.max = errMax(71)
    const cost = typeof field.cost === 'number' ? field.cost : 0
    if (cost !== 0 && cost < 4) errors.cost = errMin(4)
    else if (cost > 31) errors.cost = errMax(31)
    const pattern = toString(field.pattern)
    if (pattern !== '' && !compilePattern(pattern)) {
      errors.pattern = validationError('validation_invalid_regex', 'Invalid RegEx pattern.')
    }
    return errors
  },

  findGetter(field, key) {
    if (key === field.name) {
      return (record) => passwordValue(record.getRaw(field.name)).plain
    }
    if (key === field.name + ':hash') {
      return (record) => passwordValue(record.getRaw(field.name)).hash
    }
    return undefined
  },

  findSetter(field, key) {
    if (key !== field.name) {
      return undefined
    }
    return (record, raw) => record.setRaw(field.name, new PasswordValue('', toString(raw)))
  },

  async intercept(_app, field, record, action, next) {
    if (action === 'createExecute' || action === 'updateExecute') {
      const fp = passwordValue(record.getRaw(field.name))
      if (fp.plain !== '' && fp.hash === '') {
        const cost = typeof field.cost === 'number' && field.cost > 0 ? field.cost : DEFAULT_COST
        fp.hash = await passwordHasher().hash(fp.plain, cost)
        record.setRaw(field.name, fp)
      }
    }
    await next()
    if (action === 'afterCreate' || action === 'afterUpdate') {
      passwordValue(record.getRaw(field.name)).plain = ''
    }
  },
}
