/**
 * @module The one error type on the wire, serialised exactly like PocketBase's `router.ApiError`.
 */

/** A per-field validation failure, as PocketBase nests them under `data`. */
export interface FieldError {
  code: string
  message: string
  params?: Record<string, unknown>
}

/** `data` of an error: field errors, nested by key (and by array index as a string). */
export type ErrorData = { [key: string]: FieldError | ErrorData }

/**
 * An error with an HTTP status, a public message and public field errors. Everything else about a
 * failure (the raw cause) stays in `cause`: logged, never serialised.
 */
export class ApiError extends Error {
  readonly status: number
  readonly data: ErrorData

  constructor(status: number, message: string, data: ErrorData = {}, options?: { cause?: unknown }) {
    super(sentenize(message), options)
    this.name = 'ApiError'
    this.status = status
    // note: Go serialises `data` (a map) with sorted keys
    this.data = sortErrorData(data)
  }

  // note: key order matches PocketBase's ApiError struct (data, message, status)
  toJSON(): { data: ErrorData; message: string; status: number } {
    return { data: this.data, message: this.message, status: this.status }
  }
}

/**
 * Upper-cases the first letter and ends the text with a period unless it already ends with `.`, `?` or
 * `!`, as PocketBase's `inflector.Sentenize` does to every error message.
 */
export function sentenize(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '') {
    return ''
  }
  const first = trimmed[0]!.toUpperCase() + trimmed.slice(1)
  return /[.?!]$/.test(first) ? first : first + '.'
}

/** 400 with PocketBase's default message. */
export const badRequest = (
  message = 'Something went wrong while processing your request.',
  data: ErrorData = {},
  cause?: unknown,
) => new ApiError(400, message, data, { cause })

/** 401 with PocketBase's default message. */
export const unauthorized = (message = 'Missing or invalid authentication.', cause?: unknown) =>
  new ApiError(401, message, {}, { cause })

/** 403 with PocketBase's default message. */
export const forbidden = (message = 'You are not allowed to perform this request.', cause?: unknown) =>
  new ApiError(403, message, {}, { cause })

/** 404 with PocketBase's default message. */
export const notFound = (message = "The requested resource wasn't found.", cause?: unknown) =>
  new ApiError(404, message, {}, { cause })

/** 413 with PocketBase's default message. */
export const tooLarge = (message = 'Request entity too large.', cause?: unknown) =>
  new ApiError(413, message, {}, { cause })

/** 429 with PocketBase's default message. */
export const tooManyRequests = (message = 'Too Many Requests.', cause?: unknown) =>
  new ApiError(429, message, {}, { cause })

/** 500 with PocketBase's default message; the cause is never shown. */
export const internalError = (message = 'Something went wrong while processing your request.', cause?: unknown) =>
  new ApiError(500, message, {}, { cause })

/** A field error with PocketBase's code and message. */
export const fieldError = (code: string, message: string, params?: Record<string, unknown>): FieldError =>
  params === undefined ? { code, message } : { code, message, params }

/** Whether a `data` entry is a leaf error rather than a nested group. */
export const isFieldError = (value: FieldError | ErrorData): value is FieldError =>
  typeof (value as FieldError).code === 'string' && typeof (value as FieldError).message === 'string'

/**
 * Turns anything thrown into an ApiError the way PocketBase's `ToApiError` does: ApiErrors pass through,
 * "not found" conditions become 404, anything else 400 with the cause hidden.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) {
    return err
  }
  if (err instanceof NotFoundError) {
    return notFound(undefined, err)
  }
  if (err instanceof ValidationErrors) {
    return badRequest(undefined, err.data, err)
  }
  return badRequest(undefined, {}, err)
}

/** Thrown by domain code when a looked-up row does not exist (PocketBase's `sql.ErrNoRows`). */
export class NotFoundError extends Error {
  constructor(message = 'not found') {
    super(message)
    this.name = 'NotFoundError'
  }
}

// note: a field error's params is a Go map too (sorted keys on the wire)
function sortParams(error: FieldError): FieldError {
  if (!error.params) {
    return error
  }
  const params: Record<string, unknown> = {}
  for (const k of Object.keys(error.params).sort()) {
    params[k] = error.params[k]
  }
  const sorted = { ...error, params }
  // note: keeps the hidden (non-enumerable symbol) properties too, such as the raw message of
  // fields/validators.ts
  for (const sym of Object.getOwnPropertySymbols(error)) {
    Object.defineProperty(sorted, sym, Object.getOwnPropertyDescriptor(error, sym)!)
  }
  return sorted
}

function sortErrorData(data: ErrorData): ErrorData {
  const out: ErrorData = {}
  for (const key of Object.keys(data).sort()) {
    const value = data[key]!
    out[key] = isFieldError(value) ? sortParams(value) : sortErrorData(value)
  }
  return out
}

/**
 * Field validation failures from domain code (PocketBase's `validation.Errors`); the API layer wraps
 * them into a 400 with a context message such as "Failed to create record.".
 */
export class ValidationErrors extends Error {
  readonly data: ErrorData

  constructor(data: ErrorData) {
    super('validation failed: ' + Object.keys(data).join(', '))
    this.name = 'ValidationErrors'
    this.data = data
  }
}
