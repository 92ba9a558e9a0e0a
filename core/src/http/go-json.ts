/**
 * @module JSON text as Go's `encoding/json` writes it, so bodies match PocketBase's byte for byte.
 */

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * Serialises like Go's `json.NewEncoder(w).Encode(v)`: HTML-sensitive characters escaped as `\u003c`,
 * `\u003e`, `\u0026` (and U+2028/U+2029), followed by a newline.
 */
export function goJson(value: unknown): string {
  // note: JSON.stringify never emits a raw <, > or & outside strings, so a global replace is exact
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!) + '\n'
}
