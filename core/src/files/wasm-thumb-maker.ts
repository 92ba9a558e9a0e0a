/**
 * @module The thumb maker every platform shares: WebAssembly codecs (`@jsquash` mozjpeg, png, libwebp
 * decoder), a JS GIF codec, and imaging's resampling in TypeScript. The same input gives the same
 * bytes in Node, a Service Worker or a page; platforms only supply the compiled codec modules.
 *
 * Output formats follow PocketBase: JPEG originals give JPEG thumbs (quality 95), GIF gives GIF, PNG and
 * WebP give PNG. JPEG EXIF orientation is applied first, as imaging's `AutoOrientation` does.
 */
import decodeJpeg, { init as initJpegDecoder } from '@jsquash/jpeg/decode.js'
import encodeJpeg, { init as initJpegEncoder } from '@jsquash/jpeg/encode.js'
import decodePng, { init as initPngCodec } from '@jsquash/png/decode.js'
import encodePng from '@jsquash/png/encode.js'
import decodeWebp, { init as initWebpDecoder } from '@jsquash/webp/decode.js'
import { jpegOrientation } from './exif-orientation.js'
import { decodeGif, encodeGif } from './gif-codec.js'
import { applyOrientation, fill, fit, resize, type RgbaImage } from './image-resize.js'
import { sniffContentType } from './mime-sniff.js'
import type { Thumb, ThumbMaker } from './thumb-maker.js'
import type { ThumbSize } from './thumb-size.js'

/** The codec binaries a platform must provide. */
export type CodecWasm = 'mozjpeg_dec' | 'mozjpeg_enc' | 'squoosh_png' | 'webp_dec'

/** Where each binary lives inside its npm package (adapters copy or read them from there). */
export const CODEC_WASM_FILES: Readonly<Record<CodecWasm, string>> = {
  mozjpeg_dec: '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm',
  mozjpeg_enc: '@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm',
  squoosh_png: '@jsquash/png/codec/pkg/squoosh_png_bg.wasm',
  webp_dec: '@jsquash/webp/codec/dec/webp_dec.wasm',
}

/** A compiled `WebAssembly.Module` (typed loosely: core's test build has no DOM/WebWorker types). */
export type CompiledWasm = object

/** Compiles (or returns a cached) codec module. */
export type WasmSource = (name: CodecWasm) => Promise<CompiledWasm>

/** Images above this many pixels are not thumbed (the original is served), so a hostile header can't exhaust memory. */
export const MAX_THUMB_SOURCE_PIXELS = 64_000_000

const QUIET = { print: () => {}, printErr: () => {} }

/** The Emscripten codecs' `init(module, options)` (their .d.ts only declares the options form). */
type EmscriptenInit = (module: CompiledWasm, options: typeof QUIET) => Promise<void>
const withModule = (init: unknown) => init as EmscriptenInit

/** Width and height from the image header, when it can be read cheaply. */
export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const type = sniffContentType(bytes.subarray(0, 64), false).mime
  try {
    if (type === 'image/png' || type === 'image/apng') return { width: v.getUint32(16), height: v.getUint32(20) }
    if (type === 'image/gif') return { width: v.getUint16(6, true), height: v.getUint16(8, true) }
    if (type === 'image/webp') {
      const chunk = String.fromCharCode(...bytes.subarray(12, 16))
      if (chunk === 'VP8X') return { width: 1 + (v.getUint32(24, true) & 0xffffff), height: 1 + (v.getUint32(27, true) & 0xffffff) }
      if (chunk === 'VP8L') {
        const b = v.getUint32(21, true)
        return { width: 1 + (b & 0x3fff), height: 1 + ((b >> 14) & 0x3fff) }
      }
      if (chunk === 'VP8 ') return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff }
    }
    if (type === 'image/jpeg') {
      let pos = 2
      while (pos + 9 < bytes.length) {
        const marker = v.getUint16(pos)
        if ((marker & 0xff00) !== 0xff00) return undefined
        const isSof = marker >= 0xffc0 && marker <= 0xffcf && marker !== 0xffc4 && marker !== 0xffc8 && marker !== 0xffcc
        if (isSof) return { width: v.getUint16(pos + 7), height: v.getUint16(pos + 5) }
        pos += 2 + v.getUint16(pos + 2)
      }
    }
  } catch {
    return undefined
  }
  return undefined
}

/** Creates a thumb maker over codec binaries from `source` (compiled once, on first use). */
export function createWasmThumbMaker(source: WasmSource): ThumbMaker {
  const ready = new Map<CodecWasm, Promise<void>>()
  const modules = new Map<CodecWasm, CompiledWasm>()
  const emscriptenInit: Partial<Record<CodecWasm, (m: CompiledWasm) => unknown>> = {
    mozjpeg_dec: (m) => withModule(initJpegDecoder)(m, QUIET),
    mozjpeg_enc: (m) => withModule(initJpegEncoder)(m, QUIET),
    webp_dec: (m) => withModule(initWebpDecoder)(m, QUIET),
  }

  const load = (name: CodecWasm): Promise<void> => {
    let p = ready.get(name)
    if (!p) {
      p = (async () => {
        const module = await source(name)
        modules.set(name, module)
        await (name === 'squoosh_png' ? initPngCodec(module as Parameters<typeof initPngCodec>[0]) : emscriptenInit[name]!(module))
      })()
      p.catch(() => ready.delete(name))
      ready.set(name, p)
    }
    return p
  }

  /** Runs a codec call; after a failure an Emscripten codec gets a fresh instance (an abort poisons it). */
  const run = async <T>(name: CodecWasm, fn: () => Promise<T>): Promise<T> => {
    await load(name)
    try {
      return await fn()
    } catch (err) {
      const module = modules.get(name)
      const reinit = emscriptenInit[name]
      if (module && reinit) {
        ready.set(name, Promise.resolve(reinit(module)).then(() => {}))
      }
      throw err
    }
  }

  const decode = async (bytes: Uint8Array): Promise<RgbaImage> => {
    const dims = imageDimensions(bytes)
    if (dims && dims.width * dims.height > MAX_THUMB_SOURCE_PIXELS) {
      throw new Error(`image too large to thumb (${dims.width}x${dims.height})`)
    }
    // note: a copy into a fresh ArrayBuffer (a Node Buffer's .slice() is a view into a shared pool)
    const buffer = new Uint8Array(bytes).buffer
    switch (sniffContentType(bytes.subarray(0, 3072), false).mime) {
      case 'image/jpeg': {
        const img = await run('mozjpeg_dec', () => decodeJpeg(buffer, { preserveOrientation: true }))
        return applyOrientation(img, jpegOrientation(bytes))
      }
      case 'image/png':
      case 'image/apng':
        return run('squoosh_png', () => decodePng(buffer))
      case 'image/webp':
        return run('webp_dec', () => decodeWebp(buffer))
      case 'image/gif':
        return decodeGif(bytes)
      default:
        throw new Error('unsupported image format')
    }
  }

  return {
    async make(original: Uint8Array, contentType: string, size: ThumbSize): Promise<Thumb> {
      const img = await decode(original)
      let out: RgbaImage
      if (size.width === 0 || size.height === 0) {
        out = resize(img, size.width, size.height)
      } else if (size.mode === 'fit') {
        out = fit(img, size.width, size.height)
      } else {
        out = fill(img, size.width, size.height, size.mode)
      }
      if (out.width === 0 || out.height === 0) {
        throw new Error('empty thumb')
      }
      if (contentType === 'image/jpeg') {
        const data = new Uint8ClampedArray(out.data)
        const bytes = await run('mozjpeg_enc', () =>
          encodeJpeg({ data, width: out.width, height: out.height, colorSpace: 'srgb' } as Parameters<typeof encodeJpeg>[0], {
            quality: 95,
            progressive: false,
          }),
        )
        return { bytes: new Uint8Array(bytes), contentType }
      }
      if (contentType === 'image/gif') {
        return { bytes: encodeGif(out), contentType }
      }
      const bytes = await run('squoosh_png', () =>
        encodePng({ data: out.data, width: out.width, height: out.height, colorSpace: 'srgb' } as Parameters<typeof encodePng>[0]),
      )
      return { bytes: new Uint8Array(bytes), contentType: 'image/png' }
    },
  }
}
