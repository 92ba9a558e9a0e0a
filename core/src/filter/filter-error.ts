/**
 * @module Typed errors of the filter language: syntax, resolution, limits, and superuser-only fields.
 *
 * Every failure the filter module raises is a {@link FilterError}, so a caller can turn any of them into
 * PocketBase's answer with one `instanceof` check: `status` says which (400, or 403 for superuser-only
 * fields in a client `filter`/`sort`).
 */

/** What went wrong, for logs and tests (never shown on the wire: PocketBase answers a generic 400). */
export type FilterErrorCode = 'syntax' | 'resolve' | 'limit' | 'forbidden'

/** Base class of every error raised while parsing or compiling a filter, rule or sort. */
export class FilterError extends Error {
  /** The HTTP status PocketBase answers with when this error comes out of a list/view request. */
  readonly status: 400 | 403
  readonly code: FilterErrorCode

  constructor(
    code: FilterErrorCode,
    message: string,
    status: 400 | 403 = 400,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'FilterError'
    this.code = code
    this.status = status
  }
}

/** The text is not valid fexpr (bad token, unbalanced group, missing operand, empty expression, …). */
export class FilterSyntaxError extends FilterError {
  constructor(message: string) {
    super('syntax', message)
    this.name = 'FilterSyntaxError'
  }
}

/** An identifier, function or sort field cannot be resolved (unknown/hidden field, bad modifier, …). */
export class FilterResolveError extends FilterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('resolve', message, 400, options)
    this.name = 'FilterResolveError'
  }
}

/** A size limit was exceeded (text length, expression count, nesting depth, sort fields). */
export class FilterLimitError extends FilterError {
  constructor(message: string) {
    super('limit', message)
    this.name = 'FilterLimitError'
  }
}

/**
 * A non-superuser used `@request.` or `@collection.` in a client `filter` or `sort` (403). The message is
 * PocketBase's, ready for the error envelope.
 */
export class FilterForbiddenError extends FilterError {
  constructor(message: string) {
    super('forbidden', message, 403)
    this.name = 'FilterForbiddenError'
  }
}
