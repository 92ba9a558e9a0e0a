/**
 * @module An incremental Server-Sent Events parser (the WHATWG "event stream interpretation"): bytes in,
 * dispatched events out. Used by {@link createEventSourceClass} to read SSE through a `fetch`.
 */

/** One dispatched event. */
export interface SseEvent {
  /** The `event:` field, or `message` when absent. */
  readonly type: string
  /** The `data:` lines joined with `\n`. */
  readonly data: string
  /** The last event id seen on this stream (it persists across events, as the spec says). */
  readonly lastEventId: string
}

/** What the parser reports besides events. */
export interface SseParserSink {
  event(event: SseEvent): void
  /** A valid `retry:` field (ms). */
  retry?(ms: number): void
}

/**
 * Feeds decoded text to the spec's line algorithm. Lines end with CRLF, LF or CR (a CR at the end of a
 * chunk is held until the next chunk tells whether an LF follows).
 */
export class SseParser {
  readonly #sink: SseParserSink
  readonly #decoder = new TextDecoder('utf-8')
  #buffer = ''
  #pendingCR = false
  #data = ''
  #hasData = false
  #type = ''
  #lastEventId = ''
  #firstChunk = true

  constructor(sink: SseParserSink, lastEventId = '') {
    this.#sink = sink
    this.#lastEventId = lastEventId
  }

  /** The last event id (to resume a reconnect with `Last-Event-ID`). */
  get lastEventId(): string {
    return this.#lastEventId
  }

  /** Parses a chunk of the body. */
  push(chunk: Uint8Array): void {
    let text = this.#decoder.decode(chunk, { stream: true })
    if (this.#firstChunk && text.length > 0) {
      this.#firstChunk = false
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1) // note: a leading BOM is ignored, once
      }
    }
    this.#feed(text)
  }

  /** The body ended: an unterminated last event is dropped, as the spec says. */
  end(): void {
    this.#feed(this.#decoder.decode())
    this.#buffer = ''
    this.#data = ''
    this.#hasData = false
    this.#type = ''
  }

  #feed(text: string): void {
    let start = 0
    let i = 0
    if (this.#pendingCR) {
      this.#pendingCR = false
      if (text.charCodeAt(0) === 10) {
        start = i = 1
      }
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c !== 10 && c !== 13) {
        continue
      }
      this.#line(this.#buffer + text.slice(start, i))
      this.#buffer = ''
      if (c === 13) {
        if (i + 1 === text.length) {
          this.#pendingCR = true
        } else if (text.charCodeAt(i + 1) === 10) {
          i++
        }
      }
      start = i + 1
    }
    this.#buffer += text.slice(start)
  }

  #line(line: string): void {
    if (line === '') {
      this.#dispatch()
      return
    }
    if (line.charCodeAt(0) === 58) {
      return // ':' comment
    }
    const colon = line.indexOf(':')
    let field = line
    let value = ''
    if (colon >= 0) {
      field = line.slice(0, colon)
      value = line.slice(colon + 1)
      if (value.charCodeAt(0) === 32) {
        value = value.slice(1)
      }
    }
    switch (field) {
      case 'event':
        this.#type = value
        break
      case 'data':
        this.#data += this.#hasData ? '\n' + value : value
        this.#hasData = true
        break
      case 'id':
        if (!value.includes('\0')) {
          this.#lastEventId = value
        }
        break
      case 'retry':
        if (/^\d+$/.test(value)) {
          this.#sink.retry?.(Number(value))
        }
        break
    }
  }

  #dispatch(): void {
    if (!this.#hasData) {
      this.#type = ''
      return
    }
    const event: SseEvent = {
      type: this.#type === '' ? 'message' : this.#type,
      data: this.#data,
      lastEventId: this.#lastEventId,
    }
    this.#data = ''
    this.#hasData = false
    this.#type = ''
    this.#sink.event(event)
  }
}
