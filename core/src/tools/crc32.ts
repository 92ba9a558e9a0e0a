/**
 * @module CRC-32 (IEEE), which PocketBase uses for default collection and field ids.
 */

const TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    }
    table[n] = c >>> 0
  }
  return table
})()

/** The CRC-32 checksum of a string's UTF-8 bytes, as an unsigned decimal string (PocketBase's `crc32Checksum`). */
export function crc32Checksum(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let crc = 0xffffffff
  for (const b of bytes) {
    crc = TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8)
  }
  return String((crc ^ 0xffffffff) >>> 0)
}
