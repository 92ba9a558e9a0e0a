/**
 * @module Content sniffing of uploads (the part of `gabriel-vasile/mimetype` PocketBase relies on):
 * the stored content type, the extension of names without one, and the `mimeTypes` field check.
 *
 * Like mimetype, detection looks at the first 3072 bytes, walks a tree from the most specific binary
 * signatures to text, and adds a `charset` parameter to `text/plain`, `text/html` and `text/xml`.
 * Formats outside this table are `application/octet-stream` (mimetype knows more; see the gaps).
 */

/** mimetype's default read limit. */
export const SNIFF_LIMIT = 3072

/** A detected type: the MIME (with parameters), its extension and accepted aliases. */
export interface SniffedType {
  mime: string
  extension: string
  aliases: readonly string[]
}

interface Node {
  mime: string
  ext: string
  aliases?: string[]
  match: (b: Uint8Array, whole: boolean) => boolean
  children?: Node[]
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0))

function startsWith(b: Uint8Array, sig: Uint8Array | number[], offset = 0): boolean {
  if (b.length < offset + sig.length) {
    return false
  }
  for (let i = 0; i < sig.length; i++) {
    if (b[offset + i] !== sig[i]) {
      return false
    }
  }
  return true
}

const sig = (s: string, offset = 0) => {
  const bytes = ascii(s)
  return (b: Uint8Array) => startsWith(b, bytes, offset)
}

function indexOf(b: Uint8Array, needle: Uint8Array, from = 0, to = b.length): number {
  outer: for (let i = from; i <= Math.min(to, b.length) - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (b[i + j] !== needle[j]) {
        continue outer
      }
    }
    return i
  }
  return -1
}

const riff = (kind: string) => (b: Uint8Array) => sig('RIFF')(b) && sig(kind, 8)(b)

function ftyp(...brands: string[]) {
  return (b: Uint8Array) => {
    if (b.length < 12 || !sig('ftyp', 4)(b)) {
      return false
    }
    const major = String.fromCharCode(...b.subarray(8, 12))
    const boxSize = Math.min(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, b.length)
    const compatible: string[] = []
    for (let i = 16; i + 4 <= boxSize; i += 4) {
      compatible.push(String.fromCharCode(...b.subarray(i, i + 4)))
    }
    return brands.some((brand) => major === brand || compatible.includes(brand))
  }
}

/** Zip-based Office formats: the first entries name `word/`, `xl/` or `ppt/`. */
function zipEntry(prefix: string) {
  const pk = ascii('PK\x03\x04')
  const want = ascii(prefix)
  return (b: Uint8Array) => {
    let at = 0
    for (let n = 0; n < 8; n++) {
      const i = indexOf(b, pk, at)
      if (i < 0 || i + 30 > b.length) {
        return false
      }
      const nameLen = b[i + 26]! | (b[i + 27]! << 8)
      if (startsWith(b.subarray(i + 30, i + 30 + nameLen), want)) {
        return true
      }
      at = i + 30 + nameLen
    }
    return false
  }
}

const isBinaryByte = (c: number) => c <= 0x08 || c === 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f)

function bom(b: Uint8Array): string {
  if (startsWith(b, [0xef, 0xbb, 0xbf])) return 'utf-8'
  if (startsWith(b, [0xfe, 0xff])) return 'utf-16be'
  if (startsWith(b, [0xff, 0xfe])) return 'utf-16le'
  return ''
}

function isText(b: Uint8Array): boolean {
  if (bom(b) !== '') {
    return true
  }
  for (let i = 0; i < Math.min(b.length, 4096); i++) {
    if (isBinaryByte(b[i]!)) {
      return false
    }
  }
  return true
}

/** The text after a BOM and leading whitespace, upper-cased (for markup checks). */
function leadingText(b: Uint8Array): string {
  const skip = bom(b) === 'utf-8' ? 3 : 0
  return new TextDecoder('latin1').decode(b.subarray(skip, Math.min(b.length, 1024))).trimStart().toUpperCase()
}

const HTML_TAGS = ['<!DOCTYPE HTML', '<HTML', '<HEAD', '<SCRIPT', '<IFRAME', '<H1', '<DIV', '<FONT', '<TABLE', '<A', '<STYLE', '<TITLE', '<B', '<BODY', '<BR', '<P', '<!--']

function isHtml(b: Uint8Array): boolean {
  const t = leadingText(b)
  return HTML_TAGS.some((tag) => {
    if (!t.startsWith(tag)) return false
    const next = t.charAt(tag.length)
    return tag === '<!--' || next === ' ' || next === '>'
  })
}

function isSvg(b: Uint8Array): boolean {
  let t = leadingText(b)
  // skip the XML declaration, comments and a doctype before the root element
  for (;;) {
    if (t.startsWith('<?XML')) {
      t = t.slice(t.indexOf('?>') + 2).trimStart()
    } else if (t.startsWith('<!--')) {
      const end = t.indexOf('-->')
      if (end < 0) return false
      t = t.slice(end + 3).trimStart()
    } else if (t.startsWith('<!DOCTYPE')) {
      t = t.slice(t.indexOf('>') + 1).trimStart()
    } else {
      break
    }
  }
  return t.startsWith('<SVG')
}

function isJson(b: Uint8Array, whole: boolean): boolean {
  const t = new TextDecoder().decode(b).trim()
  if (!(t.startsWith('{') || t.startsWith('['))) {
    return false
  }
  if (!whole) {
    return true // note: a truncated sample is accepted when it starts like JSON (mimetype parses partially)
  }
  try {
    JSON.parse(t)
    return true
  } catch {
    return false
  }
}

function textCharset(b: Uint8Array): string {
  const fromBom = bom(b)
  if (fromBom !== '') {
    return fromBom
  }
  try {
    // note: a sample cut inside a multi-byte character still counts as UTF-8 (stream mode)
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, Math.min(b.length, 1024)), { stream: b.length >= 1024 })
    return 'utf-8'
  } catch {
    return 'iso-8859-1'
  }
}

function mp3(b: Uint8Array): boolean {
  if (sig('ID3')(b)) return true
  return b.length > 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x06) !== 0
}

function ebml(docType: string) {
  const want = ascii(docType)
  return (b: Uint8Array) => startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) && indexOf(b, want, 4, 4096) >= 0
}

const TREE: Node[] = [
  { mime: 'application/x-7z-compressed', ext: '.7z', match: (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
  {
    mime: 'application/zip',
    ext: '.zip',
    aliases: ['application/x-zip', 'application/x-zip-compressed'],
    match: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) || startsWith(b, [0x50, 0x4b, 0x07, 0x08]),
    children: [
      { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: '.docx', match: zipEntry('word/') },
      { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: '.pptx', match: zipEntry('ppt/') },
      { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: '.xlsx', match: zipEntry('xl/') },
      { mime: 'application/epub+zip', ext: '.epub', match: sig('mimetypeapplication/epub+zip', 30) },
    ],
  },
  { mime: 'application/pdf', ext: '.pdf', aliases: ['application/x-pdf'], match: sig('%PDF-') },
  { mime: 'application/postscript', ext: '.ps', match: sig('%!PS-Adobe-') },
  { mime: 'image/vnd.adobe.photoshop', ext: '.psd', aliases: ['image/x-psd', 'application/photoshop'], match: sig('8BPS') },
  {
    mime: 'application/ogg',
    ext: '.ogg',
    aliases: ['application/x-ogg'],
    match: sig('OggS'),
    children: [
      { mime: 'audio/ogg', ext: '.oga', match: (b) => sig('\x01vorbis', 28)(b) || sig('OpusHead', 28)(b) || sig('fLaC', 29)(b) || sig('Speex', 28)(b) },
      { mime: 'video/ogg', ext: '.ogv', match: (b) => sig('\x80theora', 28)(b) || sig('fishead\x00', 28)(b) },
    ],
  },
  {
    mime: 'image/png',
    ext: '.png',
    match: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    children: [{ mime: 'image/apng', ext: '.apng', aliases: ['image/vnd.mozilla.apng'], match: sig('acTL', 37) }],
  },
  { mime: 'image/jpeg', ext: '.jpg', match: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { mime: 'image/jxl', ext: '.jxl', match: (b) => startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a]) },
  { mime: 'image/gif', ext: '.gif', match: (b) => sig('GIF87a')(b) || sig('GIF89a')(b) },
  { mime: 'image/webp', ext: '.webp', match: riff('WEBP') },
  { mime: 'application/vnd.microsoft.portable-executable', ext: '.exe', match: sig('MZ') },
  { mime: 'application/x-elf', ext: '', match: startsWithBytes([0x7f, 0x45, 0x4c, 0x46]) },
  { mime: 'application/x-tar', ext: '.tar', match: (b) => sig('ustar', 257)(b) },
  { mime: 'application/x-bzip2', ext: '.bz2', match: sig('BZh') },
  { mime: 'image/tiff', ext: '.tiff', match: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  { mime: 'image/bmp', ext: '.bmp', aliases: ['image/x-bmp', 'image/x-ms-bmp'], match: (b) => sig('BM')(b) && b.length > 14 && b[6] === 0 && b[7] === 0 && b[8] === 0 && b[9] === 0 },
  { mime: 'image/x-icon', ext: '.ico', aliases: ['image/vnd.microsoft.icon'], match: (b) => startsWith(b, [0, 0, 1, 0]) || startsWith(b, [0, 0, 2, 0]) },
  { mime: 'audio/flac', ext: '.flac', match: sig('fLaC') },
  { mime: 'audio/midi', ext: '.midi', aliases: ['audio/mid', 'audio/sp-midi', 'audio/x-mid', 'audio/x-midi'], match: sig('MThd') },
  { mime: 'audio/wav', ext: '.wav', aliases: ['audio/x-wav', 'audio/vnd.wave', 'audio/wave'], match: riff('WAVE') },
  { mime: 'audio/aiff', ext: '.aiff', aliases: ['audio/x-aiff'], match: (b) => sig('FORM')(b) && sig('AIFF', 8)(b) },
  { mime: 'video/quicktime', ext: '.mov', match: ftyp('qt  ') },
  { mime: 'image/heic', ext: '.heic', match: ftyp('heic', 'heix') },
  { mime: 'image/avif', ext: '.avif', match: ftyp('avif', 'avis') },
  { mime: 'video/3gpp', ext: '.3gp', aliases: ['video/3gp', 'audio/3gpp'], match: ftyp('3gp1', '3gp2', '3gp3', '3gp4', '3gp5', '3gp6', '3gp7', '3gs7', '3ge6', '3ge7', '3gg6') },
  { mime: 'audio/x-m4a', ext: '.m4a', match: ftyp('M4A ') },
  { mime: 'video/mp4', ext: '.mp4', match: (b) => sig('ftyp', 4)(b) },
  { mime: 'video/webm', ext: '.webm', aliases: ['audio/webm'], match: ebml('webm') },
  { mime: 'video/x-matroska', ext: '.mkv', match: ebml('matroska') },
  { mime: 'video/x-msvideo', ext: '.avi', aliases: ['video/avi', 'video/msvideo'], match: riff('AVI ') },
  { mime: 'video/x-flv', ext: '.flv', match: sig('FLV') },
  { mime: 'application/gzip', ext: '.gz', aliases: ['application/x-gzip', 'application/x-gunzip', 'application/gzipped', 'application/gzip-compressed', 'application/x-gzip-compressed', 'gzip/document'], match: (b) => startsWith(b, [0x1f, 0x8b]) },
  { mime: 'font/ttf', ext: '.ttf', aliases: ['font/sfnt', 'application/x-font-ttf', 'application/font-sfnt'], match: (b) => startsWith(b, [0, 1, 0, 0, 0]) },
  { mime: 'font/woff', ext: '.woff', match: sig('wOFF') },
  { mime: 'font/woff2', ext: '.woff2', match: sig('wOF2') },
  { mime: 'font/otf', ext: '.otf', match: sig('OTTO') },
  { mime: 'application/wasm', ext: '.wasm', match: (b) => startsWith(b, [0, 0x61, 0x73, 0x6d]) },
  { mime: 'application/x-rar-compressed', ext: '.rar', aliases: ['application/x-rar'], match: (b) => sig('Rar!\x1a\x07\x00')(b) || sig('Rar!\x1a\x07\x01\x00')(b) },
  { mime: 'application/vnd.sqlite3', ext: '.sqlite', aliases: ['application/x-sqlite3'], match: sig('SQLite format 3\x00') },
  { mime: 'application/zstd', ext: '.zst', match: (b) => startsWith(b, [0x28, 0xb5, 0x2f, 0xfd]) },
  { mime: 'application/x-xz', ext: '.xz', match: (b) => startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) },
  { mime: 'audio/mpeg', ext: '.mp3', aliases: ['audio/x-mpeg', 'audio/mp3'], match: mp3 },
  {
    mime: 'text/plain',
    ext: '.txt',
    match: isText,
    children: [
      { mime: 'image/svg+xml', ext: '.svg', match: isSvg },
      { mime: 'text/html', ext: '.html', match: isHtml },
      { mime: 'text/xml', ext: '.xml', aliases: ['application/xml'], match: (b) => leadingText(b).startsWith('<?XML') },
      { mime: 'application/json', ext: '.json', match: isJson },
      { mime: 'text/rtf', ext: '.rtf', aliases: ['application/rtf'], match: sig('{\\rtf') },
    ],
  },
]

function startsWithBytes(bytes: number[]) {
  return (b: Uint8Array) => startsWith(b, bytes)
}

const ROOT: SniffedType = { mime: 'application/octet-stream', extension: '', aliases: [] }
const CHARSET_TYPES = new Set(['text/plain', 'text/html', 'text/xml'])

/** Detects the type of content from its first bytes (pass at least {@link SNIFF_LIMIT} bytes when available). */
export function sniffContentType(sample: Uint8Array, isWholeContent = sample.length < SNIFF_LIMIT): SniffedType {
  const b = sample.subarray(0, SNIFF_LIMIT)
  const whole = isWholeContent && sample.length <= SNIFF_LIMIT
  let nodes = TREE
  let found: Node | undefined
  for (;;) {
    const next = nodes.find((n) => n.match(b, whole))
    if (!next) {
      break
    }
    found = next
    nodes = next.children ?? []
  }
  if (!found) {
    return ROOT
  }
  let mime = found.mime
  if (CHARSET_TYPES.has(mime)) {
    mime += '; charset=' + textCharset(b)
  }
  return { mime, extension: found.ext, aliases: found.aliases ?? [] }
}

/** Sniffs the first bytes of a Blob/File. */
export async function sniffBlob(blob: Blob): Promise<SniffedType> {
  const head = new Uint8Array(await blob.slice(0, SNIFF_LIMIT).arrayBuffer())
  return sniffContentType(head, blob.size <= SNIFF_LIMIT)
}

/** mimetype's `MIME.Is`: the type without parameters, or one of its aliases, equals `expected`'s. */
export function mimeIs(type: SniffedType, expected: string): boolean {
  const bare = (s: string) => s.split(';')[0]!.trim().toLowerCase()
  const want = bare(expected)
  return bare(type.mime) === want || type.aliases.includes(want)
}
