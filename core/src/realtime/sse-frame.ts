/**
 * @module One Server-Sent Events frame as PocketBase writes it (`tools/subscriptions/message.go`).
 */

/** A realtime message: the SSE event name (a subscription string, `PB_CONNECT`, `@oauth2`) and its data. */
export interface RealtimeMessage {
  readonly name: string
  /** The `data:` payload, written as is (JSON text for every message core sends). */
  readonly data: string
}

/**
 * `id:<clientId>\nevent:<name>\ndata:<data>\n\n`. The SSE id is always the client id: the SDK reads
 * its client id from `lastEventId`.
 *
 * note: like PocketBase, names and data are written unescaped; JSON data never contains a raw newline.
 */
export function sseFrame(clientId: string, message: RealtimeMessage): string {
  return `id:${clientId}\nevent:${message.name}\ndata:${message.data}\n\n`
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * JSON text as Go's `json.Marshal` writes it: HTML-sensitive characters escaped as `\u003c`, no
 * trailing newline (`goJson` is the encoder variant, with the newline).
 */
export function goMarshal(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!)
}
