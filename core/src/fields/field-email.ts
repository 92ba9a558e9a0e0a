/**
 * @module `email` fields (PocketBase `core/field_email.go`).
 */
import { toString } from '../tools/cast.js'
import { checkDomainSettings, domainLists } from './domains.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errEmail, errRequired, errUnsupportedValueType, validationError } from './validators.js'

// ozzo-validation's `is.EmailFormat` is govalidator's `IsEmail` regex (RFC 5322-ish, BMP letters allowed,
// no length limit). Go's regexp is linear-time; a JS regex of the same shape can backtrack badly on the
// domain (labels may contain dots) and on quoted local parts, so those are checked in linear steps.
const U = '\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF'
const ATEXT = `a-zA-Z0-9!#$%&'*+\\-/=?^_\`{|}~${U}`
const DOT_ATOM = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`)
/** Everything before the last dot of the domain: alphanumerics at both ends, `-._~` inside. */
const DOMAIN_HEAD = new RegExp(`^[a-zA-Z0-9${U}](?:[a-zA-Z0-9\\-._~${U}]*[a-zA-Z0-9${U}])?$`)
/** The last label: letters at both ends, digits and `-_~` inside. */
const TLD = new RegExp(`^[a-zA-Z${U}](?:[a-zA-Z0-9\\-_~${U}]*[a-zA-Z${U}])?$`)

const isBmpLetter = (c: number) => (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xffef)
/** RFC 5322 qtext as govalidator spells it. */
const isQtext = (c: number) =>
  (c >= 0x01 && c <= 0x08) || c === 0x0b || c === 0x0c || (c >= 0x0e && c <= 0x1f) || c === 0x7f || c === 0x21 ||
  (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || isBmpLetter(c)
/** What may follow `(` in a quoted local part (govalidator's misspelt quoted-pair). */
const isPairChar = (c: number) => (c >= 0x01 && c <= 0x09) || c === 0x0b || c === 0x0c || (c >= 0x0d && c <= 0x7f) || isBmpLetter(c)
const isWsp = (s: string, i: number) => s[i] === ' ' || s[i] === '\t'

/**
 * The quoted local part as govalidator's regex spells it (not RFC 5322's): units of `"`, optional folding
 * white space and one qcontent (a qtext, or `(` and one more character), then optional folding white
 * space and a final `"`; so `"a"` and `"a"b"` pass while `"ab"` does not. Checked by walking the reachable
 * unit boundaries, in linear time.
 */
function isQuotedLocal(s: string): boolean {
  const n = s.length
  const reach = new Uint8Array(n + 1)
  reach[0] = 1
  for (let i = 0; i < n; i++) {
    if (reach[i] === 0) {
      continue
    }
    const k = skipFws(s, i)
    if (k === n - 1 && s[k] === '"') {
      return true
    }
    if (s[i] !== '"') {
      continue
    }
    const j = skipFws(s, i + 1)
    if (j < 0 || j >= n) {
      continue
    }
    const c = s.charCodeAt(j)
    if (isQtext(c)) {
      reach[j + 1] = 1
    }
    if (c === 0x28 && j + 1 < n && isPairChar(s.charCodeAt(j + 1))) {
      reach[j + 2] = 1
    }
  }
  return false
}

/** The end of folding white space `([ \t]* CRLF)? [ \t]+` at `i`: `i` when there is none, -1 when malformed. */
function skipFws(s: string, i: number): number {
  let j = i
  while (isWsp(s, j)) j++
  if (s[j] === '\r' && s[j + 1] === '\n') {
    j += 2
    const start = j
    while (isWsp(s, j)) j++
    return j === start ? -1 : j
  }
  return j
}

/** Whether `value` is a valid email address by PocketBase's rule (`is.EmailFormat`). */
export function isEmail(value: string): boolean {
  const at = value.lastIndexOf('@')
  if (at <= 0) {
    return false
  }
  const local = value.slice(0, at)
  if (!DOT_ATOM.test(local) && !isQuotedLocal(local)) {
    return false
  }
  // note: the domain is `(label.)+ tld` plus an optional final dot
  let domain = value.slice(at + 1)
  if (domain.endsWith('.')) {
    domain = domain.slice(0, -1)
  }
  const dot = domain.lastIndexOf('.')
  return dot > 0 && DOMAIN_HEAD.test(domain.slice(0, dot)) && TLD.test(domain.slice(dot + 1))
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
