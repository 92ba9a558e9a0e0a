/**
 * @module Shared pieces of the auth endpoints: the auth collection of the route, reading a form body
 * into string fields the way Go's `BindBody` fills a struct, and PocketBase's load/validate errors.
 */
import type { CollectionModel } from '../collections/collection-model.js'
import { ApiError, badRequest, notFound, type ErrorData, type FieldError } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'

/** The auth collection named by the route's `:collection` (by name or id), or 404. */
export function findAuthCollection(e: RequestEvent): CollectionModel {
  const collection = e.app.findCachedCollection(e.params.collection ?? '')
  if (!collection || collection.type !== 'auth') {
    throw notFound('Missing or invalid auth collection context.')
  }
  return collection
}

/** PocketBase's message for bodies that don't bind. */
export const LOAD_ERROR_MESSAGE = 'An error occurred while loading the submitted data.'
/** PocketBase's message for bodies that bind but fail validation. */
export const VALIDATE_ERROR_MESSAGE = 'An error occurred while validating the submitted data.'

/**
 * Reads the listed string fields of the body. A JSON body with a non-string value for one of them is a
 * load error (as Go's JSON decoding into a string fails); form values are text anyway. Missing and
 * `null` values are `''`.
 */
export async function readStringFields<K extends string>(
  e: RequestEvent,
  keys: readonly K[],
  loadMessage = LOAD_ERROR_MESSAGE,
): Promise<Record<K, string>> {
  const body = await readBody(e, loadMessage)
  const isJson = (e.request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')
  const out = {} as Record<K, string>
  for (const key of keys) {
    let v = body[key]
    if (!isJson && Array.isArray(v)) {
      v = v[0]
    }
    if (v === undefined || v === null) {
      out[key] = ''
    } else if (typeof v === 'string') {
      out[key] = v
    } else if (!isJson && (typeof v === 'number' || typeof v === 'boolean')) {
      out[key] = String(v)
    } else {
      throw badRequest(loadMessage)
    }
  }
  return out
}

/** The parsed body; parse failures (other than size limits) become a 400 with `loadMessage`. */
export async function readBody(e: RequestEvent, loadMessage = LOAD_ERROR_MESSAGE): Promise<Record<string, unknown>> {
  try {
    return (await e.body()).data
  } catch (err) {
    // note: size limits and "Unsupported Content-Type." are PocketBase ApiErrors and pass through;
    // undecodable bodies become the endpoint's own load error
    if (err instanceof ApiError && (err.status !== 400 || err.message === 'Unsupported Content-Type.')) {
      throw err
    }
    throw badRequest(loadMessage, {}, err)
  }
}

/** Collects field errors; `throwIfAny` raises PocketBase's 400 validation error. */
export class FormErrors {
  readonly data: ErrorData = {}

  /** Records the first error of a field (later checks of the same field are skipped). */
  add(field: string, error: FieldError | undefined): void {
    if (error && !(field in this.data)) {
      this.data[field] = error
    }
  }

  has(field: string): boolean {
    return field in this.data
  }

  throwIfAny(message = VALIDATE_ERROR_MESSAGE): void {
    if (Object.keys(this.data).length > 0) {
      throw badRequest(message, this.data)
    }
  }
}
