/**
 * @module Plain-text excerpts of HTML (PocketBase's `:excerpt(max, withEllipsis)` fields modifier),
 * written without a DOM so it runs in every adapter.
 */

const EXCLUDE_TAGS = new Set([
  'head', 'style', 'script', 'iframe', 'embed', 'applet', 'object', 'svg', 'img', 'picture', 'dialog',
  'template', 'button', 'form', 'textarea', 'input', 'select', 'option',
])
const INLINE_TAGS = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdo', 'big', 'br', 'button', 'cite', 'code', 'em', 'i', 'label', 'q',
  'small', 'span', 'strong', 'strike', 'sub', 'sup', 'time',
])
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      return Number.isFinite(code) ? String.fromCodePoint(code) : m
    }
    return ENTITIES[e.toLowerCase()] ?? m
  })
}

/** The visible text of `html`, whitespace collapsed, cut to `max` characters (plus `...` if asked). */
export function htmlExcerpt(html: string, max: number, withEllipsis: boolean): string {
  let out = ''
  let hasPrevSpace = false
  let skipDepth = 0
  let skipTag = ''
  const space = () => {
    if (!hasPrevSpace) {
      out += ' '
      hasPrevSpace = true
    }
  }
  const re = /<!--[\s\S]*?-->|<\/?([a-zA-Z][\w-]*)[^>]*?(\/?)>|([^<]+)|</g
  for (const m of html.matchAll(re)) {
    if (out.length > max + 2) {
      break
    }
    const [token, tagName, selfClosing, text] = m
    if (token.startsWith('<!--')) {
      continue
    }
    if (tagName) {
      const name = tagName.toLowerCase()
      const closing = token.startsWith('</')
      if (skipDepth > 0) {
        if (name === skipTag) {
          skipDepth += closing ? -1 : VOID_TAGS.has(name) || selfClosing ? 0 : 1
        }
        continue
      }
      if (!closing && EXCLUDE_TAGS.has(name)) {
        if (!VOID_TAGS.has(name) && !selfClosing) {
          skipDepth = 1
          skipTag = name
        }
        continue
      }
      if (!INLINE_TAGS.has(name)) {
        space()
      }
      continue
    }
    if (skipDepth > 0) {
      continue
    }
    let t = decodeEntities(text ?? token).replace(/\s+/g, ' ')
    if (hasPrevSpace) {
      t = t.replace(/^ +/, '')
    }
    if (t !== '') {
      hasPrevSpace = t.endsWith(' ')
      out += t
    }
  }
  let result = out.trim()
  const runes = [...result]
  if (runes.length > max) {
    result = runes.slice(0, max).join('').trim()
    if (withEllipsis) {
      result += '...'
    }
  }
  return result
}
