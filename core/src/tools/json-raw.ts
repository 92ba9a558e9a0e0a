/**
 * @module Raw JSON text kept as-is (PocketBase's `types.JSONRaw`), for `json` fields.
 */

/**
 * A JSON document stored verbatim. Serialises as the parsed value (so it nests inside responses);
 * the text is what goes to the database and what size limits measure. Empty text means SQL NULL.
 */
export class JsonRaw {
  readonly text: string
  #parsed: { value: unknown } | undefined

  constructor(text: string) {
    this.text = text
  }

  /** Wraps a JS value (serialised with JSON.stringify) or passes text/JsonRaw through. */
  static from(value: unknown): JsonRaw {
    if (value instanceof JsonRaw) {
      return value
    }
    if (value === null || value === undefined) {
      return new JsonRaw('')
    }
    if (typeof value === 'string') {
      return new JsonRaw(value)
    }
    if (value instanceof Uint8Array) {
      return new JsonRaw(new TextDecoder().decode(value))
    }
    return new JsonRaw(JSON.stringify(value) ?? '')
  }

  /** Whether the text parses as JSON (empty text counts as `null`). */
  isValid(): boolean {
    return this.#parse() !== undefined
  }

  /** The parsed value (`null` for empty or invalid text). */
  value(): unknown {
    return this.#parse()?.value ?? null
  }

  #parse(): { value: unknown } | undefined {
    if (this.#parsed === undefined) {
      if (this.text === '') {
        this.#parsed = { value: null }
      } else {
        try {
          this.#parsed = { value: JSON.parse(this.text) as unknown }
        } catch {
          return undefined
        }
      }
    }
    return this.#parsed
  }

  toJSON(): unknown {
    return this.value()
  }

  toString(): string {
    return this.text === '' ? 'null' : this.text
  }
}
