/**
 * @module The e2e test page's script: puts start/stop helpers and an SDK client factory on
 * `window.e2e` for `page.evaluate`.
 */
import { createBrowserBackend } from '@isobase/browser'
import { createInPageBackend } from '@isobase/browser/in-page'
import { registerIsobase } from '@isobase/service-worker/register'
import PocketBase, { LocalAuthStore } from 'pocketbase'
import type { BackendLink, E2ePageApi } from '../src/harness/page-api.js'
import { bindE2eRoutes } from '../src/routes/e2e-routes.js'

let link: BackendLink = { kind: 'origin' }
const events = new Map<string, unknown[]>()
const waiters = new Set<() => void>()

function backend() {
  const b = window.isobase
  if (!b) {
    throw new Error('no backend started')
  }
  return b
}

function baseUrl(): string {
  return link.kind === 'url' ? link.url : location.origin
}

// note: no HTTP cache, so a file deleted since an earlier read is not served from it
const linkFetch = (url: string, init?: RequestInit) =>
  link.kind === 'backend'
    ? backend().fetch(url, init)
    : fetch(url, { cache: 'no-store', ...init })

const api: E2ePageApi = {
  async startWorker(storage) {
    window.isobase = await createBrowserBackend({
      storage,
      directory: 'e2e',
      workerUrl: '/e2e-worker.js',
    })
  },
  async startInPage() {
    window.isobase = await createInPageBackend({ setup: bindE2eRoutes })
  },
  async stopBackend() {
    await window.isobase?.close()
    window.isobase = undefined
  },
  async registerSw(url, scope) {
    await registerIsobase({ url, scope })
  },
  async sdkHealth(via) {
    const pb = new PocketBase(location.origin)
    if (via === 'backend') {
      const b = backend()
      pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: b.fetch } })
    }
    return pb.health.check()
  },
  link(how) {
    link = how
    if (how.kind === 'backend') {
      window.EventSource = backend().EventSource as unknown as typeof EventSource
    }
  },
  client(authKey = 'pocketbase_auth') {
    const pb = new PocketBase(baseUrl(), new LocalAuthStore(authKey))
    // note: tests fire concurrent requests to the same path on purpose
    pb.autoCancellation(false)
    if (link.kind === 'backend') {
      const b = backend()
      pb.beforeSend = (url, options) => ({ url, options: { ...options, fetch: b.fetch } })
    }
    return pb
  },
  fetch: linkFetch,
  async png(name, width, height) {
    const canvas = new OffscreenCanvas(width, height)
    const ctx = canvas.getContext('2d')!
    ctx.fillStyle = '#3366cc'
    ctx.fillRect(0, 0, width, height)
    ctx.fillStyle = '#ffcc00'
    ctx.fillRect(0, 0, width / 2, height / 2)
    const blob = await canvas.convertToBlob({ type: 'image/png' })
    return new File([blob], name, { type: 'image/png' })
  },
  async imageInfo(url) {
    const res = await linkFetch(url)
    const blob = await res.blob()
    if (!res.ok) {
      return { status: res.status, type: blob.type, width: 0, height: 0 }
    }
    const bitmap = await createImageBitmap(blob)
    const info = {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      width: bitmap.width,
      height: bitmap.height,
    }
    bitmap.close()
    return info
  },
  pushEvent(name, value) {
    const list = events.get(name) ?? []
    list.push(value)
    events.set(name, list)
    for (const w of [...waiters]) {
      w()
    }
  },
  waitEvents(name, count, ms = 10_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const list = events.get(name) ?? []
        if (list.length >= count) {
          waiters.delete(check)
          clearTimeout(timer)
          resolve(list.slice(0, count))
          return true
        }
        return false
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`${name}: ${(events.get(name) ?? []).length}/${count} events after ${ms} ms`))
      }, ms)
      if (!check()) {
        waiters.add(check)
      }
    })
  },
}
window.e2e = api
