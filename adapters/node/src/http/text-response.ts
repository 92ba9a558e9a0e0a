/**
 * @module A `Response` whose body is a string kept as is: the Node platform's `textResponse`, which
 * every JSON answer goes through. On Node 20 building a web `Response` around a string costs a
 * `ReadableStream` (tens of µs) and reading it back another pump; the server writes this one's text
 * straight to the socket instead. Anything else that reads it (tests, batch sub-requests, hooks) gets
 * a real Response, built on first use.
 */

/** A response with a text body, materialised as a regular Response only when something reads it. */
export class TextResponse extends Response {
  readonly #text: string
  #real: Response | undefined

  constructor(text: string, init?: ResponseInit) {
    super(null, init)
    this.#text = text
  }

  /**
   * The body text while nothing has read the body (the server's fast path), else `undefined` (then
   * the body must be read as a stream, like any other response's).
   */
  get pendingText(): string | undefined {
    return this.#real === undefined ? this.#text : undefined
  }

  #materialize(): Response {
    this.#real ??= new Response(this.#text, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    })
    return this.#real
  }

  #clone(): Response {
    if (this.#real !== undefined) {
      return this.#real.clone()
    }
    return new TextResponse(this.#text, {
      status: this.status,
      statusText: this.statusText,
      headers: new Headers(this.headers),
    })
  }

  static {
    // note: the body members are replaced on the prototype (the DOM typings declare them as
    // properties, which a subclass may not redefine as accessors or methods)
    type Real = Response & { bytes(): Promise<Uint8Array> }
    const real = (r: TextResponse) => r.#materialize() as Real
    const reads = ['text', 'json', 'arrayBuffer', 'bytes', 'blob', 'formData'] as const
    const props: PropertyDescriptorMap = {
      body: {
        configurable: true,
        get(this: TextResponse) {
          return real(this).body
        },
      },
      bodyUsed: {
        configurable: true,
        get(this: TextResponse) {
          return this.#real?.bodyUsed ?? false
        },
      },
      clone: {
        configurable: true,
        writable: true,
        value(this: TextResponse) {
          return this.#clone()
        },
      },
    }
    for (const name of reads) {
      props[name] = {
        configurable: true,
        writable: true,
        value(this: TextResponse) {
          return real(this)[name]()
        },
      }
    }
    Object.defineProperties(this.prototype, props)
  }
}

/** The platform hook: `(text, init) => Response`. */
export function nodeTextResponse(text: string, init: ResponseInit): Response {
  return new TextResponse(text, init)
}
