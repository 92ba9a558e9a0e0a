/**
 * @module The options a realtime subscription string carries (`posts/*?options=<urlencoded JSON>` with
 * `{"query":{…},"headers":{…}}`), parsed the way PocketBase's `DefaultClient.Subscribe` does: Go's
 * `url.Parse` + `Query().Get("options")`, `json.Unmarshal`, values through `cast.ToString`, header names
 * snake-cased. Anything that does not parse yields empty options (never an error).
 */
import { snakecase } from '../records/record-field-resolver-request.js'
import { toString } from '../tools/cast.js'

/** What a subscription's `@request.query.*` / `@request.headers.*` resolve against. */
export interface SubscriptionOptions {
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
  /** A short id of `query` + `headers`: equal ids mean equal options. */
  readonly key: string
}

/** Short ids for the canonical options texts (never reused; the table starts over when large). */
const optionIds = new Map<string, string>()
let lastOptionId = 0

function internOptions(text: string): string {
  let id = optionIds.get(text)
  if (id === undefined) {
    if (optionIds.size >= 100_000) {
      optionIds.clear()
    }
    id = `o${++lastOptionId}`
    optionIds.set(text, id)
  }
  return id
}

/** The topic of a subscription: the text before its first `?` (`posts/*`, `posts/abc`, `posts`). */
export function subscriptionTopic(subscription: string): string {
  const i = subscription.indexOf('?')
  return i < 0 ? subscription : subscription.slice(0, i)
}

const EMPTY_OPTIONS: SubscriptionOptions = Object.freeze({
  query: Object.freeze({}),
  headers: Object.freeze({}),
  key: 'o0',
})

/** Parses the options of a subscription string. */
export function parseSubscriptionOptions(subscription: string): SubscriptionOptions {
  const rawQuery = goUrlRawQuery(subscription)
  if (rawQuery === undefined) {
    return EMPTY_OPTIONS
  }
  const raw = goQueryGet(rawQuery, 'options')
  if (raw === undefined || raw === '') {
    return EMPTY_OPTIONS
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return EMPTY_OPTIONS // note: Go's Unmarshal checks the syntax before filling anything
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return EMPTY_OPTIONS
  }
  const query: Record<string, string> = {}
  const headers: Record<string, string> = {}
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    // note: Go matches JSON keys to struct fields case-insensitively
    const field = key.toLowerCase()
    if ((field !== 'query' && field !== 'headers') || !isPlainObject(value)) {
      continue
    }
    for (const [k, v] of Object.entries(value)) {
      if (field === 'query') {
        query[k] = toString(v)
      } else {
        headers[snakecase(k)] = toString(v)
      }
    }
  }
  const text = `${canonical(query)}|${canonical(headers)}`
  return { query, headers, key: text === '[]|[]' ? EMPTY_OPTIONS.key : internOptions(text) }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function canonical(map: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(map)
      .sort()
      .map((k) => [k, map[k]]),
  )
}

/**
 * The raw query of `text` as Go's `url.Parse` finds it, or `undefined` when Go fails to parse the text
 * (control characters, bad `%` escapes in the path or fragment, a colon in a scheme-less first segment,
 * an invalid authority).
 */
export function goUrlRawQuery(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(text)) {
    return undefined
  }
  const hash = text.indexOf('#')
  const main = hash < 0 ? text : text.slice(0, hash)
  if (hash >= 0 && !validEscapes(text.slice(hash + 1))) {
    return undefined
  }
  if (main === '*') {
    return ''
  }
  const scheme = goScheme(main)
  if (scheme === undefined) {
    return undefined
  }
  let rest = main.slice(scheme === '' ? 0 : scheme.length + 1)
  let rawQuery = ''
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1)
  } else {
    const q = rest.indexOf('?')
    if (q >= 0) {
      rawQuery = rest.slice(q + 1)
      rest = rest.slice(0, q)
    }
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') {
      return rawQuery // an opaque URL such as `mailto:x?y`
    }
    const slash = rest.indexOf('/')
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(':')) {
      return undefined
    }
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2)
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash)
    if (!validAuthority(authority)) {
      return undefined
    }
    rest = slash < 0 ? '' : rest.slice(slash)
  }
  return validEscapes(rest) ? rawQuery : undefined
}

/** Go's `getScheme`: the scheme (`''` when there is none), or `undefined` for a leading `:`. */
function goScheme(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      continue
    }
    if ((c >= '0' && c <= '9') || c === '+' || c === '-' || c === '.') {
      if (i === 0) {
        return ''
      }
      continue
    }
    if (c === ':') {
      return i === 0 ? undefined : text.slice(0, i)
    }
    return ''
  }
  return ''
}

const HEX = /^[0-9a-fA-F]{2}$/

/** Whether every `%` starts a two-digit hex escape. */
function validEscapes(text: string): boolean {
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
    if (!HEX.test(text.slice(i + 1, i + 3))) {
      return false
    }
  }
  return true
}

// characters Go accepts unescaped in a host (`shouldEscape` in host mode) besides letters and digits
const HOST_CHARS = new Set('-._~!$&\'()*+,;=:[]<>"')
const USERINFO_CHARS = new Set("-._:~!$&'()*+,;=%@")

/** A simplified Go `parseAuthority`: userinfo characters, host characters and a numeric port. */
function validAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@')
  const userinfo = at < 0 ? '' : authority.slice(0, at)
  const host = at < 0 ? authority : authority.slice(at + 1)
  for (const c of userinfo) {
    if (!/[A-Za-z0-9]/.test(c) && !USERINFO_CHARS.has(c)) {
      return false
    }
  }
  if (!validEscapes(host)) {
    return false
  }
  for (const c of host) {
    if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9%]/.test(c) && !HOST_CHARS.has(c)) {
      return false
    }
  }
  const bracket = host.lastIndexOf(']')
  const colon = host.lastIndexOf(':')
  if (host.startsWith('[')) {
    if (bracket < 0) {
      return false
    }
    const after = host.slice(bracket + 1)
    return after === '' || /^:\d*$/.test(after)
  }
  return colon < 0 || /^\d*$/.test(host.slice(colon + 1))
}

/** `url.ParseQuery(rawQuery).Get(name)`: the first value, with pairs Go rejects skipped. */
export function goQueryGet(rawQuery: string, name: string): string | undefined {
  for (const pair of rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) {
      continue
    }
    const eq = pair.indexOf('=')
    const key = goQueryUnescape(eq < 0 ? pair : pair.slice(0, eq))
    const value = goQueryUnescape(eq < 0 ? '' : pair.slice(eq + 1))
    if (key === undefined || value === undefined) {
      continue
    }
    if (key === name) {
      return value
    }
  }
  return undefined
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** Go's `url.QueryUnescape`: `+` is a space, `%XX` a byte; `undefined` for a bad escape. */
function goQueryUnescape(text: string): string | undefined {
  if (!text.includes('%') && !text.includes('+')) {
    return text
  }
  if (!validEscapes(text)) {
    return undefined
  }
  const bytes: number[] = []
  let plain = ''
  const flush = () => {
    if (plain !== '') {
      bytes.push(...encoder.encode(plain))
      plain = ''
    }
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '%') {
      flush()
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else if (c === '+') {
      flush()
      bytes.push(0x20)
    } else {
      plain += c
    }
  }
  flush()
  // note: invalid UTF-8 becomes U+FFFD, as Go's JSON decoder does with such bytes
  return decoder.decode(new Uint8Array(bytes))
}
