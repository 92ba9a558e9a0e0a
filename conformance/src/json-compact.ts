// A byte-level equivalent of Go's `json.Compact`, which the Go scenario runner applies to every
// response body before its substring checks. It validates the input with the same grammar as Go's
// scanner and, if valid, drops the whitespace between tokens. String contents, including their
// escapes (`\u003c`, `\/`, ...), are copied byte for byte: re-serialising through JSON.parse and
// JSON.stringify would rewrite escapes and number forms, so it is deliberately not used here.

const SPACE = 0x20
const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const BACKSLASH = 0x5c

/** Go's scanner limit (`maxNestingDepth`); deeper input is a syntax error there too. */
const MAX_DEPTH = 10000

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}

class InvalidJson extends Error {}

/** Recursive-descent validator over bytes; `pos` always points at the next unread byte. */
class Validator {
  pos = 0

  constructor(private readonly src: Uint8Array) {}

  run(): void {
    this.skipSpace()
    this.value(0)
    this.skipSpace()
    if (this.pos !== this.src.length) throw new InvalidJson('trailing data')
  }

  private peek(): number {
    if (this.pos >= this.src.length) throw new InvalidJson('unexpected end')
    return this.src[this.pos]!
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && isSpace(this.src[this.pos]!)) this.pos++
  }

  private value(depth: number): void {
    const c = this.peek()
    if (c === 0x7b) return this.object(depth + 1)
    if (c === 0x5b) return this.array(depth + 1)
    if (c === QUOTE) return this.string()
    if (c === 0x2d || isDigit(c)) return this.number()
    if (c === 0x74) return this.literal('true')
    if (c === 0x66) return this.literal('false')
    if (c === 0x6e) return this.literal('null')
    throw new InvalidJson('unexpected byte')
  }

  private object(depth: number): void {
    if (depth > MAX_DEPTH) throw new InvalidJson('too deep')
    this.pos++ // {
    this.skipSpace()
    if (this.peek() === 0x7d) {
      this.pos++
      return
    }
    for (;;) {
      this.skipSpace()
      if (this.peek() !== QUOTE) throw new InvalidJson('expected key')
      this.string()
      this.skipSpace()
      if (this.peek() !== 0x3a) throw new InvalidJson('expected colon')
      this.pos++
      this.skipSpace()
      this.value(depth)
      this.skipSpace()
      const c = this.peek()
      this.pos++
      if (c === 0x7d) return
      if (c !== 0x2c) throw new InvalidJson('expected comma or }')
    }
  }

  private array(depth: number): void {
    if (depth > MAX_DEPTH) throw new InvalidJson('too deep')
    this.pos++ // [
    this.skipSpace()
    if (this.peek() === 0x5d) {
      this.pos++
      return
    }
    for (;;) {
      this.skipSpace()
      this.value(depth)
      this.skipSpace()
      const c = this.peek()
      this.pos++
      if (c === 0x5d) return
      if (c !== 0x2c) throw new InvalidJson('expected comma or ]')
    }
  }

  private string(): void {
    this.pos++ // opening quote
    for (;;) {
      const c = this.peek()
      this.pos++
      if (c === QUOTE) return
      // note: like Go's scanner, raw bytes >= 0x80 are accepted without UTF-8 validation
      if (c < 0x20) throw new InvalidJson('control character in string')
      if (c === BACKSLASH) {
        const e = this.peek()
        this.pos++
        if (e === 0x75) {
          for (let i = 0; i < 4; i++) {
            if (!isHex(this.peek())) throw new InvalidJson('bad \\u escape')
            this.pos++
          }
        } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e))) {
          throw new InvalidJson('bad escape')
        }
      }
    }
  }

  private number(): void {
    if (this.peek() === 0x2d) this.pos++
    const first = this.peek()
    if (first === 0x30) {
      this.pos++
    } else if (isDigit(first)) {
      this.digits()
    } else {
      throw new InvalidJson('bad number')
    }
    if (this.pos < this.src.length && this.src[this.pos] === 0x2e) {
      this.pos++
      if (!isDigit(this.peek())) throw new InvalidJson('bad fraction')
      this.digits()
    }
    if (
      this.pos < this.src.length &&
      (this.src[this.pos] === 0x65 || this.src[this.pos] === 0x45)
    ) {
      this.pos++
      const s = this.peek()
      if (s === 0x2b || s === 0x2d) this.pos++
      if (!isDigit(this.peek())) throw new InvalidJson('bad exponent')
      this.digits()
    }
  }

  private digits(): void {
    while (this.pos < this.src.length && isDigit(this.src[this.pos]!)) this.pos++
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() !== word.charCodeAt(i)) throw new InvalidJson('bad literal')
      this.pos++
    }
  }
}

/** Reports whether `src` is one complete JSON value by Go's `encoding/json` grammar. */
export function isValidJson(src: Uint8Array): boolean {
  try {
    new Validator(src).run()
    return true
  } catch (err) {
    if (err instanceof InvalidJson) return false
    throw err
  }
}

/**
 * Go's `json.Compact`: returns `src` without insignificant whitespace, or `undefined` when `src`
 * is not valid JSON (Go then returns an error and the runner falls back to the raw body).
 */
export function compactJson(src: Uint8Array): Uint8Array | undefined {
  if (!isValidJson(src)) return undefined
  const out = new Uint8Array(src.length)
  let n = 0
  let inString = false
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!
    if (inString) {
      out[n++] = c
      if (c === BACKSLASH) {
        // the escaped byte is copied as is, so an escaped quote never ends the string
        out[n++] = src[++i]!
      } else if (c === QUOTE) {
        inString = false
      }
    } else if (!isSpace(c)) {
      out[n++] = c
      if (c === QUOTE) inString = true
    }
  }
  return out.subarray(0, n)
}

/** The body the Go runner's substring checks see: compacted JSON, or the raw bytes. */
export function normalizeBody(body: Uint8Array): Uint8Array {
  return compactJson(body) ?? body
}
