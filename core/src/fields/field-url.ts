/**
 * @module `url` fields (PocketBase `core/field_url.go`).
 */
import { toString } from '../tools/cast.js'
import { checkDomainSettings, domainLists } from './domains.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errRequired, errUnsupportedValueType, validationError } from './validators.js'

/** A URL check in the spirit of govalidator's `IsURL` (scheme optional, host required). */
export function parseUrl(value: string): URL | null {
  if (value.length > 2083 || /\s/.test(value) || value.startsWith('.')) {
    return null
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : 'http://' + value
  try {
    const url = new URL(withScheme)
    if (!url.hostname || !/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)) {
      return null
    }
    const isIp = /^\d+\.\d+\.\d+\.\d+$|^\[/.test(url.hostname)
    if (!isIp && !url.hostname.includes('.') && url.hostname !== 'localhost') {
      return null
    }
    return url
  } catch {
    return null
  }
}

export const urlField: FieldKind = {
  type: 'url',
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
    const url = parseUrl(value)
    if (!url) {
      return validationError('validation_invalid_url', 'Must be a valid url')
    }
    const { only, except } = domainLists(field)
    if ((only.length > 0 && !only.includes(url.host)) || (except.length > 0 && except.includes(url.host))) {
      return validationError('validation_url_domain_not_allowed', 'Url domain is not allowed')
    }
    return undefined
  },
  validateSettings: (field) => checkDomainSettings(field, checkCommonSettings(field, {})),
}
