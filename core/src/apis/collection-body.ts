/**
 * @module Reading a collections-API body with the endpoint's own "invalid formatting" message.
 */
import { ApiError, badRequest } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'

/** Reads the body's data, turning a malformed body (not a too large one) into a 400 with `message`. */
export async function bodyData(e: RequestEvent, message: string): Promise<Record<string, unknown>> {
  try {
    return (await e.body()).data
  } catch (err) {
    if (err instanceof ApiError && err.status !== 400) {
      throw err
    }
    throw badRequest(message, {}, err)
  }
}

/** Whether the body is a form (decoded with PocketBase's form binder rules, not as JSON). */
export function isFormBody(e: RequestEvent): boolean {
  return /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(
    e.request.headers.get('content-type') ?? '',
  )
}
