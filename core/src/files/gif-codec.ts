/**
 * @module GIF thumbs as Go writes them (`image/gif` `Encode` of a non-paletted image): the Plan 9
 * palette with Floyd–Steinberg dithering (`image/draw`), first frame only on decode.
 */
import { GifReader, GifWriter } from 'omggif'
import type { RgbaImage } from './image-resize.js'

/** Go's `palette.Plan9`, as its generator builds it (16-bit comparisons use `c * 0x101`). */
function plan9(): number[][] {
  const out: number[][] = new Array(256)
  for (let r = 0, i = 0; r !== 4; r++) {
    for (let v = 0; v !== 4; v++, i += 16) {
      for (let g = 0, j = v - r; g !== 4; g++) {
        for (let b = 0; b !== 4; b++, j++) {
          const den = Math.max(r, g, b)
          let c: number[]
          if (den === 0) {
            c = [17 * v, 17 * v, 17 * v]
          } else {
            const num = 17 * (4 * den + v)
            c = [Math.trunc((r * num) / den), Math.trunc((g * num) / den), Math.trunc((b * num) / den)]
          }
          out[i + (j & 15)] = c
        }
      }
    }
  }
  return out
}

const PLAN9 = plan9()

/** Decodes the first frame to RGBA over the logical screen. */
export function decodeGif(bytes: Uint8Array): RgbaImage {
  const reader = new GifReader(bytes)
  if (reader.numFrames() < 1 || reader.width <= 0 || reader.height <= 0) {
    throw new Error('gif: no image frames')
  }
  const data = new Uint8ClampedArray(reader.width * reader.height * 4)
  reader.decodeAndBlitFrameRGBA(0, data)
  return { width: reader.width, height: reader.height, data }
}

const sqDiff = (x: number, y: number) => {
  const d = x - y
  return (d * d) / 4
}

/** Floyd–Steinberg onto the Plan 9 palette, as Go's `draw.FloydSteinberg` (16-bit premultiplied maths). */
function ditherPlan9(img: RgbaImage): Uint8Array {
  const { width: w, height: h, data } = img
  const pal = PLAN9.map((c) => [c[0]! * 0x101, c[1]! * 0x101, c[2]! * 0x101, 0xffff])
  const out = new Uint8Array(w * h)
  let curr = new Int32Array((w + 2) * 4)
  let next = new Int32Array((w + 2) * 4)
  const clamp16 = (v: number) => (v < 0 ? 0 : v > 0xffff ? 0xffff : v)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const si = (y * w + x) * 4
      const a8 = data[si + 3]!
      // note: Go reads the source through RGBA(): 16-bit, alpha-premultiplied
      const a = a8 * 0x101
      let er = Math.trunc((data[si]! * 0x101 * a) / 0xffff)
      let eg = Math.trunc((data[si + 1]! * 0x101 * a) / 0xffff)
      let eb = Math.trunc((data[si + 2]! * 0x101 * a) / 0xffff)
      let ea = a
      const qi = (x + 1) * 4
      er = clamp16(er + Math.trunc(curr[qi]! / 16))
      eg = clamp16(eg + Math.trunc(curr[qi + 1]! / 16))
      eb = clamp16(eb + Math.trunc(curr[qi + 2]! / 16))
      ea = clamp16(ea + Math.trunc(curr[qi + 3]! / 16))
      let best = 0
      let bestSum = Infinity
      for (let p = 0; p < pal.length; p++) {
        const c = pal[p]!
        const sum = sqDiff(er, c[0]!) + sqDiff(eg, c[1]!) + sqDiff(eb, c[2]!) + sqDiff(ea, c[3]!)
        if (sum < bestSum) {
          best = p
          bestSum = sum
          if (sum === 0) break
        }
      }
      out[y * w + x] = best
      const c = pal[best]!
      const d = [er - c[0]!, eg - c[1]!, eb - c[2]!, ea - c[3]!]
      for (let k = 0; k < 4; k++) {
        next[qi - 4 + k] += d[k]! * 3
        next[qi + k] += d[k]! * 5
        next[qi + 4 + k] += d[k]! * 1
        curr[qi + 4 + k] += d[k]! * 7
      }
    }
    ;[curr, next] = [next, curr]
    next.fill(0)
  }
  return out
}

/** Encodes RGBA as a single-frame GIF. */
export function encodeGif(img: RgbaImage): Uint8Array {
  if (img.width <= 0 || img.height <= 0 || img.width > 0xffff || img.height > 0xffff) {
    throw new Error('gif: image is too large to encode')
  }
  const indexed = ditherPlan9(img)
  const palette = PLAN9.map((c) => (c[0]! << 16) | (c[1]! << 8) | c[2]!)
  const buf = new Uint8Array(img.width * img.height * 2 + 2048)
  const writer = new GifWriter(buf, img.width, img.height, { palette })
  writer.addFrame(0, 0, img.width, img.height, indexed)
  return buf.slice(0, writer.end())
}
