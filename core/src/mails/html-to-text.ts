/**
 * @module The plain-text part of a mail, derived from its HTML the way PocketBase's mailer does
 * (`tools/mailer/html2text.go`): block elements start new lines, `<br>` breaks, links become
 * `[text](href)`, list items get `- `, and script/style/form-like elements are dropped.
 */

const SKIP = new Set([
  'style', 'script', 'iframe', 'applet', 'object', 'svg', 'img',
  'button', 'form', 'textarea', 'input', 'select', 'option', 'template',
])
const INLINE = new Set(['a', 'span', 'small', 'strike', 'strong', 'sub', 'sup', 'em', 'b', 'u', 'i'])
const VOID = new Set(['br', 'img', 'input', 'hr', 'meta', 'link', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr'])

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m
    }
    return ENTITIES[name.toLowerCase()] ?? m
  })
}

function hrefOf(tag: string): string {
  const m = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag)
  return decodeEntities(m ? (m[1] ?? m[2] ?? m[3] ?? '') : '')
}

/** Converts an HTML document or fragment to plain text. */
export function htmlToText(html: string): string {
  let out = ''
  let canAddNewLine = false
  let skipDepth = 0
  let skipTag = ''
  // open links: their text is collected apart and written as [text](href) when they close
  const links: { href: string; text: string }[] = []
  const write = (s: string) => {
    if (links.length > 0) {
      links[links.length - 1]!.text += s
    } else {
      out += s
    }
  }

  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|[^<]+|</g
  for (const m of html.matchAll(re)) {
    const token = m[0]
    const name = m[1]?.toLowerCase()
    if (token.startsWith('<!')) {
      continue
    }
    if (name === undefined) {
      if (skipDepth > 0) continue
      let txt = decodeEntities(token).replace(/\s+/g, ' ')
      if (!canAddNewLine) txt = txt.replace(/^ +/, '')
      if (txt !== '') {
        write(txt)
        canAddNewLine = true
      }
      continue
    }
    const closing = token[1] === '/'
    if (skipDepth > 0) {
      if (name === skipTag) skipDepth += closing ? -1 : VOID.has(name) || token.endsWith('/>') ? 0 : 1
      continue
    }
    if (closing) {
      if (name === 'a' && links.length > 0) {
        const link = links.pop()!
        const text = link.text.trim() || 'LINK'
        write(`[${text}]` + (link.href !== '' ? `(${link.href})` : ''))
      }
      continue
    }
    if (SKIP.has(name)) {
      if (!VOID.has(name) && !token.endsWith('/>')) {
        skipDepth = 1
        skipTag = name
      }
      continue
    }
    if (name === 'br') {
      write('\r\n')
      canAddNewLine = false
    } else if (canAddNewLine && !INLINE.has(name)) {
      write('\r\n')
      canAddNewLine = false
    }
    if (name === 'li') {
      write('- ')
    }
    if (name === 'a' && !token.endsWith('/>')) {
      links.push({ href: hrefOf(token), text: '' })
    }
  }
  while (links.length > 0) {
    const link = links.pop()!
    write(`[${link.text.trim() || 'LINK'}]` + (link.href !== '' ? `(${link.href})` : ''))
  }
  return out.trim()
}
