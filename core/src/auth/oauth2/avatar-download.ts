/**
 * @module Downloading an OAuth2 avatar into a file field (PocketBase `safeFileFromURL`): http(s) only,
 * no loopback/private/link-local literal hosts, at most 32 MiB, 10 s.
 *
 * note: PocketBase checks the resolved IP of every connection (DNS rebinding safe); core only sees
 * the URL, so names that resolve to internal addresses are not caught here.
 */
import { parseIP } from '../../http/real-ip.js'

const MAX_BYTES = 32 << 20

function isDisallowedHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost') || host === '') {
    return true
  }
  const ip = parseIP(host)
  if (!ip) {
    return false
  }
  if (ip.length === 4) {
    const [a, b] = [ip[0]!, ip[1]!]
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224
  }
  const allZero = ip.every((x, i) => (i === 15 ? x <= 1 : x === 0))
  const v4mapped = ip.slice(0, 10).every((x) => x === 0) && ip[10] === 0xff && ip[11] === 0xff
  if (v4mapped) {
    return isDisallowedHost([...ip.slice(12)].join('.'))
  }
  return allZero || (ip[0]! & 0xfe) === 0xfc || (ip[0] === 0xfe && (ip[1]! & 0xc0) === 0x80) || ip[0] === 0xff
}

/** Fetches `url` as a File named after its last path segment; throws when refused or failed. */
export async function downloadAvatar(url: string, fetchFn: typeof fetch = fetch): Promise<File> {
  const parsed = new URL(url)
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || isDisallowedHost(parsed.hostname)) {
    throw new Error(`address ${parsed.host} is invalid or resolve to disallowed IP`)
  }
  const res = await fetchFn(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' })
  if (res.status < 200 || res.status > 399) {
    throw new Error(`failed to download url ${url} (${res.status})`)
  }
  const bytes = new Uint8Array(await res.arrayBuffer())
  if (bytes.length > MAX_BYTES) {
    throw new Error('avatar too large')
  }
  const name = decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? 'avatar') || 'avatar'
  return new File([bytes], name, { type: res.headers.get('content-type') ?? 'application/octet-stream' })
}
