/** The `Host` Go's `httptest.NewRequest` gives every scenario request. */
export const GO_TEST_HOST = 'example.com'

/**
 * Go's `textproto.CanonicalMIMEHeaderKey` for the header names used here: each dash-separated word
 * gets an upper-case first letter and lower-case rest (`content-type` → `Content-Type`).
 * Names with characters outside token bytes are returned unchanged, as Go does.
 */
export function canonicalHeaderName(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return name
  return name
    .split('-')
    .map((w) => (w.length === 0 ? w : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('-')
}

/** Methods for which node:http would otherwise send `Transfer-Encoding: chunked` on an empty body. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH'])

/**
 * The exact header list of a replayed scenario request, in the order Go builds it:
 * `Host: example.com`, the default `Content-Type: application/json`, then every scenario header
 * applied with `Header.Set` semantics (case-insensitive replace), then `Content-Length`.
 * Nothing else is added (no User-Agent, Accept or Accept-Encoding).
 *
 * `Content-Length` is the body's UTF-8 byte length when the body is non-empty; an empty POST, PUT
 * or PATCH gets `Content-Length: 0` so node:http does not fall back to chunked encoding (Go's
 * request has ContentLength 0 and no body; both mean "empty" on the wire).
 */
export function buildRequestHeaders(
  method: string,
  scenarioHeaders: Record<string, string> | null,
  bodyLength: number,
): Array<[string, string]> {
  const byLowerName = new Map<string, [string, string]>()
  const set = (name: string, value: string) => {
    byLowerName.set(name.toLowerCase(), [canonicalHeaderName(name), value])
  }
  set('Host', GO_TEST_HOST)
  set('Content-Type', 'application/json')
  for (const [name, value] of Object.entries(scenarioHeaders ?? {})) {
    // note: values in scenarios.json are already strings.TrimSpace'd, as Go's runner sends them
    set(name, value)
  }
  if (bodyLength > 0 || BODY_METHODS.has(method.toUpperCase())) {
    set('Content-Length', String(bodyLength))
  }
  return [...byLowerName.values()]
}
