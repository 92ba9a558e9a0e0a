/**
 * @module Sends requests from inside a browser page: through the page's `fetch` (so a Service Worker
 * can answer) or through a backend object the test page exposes on `window`.
 */
import type { Page } from 'playwright-core'

/** Which fetch the page uses: the global one or `window.isobase.fetch` (the in-page Worker backend). */
export type PageFetchVia = 'global' | 'backend'

interface PageRequest {
  url: string
  method: string
  headers: [string, string][]
  body: number[] | null
  via: PageFetchVia
}

interface PageResponse {
  status: number
  statusText: string
  headers: [string, string][]
  body: number[]
}

/** Replays `request` inside `page` and rebuilds the response in Node. */
export async function fetchInPage(
  page: Page,
  request: Request,
  via: PageFetchVia,
): Promise<Response> {
  const body = request.body === null ? null : [...new Uint8Array(await request.arrayBuffer())]
  const arg: PageRequest = {
    url: request.url,
    method: request.method,
    headers: [...request.headers],
    body,
    via,
  }
  const res = await page.evaluate(async (r: PageRequest): Promise<PageResponse> => {
    const init: RequestInit = {
      method: r.method,
      headers: r.headers,
      body: r.body === null ? undefined : new Uint8Array(r.body),
    }
    const w = window as unknown as { isobase?: { fetch: typeof fetch } }
    const f = r.via === 'global' ? fetch : w.isobase?.fetch
    if (!f) {
      throw new Error('the page has no window.isobase backend')
    }
    const res = await f(r.url, init)
    return {
      status: res.status,
      statusText: res.statusText,
      headers: [...res.headers],
      body: [...new Uint8Array(await res.arrayBuffer())],
    }
  }, arg)
  const resBody = res.status === 204 || res.status === 304 ? null : new Uint8Array(res.body)
  return new Response(resBody, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  })
}
