/**
 * @module Thumb sizes (PocketBase `filesystem.ThumbSizeRegex`): `WxH` crop from the center, `WxHt`
 * from the top, `WxHb` from the bottom, `WxHf` fit inside, `0xH`/`Wx0` resize keeping the ratio.
 */

/** How a thumb is cut. */
export type ThumbMode = 'center' | 'top' | 'bottom' | 'fit'

/** A parsed thumb size. */
export interface ThumbSize {
  width: number
  height: number
  mode: ThumbMode
}

const THUMB_SIZE = /^(\d+)x(\d+)(t|b|f)?$/
const MODES: Record<string, ThumbMode> = { '': 'center', t: 'top', b: 'bottom', f: 'fit' }

/** The sizes every image file field serves besides its `thumbs` option. */
export const DEFAULT_THUMB_SIZES = ['100x100']

/** Parses `WxH[t|b|f]`; throws for anything else, or for `0x0`. */
export function parseThumbSize(size: string): ThumbSize {
  const m = THUMB_SIZE.exec(size)
  if (!m) {
    throw new Error('thumb size must be in WxH, WxHt, WxHb or WxHf format')
  }
  const width = Number(m[1])
  const height = Number(m[2])
  if (width === 0 && height === 0) {
    throw new Error('thumb width and height cannot be zero at the same time')
  }
  return { width, height, mode: MODES[m[3] ?? '']! }
}
