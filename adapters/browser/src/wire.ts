/**
 * @module Requests and responses as plain, transferable data, so they can cross a `postMessage`
 * boundary (page ↔ Worker) where `Request`/`Response` objects cannot. Bodies are buffered, except
 * event streams (realtime SSE), which flow through a `MessagePort` as they are produced.
 */
import { portToStream, streamToPort } from './stream-port.js'

/** A request flattened to structured-cloneable data; the body is a transferable buffer. */
export interface WireRequest {
  readonly url: string
  readonly method: string
  readonly headers: [string, string][]
  readonly body: ArrayBuffer | null
}

/** A response flattened the same way: a buffered body, or a port streaming it (event streams). */
export interface WireResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: [string, string][]
  readonly body: ArrayBuffer | null
  /** Set instead of `body` for streamed bodies (see `stream-port.ts`). */
  readonly stream?: MessagePort
}

// note: the Response constructor refuses a body for these statuses
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

/** Reads a `Request` into a {@link WireRequest}. */
export async function toWireRequest(request: Request): Promise<WireRequest> {
  const body = request.body === null ? null : await request.arrayBuffer()
  return { url: request.url, method: request.method, headers: [...request.headers], body }
}

/** Rebuilds a `Request` from a {@link WireRequest}. */
export function fromWireRequest(wire: WireRequest): Request {
  const hasBody = wire.body !== null && wire.method !== 'GET' && wire.method !== 'HEAD'
  return new Request(wire.url, {
    method: wire.method,
    headers: wire.headers,
    body: hasBody ? wire.body : null,
  })
}

/** Whether a response body must stream rather than be buffered: `text/event-stream`. */
export function isStreamingResponse(response: Response): boolean {
  return /^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '')
}

/**
 * Reads a `Response` into a {@link WireResponse}: the whole body, or for an event stream a port that
 * carries it chunk by chunk.
 */
export async function toWireResponse(response: Response): Promise<WireResponse> {
  if (response.body !== null && isStreamingResponse(response)) {
    return {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
      body: null,
      stream: streamToPort(response.body),
    }
  }
  const body = response.body === null ? null : await response.arrayBuffer()
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
    body,
  }
}

/** Rebuilds a `Response` from a {@link WireResponse}. */
export function fromWireResponse(wire: WireResponse): Response {
  const body = NULL_BODY_STATUSES.has(wire.status)
    ? null
    : wire.stream
      ? portToStream(wire.stream)
      : wire.body
  return new Response(body, {
    status: wire.status,
    statusText: wire.statusText,
    headers: wire.headers,
  })
}

/** The buffers of a wire message, for `postMessage`'s transfer list. */
export function wireTransferables(wire: WireRequest | WireResponse): Transferable[] {
  const out: Transferable[] = wire.body === null ? [] : [wire.body]
  if ('stream' in wire && wire.stream) {
    out.push(wire.stream)
  }
  return out
}
