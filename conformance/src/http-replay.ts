import { request } from 'node:http'

/** A request exactly as it goes on the wire. */
export interface RawRequest {
  method: string
  /** The request-target, sent as is (no URL parsing, so `'` stays `'`). */
  target: string
  headers: Array<[string, string]>
  body: Uint8Array | null
}

/** What came back: the status and every body byte that arrived. */
export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  /** True when `abortAfterMs` cut the response short (SSE-style scenarios). */
  aborted: boolean
}

export interface SendOptions {
  host: string
  port: number
  /** Go's `Timeout`: stop reading after this long and keep what arrived. */
  abortAfterMs?: number
  /** A safety net for hung servers; the request fails with an error after this long. */
  timeoutMs?: number
}

/**
 * Sends one request with node:http and collects the full response. Uses a fresh connection
 * (`agent: false`), so node adds only `Connection: close`; every other header comes from `req`.
 */
export function sendRawRequest(req: RawRequest, opts: SendOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const flat: string[] = []
    for (const [k, v] of req.headers) flat.push(k, v)
    const cr = request({
      host: opts.host,
      port: opts.port,
      method: req.method,
      path: req.target,
      headers: flat as unknown as Record<string, string>,
      agent: false,
      setHost: false,
    })
    let settled = false
    const chunks: Buffer[] = []
    let status = 0
    let headers: RawResponse['headers'] = {}
    const finish = (aborted: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(abortTimer)
      clearTimeout(safetyTimer)
      resolve({ status, headers, body: Buffer.concat(chunks), aborted })
    }
    const fail = (err: Error) => {
      if (settled) return
      settled = true
      clearTimeout(abortTimer)
      clearTimeout(safetyTimer)
      cr.destroy()
      reject(err)
    }
    const abortTimer =
      opts.abortAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            if (status === 0) return fail(new Error(`no response within ${opts.abortAfterMs}ms`))
            finish(true)
            cr.destroy()
          }, opts.abortAfterMs)
    const safetyTimer = setTimeout(
      () => fail(new Error(`request timed out after ${opts.timeoutMs ?? 30000}ms`)),
      opts.timeoutMs ?? 30000,
    )
    cr.on('response', (res) => {
      status = res.statusCode ?? 0
      headers = res.headers
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => finish(false))
      res.on('error', (err) => (settled ? undefined : fail(err)))
    })
    cr.on('error', (err) => fail(err))
    if (req.body && req.body.length > 0) cr.write(req.body)
    cr.end()
  })
}
