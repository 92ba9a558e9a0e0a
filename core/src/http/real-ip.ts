/**
 * @module Client IPs as PocketBase sees them: the socket address, or the trusted proxy header's
 * (`settings.trustedProxy`), written in Go's `netip.Addr.StringExpanded` form; and IP/CIDR list checks
 * (superuser IP whitelist, rate limit exclusions).
 */
import { getSettings, type TrustedProxySettings } from '../settings/settings-store.js'
import type { RequestEvent } from './request-event.js'

/** Parses an IPv4 or IPv6 address (zones not allowed) into 4 or 16 bytes, or undefined. */
export function parseIP(text: string): Uint8Array | undefined {
  const s = text.trim()
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map((p) => (p.length > 1 && p.startsWith('0') ? NaN : Number(p)))
    return parts.every((n) => n >= 0 && n <= 255) ? new Uint8Array(parts) : undefined
  }
  if (!s.includes(':') || s.includes('%')) {
    return undefined
  }
  let head = s
  let v4tail: Uint8Array | undefined
  const lastColon = s.lastIndexOf(':')
  if (s.slice(lastColon + 1).includes('.')) {
    v4tail = parseIP(s.slice(lastColon + 1))
    if (!v4tail || v4tail.length !== 4) return undefined
    head = s.slice(0, lastColon + 1) + '0:0'
  }
  const halves = head.split('::')
  if (halves.length > 2) return undefined
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const left = groups(halves[0]!)
  const right = halves.length === 2 ? groups(halves[1]!) : []
  const missing = 8 - left.length - right.length
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right]
  const out = new Uint8Array(16)
  for (let i = 0; i < 8; i++) {
    const g = all[i]!
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
    const n = parseInt(g, 16)
    out[i * 2] = n >> 8
    out[i * 2 + 1] = n & 0xff
  }
  if (v4tail) out.set(v4tail, 12)
  return out
}

/** Go's `StringExpanded`: IPv4 dotted, IPv6 as 8 zero-padded hex groups. Unparsable input → `''`. */
export function expandIP(text: string): string {
  // note: the same few peer addresses come with every request; expanding one is pure
  const hit = expanded.get(text)
  if (hit !== undefined) return hit
  const out = expandIPUncached(text)
  if (expanded.size >= 1024) expanded.clear()
  expanded.set(text, out)
  return out
}

const expanded = new Map<string, string>()

function expandIPUncached(text: string): string {
  const bytes = parseIP(text)
  if (!bytes) return ''
  if (bytes.length === 4) return [...bytes].join('.')
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) {
    groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16).padStart(4, '0'))
  }
  return groups.join(':')
}

function prefixContains(prefix: string, addr: Uint8Array): boolean | undefined {
  const slash = prefix.indexOf('/')
  if (slash < 0) return undefined
  const net = parseIP(prefix.slice(0, slash))
  const bitsText = prefix.slice(slash + 1)
  if (!net || !/^\d+$/.test(bitsText)) return undefined
  const bits = Number(bitsText)
  if (bits > net.length * 8) return undefined
  if (net.length !== addr.length) return false
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3
    const mask = 0x80 >> (i & 7)
    if ((net[byte]! & mask) !== (addr[byte]! & mask)) return false
  }
  return true
}

/** Whether `ip` is one of the IPs or inside one of the CIDR prefixes of `list`. */
export function isIPInList(list: readonly string[], ip: string): boolean {
  if (list.length === 0 || ip === '') return false
  const addr = parseIP(ip)
  if (!addr) return false
  for (const item of list) {
    const inPrefix = prefixContains(item, addr)
    if (inPrefix !== undefined) {
      if (inPrefix) return true
      continue
    }
    const other = parseIP(item)
    if (other && other.length === addr.length && other.every((b, i) => b === addr[i])) return true
  }
  return false
}

/**
 * The client IP: from the last value of the first trusted proxy header that has one (the rightmost
 * valid IP, or the leftmost with `useLeftmostIP`), else the socket address.
 */
export function realIP(request: Request, remoteAddress: string, proxy: TrustedProxySettings): string {
  for (const header of proxy.headers) {
    // note: Fetch joins repeated headers with ", ", so the last value is the last list item group
    const joined = request.headers.get(header)
    if (!joined) continue
    const ips = joined.split(',')
    const ordered = proxy.useLeftmostIP ? ips : [...ips].reverse()
    for (const candidate of ordered) {
      const expanded = expandIP(candidate)
      if (expanded !== '') return expanded
    }
  }
  // note: Node reports IPv4 peers of a dual-stack socket as `::ffff:a.b.c.d`; Go's net/http gives
  // PocketBase the plain IPv4 address there
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(remoteAddress.trim())
  return expandIP(mapped ? mapped[1]! : remoteAddress)
}

/** The real IP of a request under the app's trusted proxy settings (PocketBase's `e.RealIP()`). */
export async function requestIP(e: RequestEvent): Promise<string> {
  const settings = await getSettings(e.app)
  return realIP(e.request, e.remoteIP(), settings.trustedProxy)
}
