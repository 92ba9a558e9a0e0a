import { normalizeBody } from './json-compact.js'

/** What the Go runner checks for one scenario: status and body only. */
export interface Expectations {
  expectedStatus: number
  /** Substrings; bytes stand for Go's `string(fileBytes)`, which need not be valid UTF-8. */
  expectedContent: ReadonlyArray<string | Uint8Array>
  notExpectedContent: ReadonlyArray<string | Uint8Array>
}

/** A short description of each failed check; empty means the scenario passed. */
export type CheckFailures = string[]

const encoder = new TextEncoder()
const decoder = new TextDecoder()

const asBytes = (item: string | Uint8Array) =>
  typeof item === 'string' ? encoder.encode(item) : item

function describe(item: string | Uint8Array): string {
  return typeof item === 'string' ? JSON.stringify(item) : `<${item.length} bytes>`
}

function preview(bytes: Uint8Array, max = 400): string {
  const text = decoder.decode(bytes.subarray(0, max))
  return bytes.length > max ? `${text}… (${bytes.length} bytes)` : text
}

/**
 * Applies `tests.ApiScenario`'s checks to a response, in Go's order:
 * 1. the status must equal `expectedStatus`;
 * 2. with no content expectations, the raw body must be empty;
 * 3. otherwise the body is normalised (`json.Compact` if it is JSON, raw bytes if not) and every
 *    expected string must occur in it, and no not-expected string may. Like Go, only the first
 *    missing / unwanted string of each list is reported.
 */
export function checkResponse(exp: Expectations, status: number, body: Uint8Array): CheckFailures {
  const failures: CheckFailures = []
  if (status !== exp.expectedStatus) {
    failures.push(`expected status ${exp.expectedStatus}, got ${status}`)
  }
  if (exp.expectedContent.length === 0 && exp.notExpectedContent.length === 0) {
    if (body.length !== 0) failures.push(`expected an empty body, got ${preview(body)}`)
    return failures
  }
  const normalized = Buffer.from(normalizeBody(body))
  for (const item of exp.expectedContent) {
    if (normalized.indexOf(asBytes(item)) === -1) {
      failures.push(`cannot find ${describe(item)} in body ${preview(normalized)}`)
      break
    }
  }
  for (const item of exp.notExpectedContent) {
    if (normalized.indexOf(asBytes(item)) !== -1) {
      failures.push(`did not expect ${describe(item)} in body ${preview(normalized)}`)
      break
    }
  }
  return failures
}
