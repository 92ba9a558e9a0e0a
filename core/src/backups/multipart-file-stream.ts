/**
 * @module Streaming one file out of a `multipart/form-data` request body, without buffering it: for
 * backup uploads, which may be far larger than memory. Parts before the wanted one are skipped; the
 * wanted file's content is a stream that ends at the next boundary (the rest of the body is not read).
 */

/** A file part of a multipart body. */
export interface MultipartFile {
  /** The part's `filename` as sent (directories included). */
  filename: string
  /** The part's `Content-Type` header (`''` when absent). */
  contentType: string
  /** The content; read it once. */
  body: ReadableStream<Uint8Array>
}

/** A body that is not valid multipart data. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MultipartError'
  }
}

const MAX_HEADER_BYTES = 16 * 1024
const enc = new TextEncoder()
const dec = new TextDecoder()

/** The `boundary` parameter of a multipart content type, or undefined. */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType.trim())) {
    return undefined
  }
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const boundary = m?.[1] ?? m?.[2]
  return boundary && boundary.length <= 70 ? boundary : undefined
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]!
  outer: for (
    let i = haystack.indexOf(first, from);
    i !== -1 && i <= haystack.length - needle.length;
    i = haystack.indexOf(first, i + 1)
  ) {
    for (let j = 1; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer
    }
    return i
  }
  return -1
}

/** A pull-based byte reader with look-ahead over a stream. */
class ByteReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  #buffer = new Uint8Array(0)
  #done = false

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader()
  }

  get buffered(): Uint8Array {
    return this.#buffer
  }

  /** Reads more into the buffer; false at the end of the stream. */
  async fill(): Promise<boolean> {
    if (this.#done) return false
    const { value, done } = await this.#reader.read()
    if (done) {
      this.#done = true
      return false
    }
    const next = new Uint8Array(this.#buffer.length + value.length)
    next.set(this.#buffer)
    next.set(value, this.#buffer.length)
    this.#buffer = next
    return true
  }

  /** Drops `n` bytes from the front and returns them. */
  take(n: number): Uint8Array {
    const out = this.#buffer.slice(0, n)
    this.#buffer = this.#buffer.subarray(n)
    return out
  }

  /** Reads until `needle` (consumed); returns the bytes before it. Fails past `limit` bytes. */
  async until(needle: Uint8Array, limit: number): Promise<Uint8Array> {
    for (;;) {
      const at = indexOf(this.#buffer, needle)
      if (at >= 0) {
        const out = this.take(at)
        this.take(needle.length)
        return out
      }
      if (this.#buffer.length > limit + needle.length)
        throw new MultipartError('multipart: header too long')
      if (!(await this.fill())) throw new MultipartError('multipart: unexpected end of body')
    }
  }

  /** Ensures at least `n` bytes are buffered (false when the stream ends first). */
  async need(n: number): Promise<boolean> {
    while (this.#buffer.length < n) {
      if (!(await this.fill())) return false
    }
    return true
  }

  cancel(): Promise<void> {
    return this.#reader.cancel().catch(() => {})
  }
}

function parseDisposition(headers: string): {
  name?: string
  filename?: string
  contentType: string
} {
  let name: string | undefined
  let filename: string | undefined
  let contentType = ''
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const key = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    if (key === 'content-type') {
      contentType = value
    } else if (key === 'content-disposition') {
      for (const m of value.matchAll(/;\s*([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g)) {
        const v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim()
        if (m[1]!.toLowerCase() === 'name') name = v
        if (m[1]!.toLowerCase() === 'filename') filename = v
      }
    }
  }
  return {
    ...(name !== undefined ? { name } : {}),
    ...(filename !== undefined ? { filename } : {}),
    contentType,
  }
}

/** Streams the part between the reader's position and the next delimiter, consuming that delimiter. */
function partStream(reader: ByteReader, delimiter: Uint8Array): ReadableStream<Uint8Array> {
  let finished = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (finished) {
          controller.close()
          return
        }
        const buf = reader.buffered
        const at = indexOf(buf, delimiter)
        if (at >= 0) {
          if (at > 0) controller.enqueue(reader.take(at))
          reader.take(delimiter.length)
          finished = true
          if (at > 0) return
          continue
        }
        // everything but a possible partial delimiter at the end can go out
        const safe = buf.length - (delimiter.length - 1)
        if (safe > 0) {
          controller.enqueue(reader.take(safe))
          return
        }
        if (!(await reader.fill())) {
          throw new MultipartError('multipart: unexpected end of body')
        }
      }
    },
    cancel: () => reader.cancel(),
  })
}

/**
 * The first part named `field` that has a `filename` (what Go's `FormFile` finds), streamed; undefined
 * when the body has none.
 *
 * @throws MultipartError for a malformed body (also from reading the returned stream).
 */
export async function readMultipartFile(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  field: string,
): Promise<MultipartFile | undefined> {
  const boundary = multipartBoundary(contentType)
  if (!boundary) {
    throw new MultipartError('multipart: missing or invalid boundary')
  }
  if (!body) {
    return undefined
  }
  const reader = new ByteReader(body)
  const dashBoundary = enc.encode('--' + boundary)
  const delimiter = enc.encode('\r\n--' + boundary)
  // preamble, then the first boundary line
  await reader.until(dashBoundary, 1 << 20)
  for (;;) {
    if (!(await reader.need(2))) {
      throw new MultipartError('multipart: unexpected end of body')
    }
    const head = reader.buffered
    if (head[0] === 0x2d && head[1] === 0x2d) {
      await reader.cancel()
      return undefined // the closing boundary: no such file
    }
    // the rest of the boundary line: optional transport padding, then CRLF
    const line = await reader.until(enc.encode('\r\n'), 1024)
    if (!/^[ \t]*$/.test(dec.decode(line))) {
      throw new MultipartError('multipart: malformed boundary line')
    }
    const headers = dec.decode(await reader.until(enc.encode('\r\n\r\n'), MAX_HEADER_BYTES))
    const part = parseDisposition(headers)
    const stream = partStream(reader, delimiter)
    if (part.name === field && part.filename !== undefined && part.filename !== '') {
      return { filename: part.filename, contentType: part.contentType, body: stream }
    }
    // skip this part
    const skip = stream.getReader()
    while (!(await skip.read()).done) {
      // drained
    }
  }
}
