/**
 * @module Stored names of uploads (PocketBase `tools/filesystem/file.go` `normalizeName`):
 * `<snake_case base, 3..100 chars>_<10 random [a-z0-9]><.ext>`, so names are URL-safe, never hidden
 * files, and hard to guess.
 */
import { LOWER_ALPHANUMERIC, randomString } from '../tools/random.js'

const EXT_INVALID_CHARS = /[^\w.*\-+=#]+/g
const SNAKE_SPLIT = /[^A-Za-z0-9]+/

/**
 * The extension with its dot, keeping a double extension (`.tar.gz`); '' when there is no dot.
 * Unlike `path.extname`, `a.b.c` gives `.b.c`.
 */
export function extractExtension(name: string): string {
  const primary = name.lastIndexOf('.')
  if (primary === -1) {
    return ''
  }
  const secondary = name.lastIndexOf('.', primary - 1)
  return secondary >= 0 ? name.slice(secondary) : name.slice(primary)
}

/**
 * PocketBase's `inflector.Snakecase`: split at non-word characters and underscores, insert `_` before
 * an upper-case letter that follows a lower-case one, lower-case everything.
 */
export function snakecase(text: string): string {
  const words: string[] = []
  for (const word of text.split(SNAKE_SPLIT)) {
    if (word === '') {
      continue
    }
    let out = ''
    for (let i = 0; i < word.length; i++) {
      const c = word[i]!
      if (i > 0 && isUpper(c) && !isUpper(word[i - 1]!)) {
        out += '_'
      }
      out += c
    }
    words.push(out)
  }
  return words.join('_').toLowerCase()
}

const isUpper = (c: string) => c >= 'A' && c <= 'Z'

/** Go's `filepath.Base` for a multipart file name (`mime/multipart` strips client directories). */
export function multipartBaseName(name: string): string {
  if (name === '') {
    return ''
  }
  const trimmed = name.replace(/\/+$/, '')
  if (trimmed === '') {
    return '/'
  }
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/** Keeps the last `max` UTF-8 bytes of `text` (a cut character becomes U+FFFD, as Go would see it). */
function lastUtf8Bytes(text: string, max: number): string {
  const bytes = new TextEncoder().encode(text)
  return bytes.length <= max ? text : new TextDecoder().decode(bytes.subarray(bytes.length - max))
}

/**
 * The stored name for an upload called `originalName`. `sniffedExtension` (e.g. `.png`, or '') is used
 * when the name has no usable extension.
 */
export function normalizeFileName(originalName: string, sniffedExtension: string): string {
  const name = lastUtf8Bytes(originalName, 300)
  const originalExt = extractExtension(name)
  let ext = '.' + trimDots(originalExt.replace(EXT_INVALID_CHARS, ''))
  if (ext === '.') {
    ext = sniffedExtension
  }
  if (ext.length > 20) {
    ext = '.' + trimDots(ext.slice(ext.length - 20))
  }
  let base = snakecase(trimDots(name.slice(0, name.length - originalExt.length)))
  if (base.length < 3) {
    base += randomString(10, LOWER_ALPHANUMERIC)
  } else if (base.length > 100) {
    base = base.slice(0, 100)
  }
  return `${base}_${randomString(10, LOWER_ALPHANUMERIC)}${ext}`
}

function trimDots(s: string): string {
  return s.replace(/^\.+|\.+$/g, '')
}
