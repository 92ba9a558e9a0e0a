/**
 * @module The EXIF orientation of a JPEG (imaging's `readOrientation`): 1–8, or 0 when absent/unreadable.
 */

/** Reads tag 0x0112 of IFD0 in the first `Exif` APP1 segment. */
export function jpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length < 4 || view.getUint16(0) !== 0xffd8) {
    return 0
  }
  let pos = 2
  while (pos + 4 <= bytes.length) {
    const marker = view.getUint16(pos)
    if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) {
      return 0 // not a marker, or start of scan: no EXIF before the image data
    }
    const size = view.getUint16(pos + 2)
    if (size < 2 || pos + 2 + size > bytes.length) {
      return 0
    }
    if (marker === 0xffe1 && size >= 16 && String.fromCharCode(...bytes.subarray(pos + 4, pos + 10)) === 'Exif\0\0') {
      return tiffOrientation(view, pos + 10, pos + 2 + size)
    }
    pos += 2 + size
  }
  return 0
}

function tiffOrientation(view: DataView, start: number, end: number): number {
  const order = view.getUint16(start)
  if (order !== 0x4949 && order !== 0x4d4d) {
    return 0
  }
  const le = order === 0x4949
  if (view.getUint16(start + 2, le) !== 0x2a) {
    return 0
  }
  const ifd = start + view.getUint32(start + 4, le)
  if (ifd + 2 > end) {
    return 0
  }
  const count = view.getUint16(ifd, le)
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > end) {
      return 0
    }
    if (view.getUint16(entry, le) === 0x0112) {
      const value = view.getUint16(entry + 8, le)
      return value >= 1 && value <= 8 ? value : 0
    }
  }
  return 0
}
