/**
 * @module Resizing and cropping RGBA images the way PocketBase's thumbs do (`disintegration/imaging`
 * `Resize`, `Fill`, `Fit` with the `Linear` filter): separable two-pass convolution with alpha-weighted
 * colour, rounding to 8 bits between passes.
 */

/** A non-premultiplied RGBA image (like Go's `image.NRGBA`, or the DOM's `ImageData`). */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8ClampedArray
}

/** Where `Fill` keeps the image when cropping. */
export type Anchor = 'center' | 'top' | 'bottom'

const EMPTY = (): RgbaImage => ({ width: 0, height: 0, data: new Uint8ClampedArray(0) })

interface Weight {
  index: number
  weight: number
}

/** The `Linear` (triangle) kernel, support 1. */
const linear = (x: number) => {
  x = Math.abs(x)
  return x < 1 ? 1 - x : 0
}

function precomputeWeights(dstSize: number, srcSize: number): Weight[][] {
  const du = srcSize / dstSize
  const scale = Math.max(du, 1)
  const ru = Math.ceil(scale * 1)
  const out: Weight[][] = []
  for (let v = 0; v < dstSize; v++) {
    const fu = (v + 0.5) * du - 0.5
    const begin = Math.max(0, Math.ceil(fu - ru))
    const end = Math.min(srcSize - 1, Math.floor(fu + ru))
    const row: Weight[] = []
    let sum = 0
    for (let u = begin; u <= end; u++) {
      const w = linear((u - fu) / scale)
      if (w !== 0) {
        sum += w
        row.push({ index: u, weight: w })
      }
    }
    if (sum !== 0) {
      for (const w of row) w.weight /= sum
    }
    out.push(row)
  }
  return out
}

/** Go imaging's `clamp`: round half up, saturate to 0..255. */
const clamp = (x: number) => {
  const v = Math.trunc(x + 0.5)
  return v > 255 ? 255 : v > 0 ? v : 0
}

/** One resampling pass along x (`horizontal`) or y. */
function resample(src: RgbaImage, dstW: number, dstH: number, horizontal: boolean): RgbaImage {
  const out = new Uint8ClampedArray(dstW * dstH * 4)
  const weights = horizontal ? precomputeWeights(dstW, src.width) : precomputeWeights(dstH, src.height)
  const s = src.data
  const lines = horizontal ? dstH : dstW
  const along = horizontal ? dstW : dstH
  for (let line = 0; line < lines; line++) {
    for (let k = 0; k < along; k++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (const w of weights[k]!) {
        const i = horizontal ? (line * src.width + w.index) * 4 : (w.index * src.width + line) * 4
        const aw = s[i + 3]! * w.weight
        r += s[i]! * aw
        g += s[i + 1]! * aw
        b += s[i + 2]! * aw
        a += aw
      }
      if (a !== 0) {
        const inv = 1 / a
        const j = horizontal ? (line * dstW + k) * 4 : (k * dstW + line) * 4
        out[j] = clamp(r * inv)
        out[j + 1] = clamp(g * inv)
        out[j + 2] = clamp(b * inv)
        out[j + 3] = clamp(a)
      }
    }
  }
  return { width: dstW, height: dstH, data: out }
}

/** `imaging.Resize(img, w, h, Linear)`: a 0 dimension keeps the aspect ratio (at least 1px). */
export function resize(img: RgbaImage, width: number, height: number): RgbaImage {
  let dstW = width
  let dstH = height
  if (dstW < 0 || dstH < 0 || (dstW === 0 && dstH === 0) || img.width <= 0 || img.height <= 0) {
    return EMPTY()
  }
  if (dstW === 0) {
    dstW = Math.max(1, Math.floor((dstH * img.width) / img.height + 0.5))
  }
  if (dstH === 0) {
    dstH = Math.max(1, Math.floor((dstW * img.height) / img.width + 0.5))
  }
  if (img.width !== dstW && img.height !== dstH) {
    return resample(resample(img, dstW, img.height, true), dstW, dstH, false)
  }
  if (img.width !== dstW) {
    return resample(img, dstW, img.height, true)
  }
  if (img.height !== dstH) {
    return resample(img, dstW, dstH, false)
  }
  return { width: img.width, height: img.height, data: img.data.slice() }
}

/** The part of `img` inside the rectangle (clipped to the image). */
export function crop(img: RgbaImage, x0: number, y0: number, w: number, h: number): RgbaImage {
  const left = Math.max(0, x0)
  const top = Math.max(0, y0)
  const right = Math.min(img.width, x0 + w)
  const bottom = Math.min(img.height, y0 + h)
  if (right <= left || bottom <= top) {
    return EMPTY()
  }
  const cw = right - left
  const out = new Uint8ClampedArray(cw * (bottom - top) * 4)
  for (let y = top; y < bottom; y++) {
    out.set(img.data.subarray((y * img.width + left) * 4, (y * img.width + right) * 4), (y - top) * cw * 4)
  }
  return { width: cw, height: bottom - top, data: out }
}

/** Go's integer division (truncates toward zero). */
const idiv = (a: number, b: number) => Math.trunc(a / b)

/** `imaging.CropAnchor`. */
function cropAnchor(img: RgbaImage, w: number, h: number, anchor: Anchor): RgbaImage {
  const x = idiv(img.width - w, 2)
  const y = anchor === 'top' ? 0 : anchor === 'bottom' ? img.height - h : idiv(img.height - h, 2)
  return crop(img, x, y, w, h)
}

/** `imaging.Fill`: cover a `w×h` box and crop the overflow at `anchor`. */
export function fill(img: RgbaImage, w: number, h: number, anchor: Anchor): RgbaImage {
  if (w <= 0 || h <= 0 || img.width <= 0 || img.height <= 0) {
    return EMPTY()
  }
  if (img.width === w && img.height === h) {
    return { width: w, height: h, data: img.data.slice() }
  }
  const srcAspect = img.width / img.height
  const dstAspect = w / h
  if (img.width >= 100 && img.height >= 100) {
    // crop first, then resize (cheaper on big images)
    const cropped =
      srcAspect < dstAspect
        ? cropAnchor(img, img.width, Math.trunc(Math.max(1, (img.width * h) / w) + 0.5), anchor)
        : cropAnchor(img, Math.trunc(Math.max(1, (img.height * w) / h) + 0.5), img.height, anchor)
    return resize(cropped, w, h)
  }
  const resized = srcAspect < dstAspect ? resize(img, w, 0) : resize(img, 0, h)
  return cropAnchor(resized, w, h, anchor)
}

/** `imaging.Fit`: scale down to fit inside `w×h` (never up). */
export function fit(img: RgbaImage, w: number, h: number): RgbaImage {
  if (w <= 0 || h <= 0 || img.width <= 0 || img.height <= 0) {
    return EMPTY()
  }
  if (img.width <= w && img.height <= h) {
    return { width: img.width, height: img.height, data: img.data.slice() }
  }
  const srcAspect = img.width / img.height
  if (srcAspect > w / h) {
    return resize(img, w, Math.trunc(w / srcAspect))
  }
  return resize(img, Math.trunc(h * srcAspect), h)
}

/** EXIF orientations 2–8 applied to pixels (imaging's `fixOrientation`). */
export function applyOrientation(img: RgbaImage, orientation: number): RgbaImage {
  if (orientation < 2 || orientation > 8) {
    return img
  }
  const { width: w, height: h, data } = img
  const swap = orientation >= 5
  const ow = swap ? h : w
  const oh = swap ? w : h
  const out = new Uint8ClampedArray(data.length)
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      // the source pixel shown at (x, y) of the corrected image
      let sx: number
      let sy: number
      switch (orientation) {
        case 2: sx = w - 1 - x; sy = y; break // flip horizontal
        case 3: sx = w - 1 - x; sy = h - 1 - y; break // rotate 180
        case 4: sx = x; sy = h - 1 - y; break // flip vertical
        case 5: sx = y; sy = x; break // transpose
        case 6: sx = y; sy = h - 1 - x; break // rotate 90 clockwise
        case 7: sx = w - 1 - y; sy = h - 1 - x; break // transverse
        default: sx = w - 1 - y; sy = x // 8: rotate 90 counter-clockwise
      }
      const si = (sy * w + sx) * 4
      const di = (y * ow + x) * 4
      out[di] = data[si]!
      out[di + 1] = data[si + 1]!
      out[di + 2] = data[si + 2]!
      out[di + 3] = data[si + 3]!
    }
  }
  return { width: ow, height: oh, data: out }
}
