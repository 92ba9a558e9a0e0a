/** @module Reading the server's error envelope ({data, message, status}) through ClientResponseError. */
import { ClientResponseError } from 'pocketbase'

/** Field path (`email`, `fields.2.name`, `meta.appName`) → first error message for it. */
export type FieldErrors = Record<string, string>

/** Flattens `err.response.data` into dotted paths; an empty object when there are none. */
export function fieldErrors(err: unknown): FieldErrors {
  const out: FieldErrors = {}
  if (!(err instanceof ClientResponseError)) {
    return out
  }
  walk(err.response?.data, '', out)
  return out
}

function walk(node: unknown, prefix: string, out: FieldErrors): void {
  if (!node || typeof node !== 'object') {
    return
  }
  const obj = node as Record<string, unknown>
  if (typeof obj.code === 'string' && typeof obj.message === 'string') {
    out[prefix] = obj.message
    return
  }
  for (const [k, v] of Object.entries(obj)) {
    walk(v, prefix ? `${prefix}.${k}` : k, out)
  }
}

/** The error's readable message (the envelope's `message`, else the JS error message). */
export function errorMessage(err: unknown): string {
  if (err instanceof ClientResponseError) {
    if (err.isAbort) {
      return 'The request was cancelled.'
    }
    if (err.status === 0) {
      return 'The server could not be reached.'
    }
    return err.response?.message || err.message
  }
  return err instanceof Error ? err.message : String(err)
}

/** The errors under one prefix, with the prefix removed (`fields.2.name` under `fields.2` → `name`). */
export function errorsUnder(errors: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {}
  const p = prefix + '.'
  for (const [k, v] of Object.entries(errors)) {
    if (k.startsWith(p)) {
      out[k.slice(p.length)] = v
    } else if (k === prefix) {
      out[''] = v
    }
  }
  return out
}

/** True when the request failed because the session is missing or expired. */
export function isAuthError(err: unknown): boolean {
  return err instanceof ClientResponseError && (err.status === 401 || err.status === 403)
}
