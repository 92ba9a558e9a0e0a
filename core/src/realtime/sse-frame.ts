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

const encoder = new TextEncoder()
/** The encoded `event:…\ndata:…\n\n` of a message object, kept on the object (shared by its clients). */
const BODY = Symbol('sseBody')
type WithBody = RealtimeMessage & { [BODY]?: Uint8Array }

/** Frames are cut from shared slabs, as Node's Buffer pool does: far fewer buffer allocations. */
const SLAB_SIZE = 64 * 1024
let slab = new Uint8Array(SLAB_SIZE)
let slabUsed = 0

function allocate(length: number): Uint8Array {
  if (length > SLAB_SIZE / 4) {
    return new Uint8Array(length)
  }
  if (slabUsed + length > SLAB_SIZE) {
    // note: the old slab lives on until every frame cut from it has been written
    slab = new Uint8Array(SLAB_SIZE)
    slabUsed = 0
  }
  const out = slab.subarray(slabUsed, slabUsed + length)
  slabUsed += length
  return out
}

function bodyOf(message: RealtimeMessage): Uint8Array {
  const m = message as WithBody
  let body = m[BODY]
  if (!body) {
    body = encoder.encode(`event:${m.name}\ndata:${m.data}\n\n`)
    if (Object.isExtensible(m)) {
      m[BODY] = body
    }
  }
  return body
}

/**
 * The bytes of frames: `idLine` (the client's encoded `id:<clientId>\n`) before each message's
 * `event:…\ndata:…\n\n`, which is encoded once per message object and shared by all its clients.
 */
export function encodeFrames(idLine: Uint8Array, messages: readonly RealtimeMessage[]): Uint8Array {
  if (messages.length === 1) {
    const body = bodyOf(messages[0]!)
    const out = allocate(idLine.length + body.length)
    out.set(idLine, 0)
    out.set(body, idLine.length)
    return out
  }
  const bodies = messages.map(bodyOf)
  let length = 0
  for (const b of bodies) {
    length += idLine.length + b.length
  }
  const out = allocate(length)
  let at = 0
  for (const b of bodies) {
    out.set(idLine, at)
    out.set(b, at + idLine.length)
    at += idLine.length + b.length
  }
  return out
}

/** `id:<clientId>\n` as bytes. */
export function encodeIdLine(clientId: string): Uint8Array {
  return encoder.encode(`id:${clientId}\n`)
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
