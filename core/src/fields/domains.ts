/**
 * @module Domain-list checks shared by `email` and `url` fields.
 */
import type { FieldModel } from '../collections/collection-model.js'
import type { ErrorData, FieldError } from '../http/api-error.js'
import { validationError } from './validators.js'

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/i

/** The field's `onlyDomains` / `exceptDomains` lists (null in JSON = empty). */
export function domainLists(field: FieldModel): { only: string[]; except: string[] } {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : [])
  return { only: list(field.onlyDomains), except: list(field.exceptDomains) }
}

/** Validates the two lists: only one may be set, and every entry must be a domain. */
export function checkDomainSettings(field: FieldModel, errors: ErrorData): ErrorData {
  const { only, except } = domainLists(field)
  const check = (items: string[], other: string[]): FieldError | ErrorData | undefined => {
    if (items.length > 0 && other.length > 0) {
      return validationError('validation_empty', 'must be blank')
    }
    const nested: ErrorData = {}
    items.forEach((d, i) => {
      if (!DOMAIN.test(d)) {
        nested[String(i)] = validationError('validation_is_domain', 'must be a valid domain')
      }
    })
    return Object.keys(nested).length > 0 ? nested : undefined
  }
  const e1 = check(except, only)
  if (e1) errors.exceptDomains = e1
  const e2 = check(only, except)
  if (e2) errors.onlyDomains = e2
  return errors
}
