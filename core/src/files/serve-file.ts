/**
 * @module Serving a stored file over HTTP (PocketBase `filesystem.Serve` + Go's `http.ServeContent`):
 * disposition, content type, CSP and cache headers, `Last-Modified` with conditional requests, and
 * single byte ranges. The body is streamed from storage, never buffered whole.
 */
import type { FileAttributes, FileStorage } from './file-storage.js'

const INLINE_TYPES = new Set([
  'image/png', 'image/jpg', 'image/jpeg', 'image/gif', 'image/webp', 'image/x-icon', 'image/bmp',
  'video/webm', 'video/mp4', 'video/3gpp', 'video/quicktime', 'video/x-ms-wmv',
  'audio/basic', 'audio/aiff', 'audio/mpeg', 'audio/midi', 'audio/mp3', 'audio/wave',
  'audio/wav', 'audio/x-wav', 'audio/x-mpeg', 'audio/x-m4a', 'audio/aac',
  'application/pdf', 'application/x-pdf',
])

/** Extensions served with a fixed type whatever was sniffed (PocketBase `manualExtensionContentTypes`). */
const EXTENSION_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
}

const CSP = "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
const CACHE_CONTROL = 'max-age=2592000, stale-while-revalidate=86400'

/** Go's `strconv.ParseBool`. */
export function parseGoBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false
  return undefined
}

/** Go's `filepath.Ext`: from the last dot of the last path element. */
function goExt(key: string): string {
  for (let i = key.length - 1; i >= 0 && key[i] !== '/'; i--) {
    if (key[i] === '.') {
      return key.slice(i)
    }
  }
  return ''
}

/** HTTP date (`Mon, 02 Jan 2006 15:04:05 GMT`) of a time, truncated to seconds. */
const httpDate = (d: Date) => d.toUTCString()

type Cond = 'none' | 'true' | 'false'

function checkIfUnmodifiedSince(req: Request, modTime: Date): Cond {
  const ius = req.headers.get('if-unmodified-since')
  if (!ius || modTime.getTime() <= 0) return 'none'
  const t = Date.parse(ius)
  if (Number.isNaN(t)) return 'none'
  return Math.floor(modTime.getTime() / 1000) * 1000 <= t ? 'true' : 'false'
}

function checkIfModifiedSince(req: Request, modTime: Date): Cond {
  if (req.method !== 'GET' && req.method !== 'HEAD') return 'none'
  const ims = req.headers.get('if-modified-since')
  if (!ims || modTime.getTime() <= 0) return 'none'
  const t = Date.parse(ims)
  if (Number.isNaN(t)) return 'none'
  return Math.floor(modTime.getTime() / 1000) * 1000 <= t ? 'false' : 'true'
}

interface Range {
  start: number
  length: number
}

/** Go's `parseRange`: `null` = invalid or unsatisfiable. */
function parseRange(header: string, size: number): Range[] | null {
  if (!header.startsWith('bytes=')) {
    return null
  }
  const ranges: Range[] = []
  let noOverlap = false
  for (const part of header.slice(6).split(',')) {
    const ra = part.trim()
    if (ra === '') continue
    const dash = ra.indexOf('-')
    if (dash < 0) return null
    const startText = ra.slice(0, dash).trim()
    const endText = ra.slice(dash + 1).trim()
    let r: Range
    if (startText === '') {
      // suffix: the last N bytes
      if (endText === '' || endText.startsWith('-') || !/^\d+$/.test(endText)) return null
      let n = Number(endText)
      if (n > size) n = size
      r = { start: size - n, length: n }
      if (n === 0) {
        noOverlap = true
        continue
      }
    } else {
      if (!/^\d+$/.test(startText)) return null
      const start = Number(startText)
      if (start >= size) {
        noOverlap = true
        continue
      }
      let end = size - 1
      if (endText !== '') {
        if (!/^\d+$/.test(endText)) return null
        end = Math.min(Number(endText), size - 1)
        if (start > Number(endText)) return null
      }
      r = { start, length: end - start + 1 }
    }
    ranges.push(r)
  }
  if (noOverlap && ranges.length === 0) {
    return null
  }
  return ranges
}

/** Options of {@link serveStoredFile}. */
export interface ServeOptions {
  /** The name in `Content-Disposition` (the thumb's or the original's). */
  name: string
  /** Extra response headers (set before the defaults, which never override them). */
  headers?: Headers
}

/**
 * The response for a stored object, or `undefined` when it does not exist. Honours `?download`, Range,
 * If-Modified-Since/If-Unmodified-Since, and HEAD.
 */
export async function serveStoredFile(
  storage: FileStorage,
  request: Request,
  key: string,
  options: ServeOptions,
): Promise<Response | undefined> {
  const attrs = await storage.attributes(key)
  if (!attrs) {
    return undefined
  }
  const headers = new Headers(options.headers)
  const setDefault = (k: string, v: string) => {
    if (!headers.has(k)) headers.set(k, v)
  }
  const url = new URL(request.url)
  const forceAttachment = parseGoBool(url.searchParams.get('download') ?? '') === true
  const disposition = !forceAttachment && INLINE_TYPES.has(attrs.contentType) ? 'inline' : 'attachment'
  setDefault('content-disposition', `${disposition}; filename=${options.name}`)
  setDefault('content-type', EXTENSION_TYPES[goExt(key)] ?? attrs.contentType)
  setDefault('content-security-policy', CSP)
  setDefault('cache-control', CACHE_CONTROL)
  return serveContent(storage, request, key, attrs, headers)
}

async function serveContent(
  storage: FileStorage,
  request: Request,
  key: string,
  attrs: FileAttributes,
  headers: Headers,
): Promise<Response | undefined> {
  const size = attrs.size
  if (attrs.modTime.getTime() > 0) {
    headers.set('last-modified', httpDate(attrs.modTime))
  }
  // note: Go's checkPreconditions without ETags: If-Unmodified-Since, then If-Modified-Since
  if (checkIfUnmodifiedSince(request, attrs.modTime) === 'false') {
    return new Response(null, { status: 412, headers })
  }
  if (checkIfModifiedSince(request, attrs.modTime) === 'false') {
    for (const h of ['content-type', 'content-length', 'content-encoding']) headers.delete(h)
    return new Response(null, { status: 304, headers })
  }
  headers.set('accept-ranges', 'bytes')

  let status = 200
  let range: Range | undefined
  let multi: Range[] | undefined
  const rangeHeader = request.headers.get('range')
  const ifRange = request.headers.get('if-range')
  const rangeApplies =
    rangeHeader !== null && (ifRange === null || ifRange === httpDate(attrs.modTime) || Date.parse(ifRange) === Math.floor(attrs.modTime.getTime() / 1000) * 1000)
  if (rangeApplies && rangeHeader !== '') {
    const ranges = parseRange(rangeHeader, size)
    if (ranges === null) {
      headers.set('content-range', `bytes */${size}`)
      headers.set('content-type', 'text/plain; charset=utf-8')
      headers.set('x-content-type-options', 'nosniff')
      return new Response('invalid range: failed to overlap\n', { status: 416, headers })
    }
    const total = ranges.reduce((n, r) => n + r.length, 0)
    // note: like Go, ranges adding up to more than the file are ignored (the whole file is sent)
    if (ranges.length === 1 && total <= size) {
      range = ranges[0]!
      status = 206
      headers.set('content-range', `bytes ${range.start}-${range.start + range.length - 1}/${size}`)
    } else if (ranges.length > 1 && total <= size) {
      multi = ranges
      status = 206
    }
  }
  if (multi) {
    return multipartRanges(storage, request, key, size, headers, multi)
  }
  const length = range ? range.length : size
  headers.set('content-length', String(length))
  if (request.method === 'HEAD') {
    return new Response(null, { status, headers })
  }
  const read = await storage.read(key, range ? { offset: range.start, length: range.length } : undefined)
  if (!read) {
    return undefined
  }
  return new Response(read.body, { status, headers })
}

/** Several ranges as `multipart/byteranges` (Go's `ServeContent` layout: parts in request order). */
function multipartRanges(
  storage: FileStorage,
  request: Request,
  key: string,
  size: number,
  headers: Headers,
  ranges: Range[],
): Response {
  const boundary = Array.from(crypto.getRandomValues(new Uint8Array(30)), (b) => b.toString(16).padStart(2, '0')).join('')
  const contentType = headers.get('content-type') ?? ''
  const enc = new TextEncoder()
  const partHead = (r: Range, i: number) =>
    enc.encode(
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Range: bytes ${r.start}-${r.start + r.length - 1}/${size}\r\nContent-Type: ${contentType}\r\n\r\n`,
    )
  const tail = enc.encode(`\r\n--${boundary}--\r\n`)
  const length = ranges.reduce((n, r, i) => n + partHead(r, i).length + r.length, tail.length)
  headers.set('content-type', `multipart/byteranges; boundary=${boundary}`)
  headers.set('content-length', String(length))
  if (request.method === 'HEAD') {
    return new Response(null, { status: 206, headers })
  }
  let i = 0
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (reader) {
          const { done, value } = await reader.read()
          if (!done) {
            controller.enqueue(value)
            return
          }
          reader = undefined
          i++
        }
        if (i >= ranges.length) {
          controller.enqueue(tail)
          controller.close()
          return
        }
        const r = ranges[i]!
        const read = await storage.read(key, { offset: r.start, length: r.length })
        if (!read) {
          controller.error(new Error('file disappeared while serving ranges'))
          return
        }
        controller.enqueue(partHead(r, i))
        reader = read.body.getReader()
      }
    },
    cancel() {
      void reader?.cancel()
    },
  })
  return new Response(body, { status: 206, headers })
}
