/**
 * @module The thumbnail port: turns an original image into a thumb. Core's implementation
 * (`wasm-thumb-maker.ts`) runs the same WebAssembly codecs on every platform, so Node and a Service
 * Worker produce identical thumbs; platforms only say where the codec binaries come from.
 */
import type { ThumbSize } from './thumb-size.js'

/** A generated thumb. */
export interface Thumb {
  bytes: Uint8Array
  /** `image/jpeg` or `image/gif` for those originals, else `image/png` (webp thumbs are PNG, as PocketBase's). */
  contentType: string
}

/** Makes thumbs; rejects when the original cannot be decoded (the caller then serves the original). */
export interface ThumbMaker {
  make(original: Uint8Array, contentType: string, size: ThumbSize): Promise<Thumb>
}

/** Content types PocketBase makes thumbs for. */
export const THUMB_SOURCE_TYPES = ['image/png', 'image/jpg', 'image/jpeg', 'image/gif', 'image/webp']
