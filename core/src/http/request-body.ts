/**
 * @module Reading request bodies the way PocketBase's `BindBody` does: JSON, multipart and urlencoded
 * forms (with type inference and `@jsonPayload`), read once and cached on the event.
 */
import { formatFloat } from '../tools/cast.js'
import { badRequest, tooLarge } from './api-error.js'

/** PocketBase's default body limit (`BodyLimit` middleware): 32 MiB. */
export const DEFAULT_MAX_BODY_SIZE = 32 << 20

/** Multipart key whose values are JSON objects merged over the body (the SDK sends non-file data here). */
export const JSON_PAYLOAD_KEY = '@jsonPayload'

/** A parsed body: plain values, and the uploaded files by field key. */
export interface ParsedBody {
  data: Record<string, unknown>
  files: Map<string, File[]>
}

/** Thrown for a body whose content type PocketBase doesn't read. */
export const unsupportedContentType = () => badRequest('Unsupported Content-Type.')

const NUMBER_CHARS = /^[\-.\d]+$/

/**
 * Form values are strings; like PocketBase, `"true"`/`"false"` become booleans and numeric strings
 * whose shortest float form is the same text become numbers (`"12"` → 12, `"012"` stays text).
 */
export function inferFormValue(raw: string): unknown {
  if (raw === 'true') return true
  if (raw === 'false') return false
  if (raw !== '' && (raw[0] === '-' || (raw[0]! >= '0' && raw[0]! <= '9')) && NUMBER_CHARS.test(raw)) {
    const n = Number(raw)
    if (!Number.isNaN(n) && formatFloat(n) === raw) {
      return n
    }
  }
  return raw
}

/** Go's `json` number limit: a literal beyond float64 (`1e400`) is an error there, not Infinity. */
const HUGE_NUMBER = /\d[eE]\+?\d{3}|\d{309}/

function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') {
    return !Number.isFinite(value)
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value).some(hasNonFinite)
  }
  return false
}

/**
 * `JSON.parse` as Go's `encoding/json` decodes into `any`: numbers out of float64 range are an error
 * (JS would give Infinity). The caller decodes without stripping a BOM, which Go rejects too.
 */
function parseJson(text: string): unknown {
  const parsed: unknown = JSON.parse(text)
  if (HUGE_NUMBER.test(text) && hasNonFinite(parsed)) {
    throw new SyntaxError('number out of float64 range')
  }
  return parsed
}

/**
 * A JSON body as PocketBase's `BindBody` reads it (`json.Decoder.Decode`): the first JSON value, so
 * anything after a complete object is ignored (`{"a":1}garbage` is `{"a":1}`).
 */
function parseJsonBody(text: string): unknown {
  try {
    return parseJson(text)
  } catch (err) {
    const end = firstValueEnd(text)
    if (end === undefined || end === text.length) {
      throw err
    }
    return parseJson(text.slice(0, end))
  }
}

/** Where the object or array that starts `text` (after JSON whitespace) ends, if it does. */
function firstValueEnd(text: string): number | undefined {
  let i = 0
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) {
    i++
  }
  if (text[i] !== '{' && text[i] !== '[') {
    return undefined
  }
  let depth = 0
  for (; i < text.length; i++) {
    const c = text[i]
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') {
          i++
        }
      }
    } else if (c === '{' || c === '[') {
      depth++
    } else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) {
        return i + 1
      }
    }
  }
  return undefined
}

function mergeJsonPayload(data: Record<string, unknown>, payloads: string[]): void {
  for (const payload of payloads) {
    let parsed: unknown
    try {
      parsed = parseJson(payload)
    } catch (err) {
      throw badRequest(undefined, {}, err)
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      Object.assign(data, parsed)
    } else if (parsed === null) {
      // note: Go's json.Unmarshal of `null` into the body map sets it to nil: the form values so far go
      for (const key of Object.keys(data)) {
        delete data[key]
      }
    } else {
      throw badRequest()
    }
  }
}

/** Collects form entries: repeated keys become arrays, files go to `files`. */
function fromFormData(form: FormData): ParsedBody {
  const grouped = new Map<string, string[]>()
  const files = new Map<string, File[]>()
  const payloads: string[] = []
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') {
      files.set(key, [...(files.get(key) ?? []), value])
    } else if (key === JSON_PAYLOAD_KEY) {
      payloads.push(value)
    } else {
      grouped.set(key, [...(grouped.get(key) ?? []), value])
    }
  }
  const data: Record<string, unknown> = {}
  for (const [key, values] of grouped) {
    data[key] = values.length === 1 ? inferFormValue(values[0]!) : values.map(inferFormValue)
  }
  mergeJsonPayload(data, payloads)
  return { data, files }
}

const bodyLimits = new WeakMap<Request, number>()
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

/**
 * Sets the body limit of a request before its body is read (PocketBase's `BodyLimit` middlewares; a
 * route binds it, e.g. record create/update with the collection's file allowances). `0` = no limit.
 */
export function setRequestBodyLimit(request: Request, maxSize: number): void {
  bodyLimits.set(request, maxSize)
}

/**
 * Reads and parses the body. An empty body is `{}`; invalid JSON or form data is a 400 with empty
 * `data`; a body over `maxSize` bytes is a 413: at once when `Content-Length` says so, else as soon as
 * the bytes read pass the limit (the rest of the body is never read).
 */
export async function parseRequestBody(
  request: Request,
  maxSize = bodyLimits.get(request) ?? DEFAULT_MAX_BODY_SIZE,
): Promise<ParsedBody> {
  if (maxSize <= 0) {
    maxSize = Number.MAX_SAFE_INTEGER
  }
  const empty = (): ParsedBody => ({ data: {}, files: new Map() })
  const length = Number(request.headers.get('content-length') ?? NaN)
  if (length > maxSize) {
    throw tooLarge()
  }
  if (!request.body || length === 0) {
    return empty()
  }
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase()
  const bytes = await readLimited(request, maxSize)
  if (bytes.length === 0) {
    return empty()
  }

  if (contentType.startsWith('application/json')) {
    let parsed: unknown
    try {
      // note: ignoreBOM keeps a leading U+FEFF, so the body fails to parse as in Go
      parsed = parseJsonBody(utf8.decode(bytes))
    } catch (err) {
      throw badRequest(undefined, {}, err)
    }
    if (parsed === null) {
      return empty()
    }
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badRequest()
    }
    return { data: parsed as Record<string, unknown>, files: new Map() }
  }

  if (contentType.startsWith('multipart/form-data') || contentType.startsWith('application/x-www-form-urlencoded')) {
    let form: FormData
    try {
      form = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type')! } }).formData()
    } catch (err) {
      throw badRequest(undefined, {}, err)
    }
    return fromFormData(form)
  }

  throw unsupportedContentType()
}

async function readLimited(request: Request, maxSize: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = request.body!.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) {
      break
    }
    total += value.length
    if (total > maxSize) {
      await reader.cancel().catch(() => {})
      throw tooLarge()
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.length
  }
  return out
}
