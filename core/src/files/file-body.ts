/**
 * @module Helpers over {@link FileBody}: turn any body into a stream or into bytes.
 */
import type { FileBody } from './file-storage.js'

/** The body as a byte stream. */
export function bodyStream(body: FileBody): ReadableStream<Uint8Array> {
  if (body instanceof Uint8Array) {
    return new Blob([body as Uint8Array<ArrayBuffer>]).stream()
  }
  if (body instanceof Blob) {
    return body.stream()
  }
  return body
}

/** The whole body as bytes. */
export async function bodyBytes(body: FileBody): Promise<Uint8Array> {
  if (body instanceof Uint8Array) {
    return body
  }
  if (body instanceof Blob) {
    return new Uint8Array(await body.arrayBuffer())
  }
  return new Uint8Array(await new Response(body).arrayBuffer())
}

/** A stream of `bytes[offset, offset+length)`. */
export function sliceStream(bytes: Uint8Array, offset = 0, length?: number): ReadableStream<Uint8Array> {
  const end = length === undefined ? bytes.length : Math.min(bytes.length, offset + length)
  return new Blob([bytes.subarray(Math.min(offset, bytes.length), end) as Uint8Array<ArrayBuffer>]).stream()
}
