/**
 * @module `email` fields (PocketBase `core/field_email.go`).
 */
import { toString } from '../tools/cast.js'
import { checkDomainSettings, domainLists } from './domains.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errEmail, errRequired, errUnsupportedValueType, validationError } from './validators.js'

// ozzo-validation's `is.EmailFormat` (a simplified RFC 5322 address check)
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

/** Whether `value` is a syntactically valid email address. */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value)
}

export const emailField: FieldKind = {
  type: 'email',
  defaults: () => ({ exceptDomains: null, onlyDomains: null, required: false }),
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  prepareValue: (_field, raw) => toString(raw),
  validateValue(_app, field, record) {
    const value = record.getRaw(field.name)
    if (typeof value !== 'string') {
      return errUnsupportedValueType()
    }
    if (value === '') {
      return field.required ? errRequired() : undefined
    }
    if (!isEmail(value)) {
      return errEmail()
    }
    const domain = value.slice(value.lastIndexOf('@') + 1)
    const { only, except } = domainLists(field)
    if ((only.length > 0 && !only.includes(domain)) || (except.length > 0 && except.includes(domain))) {
      return validationError('validation_email_domain_not_allowed', 'Email domain is not allowed')
    }
    return undefined
  },
  validateSettings: (field) => checkDomainSettings(field, checkCommonSettings(field, {})),
}
