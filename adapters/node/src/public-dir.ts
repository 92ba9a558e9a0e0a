/**
 * @module Static files from `pb_public` for every GET no other route answers (PocketBase's
 * `examples/base` `apis.Static(os.DirFS(publicDir), indexFallback)`), so an app's front end can be served
 * next to its API.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { Readable } from 'node:stream'
import { notFound, type App, type RequestEvent } from '@isobase/core'
import mime from 'mime-types'

const INDEX = 'index.html'
// note: the activity logger skips successful static requests, as PocketBase's Static does
const SKIP_SUCCESS_ACTIVITY_LOG = 'pbSkipSuccessActivityLog'

const fileNotFound = () => notFound('File not found.')

/** PocketBase's `safeRedirectPath`: a leading `//` or `\\` collapses to one `/` (no open redirects). */
function safeRedirectPath(path: string): string {
  return /^[/\\][/\\]/.test(path) ? '/' + path.replace(/^[/\\]+/, '') : path
}

function redirect(e: RequestEvent, path: string): Response {
  return new Response(null, { status: 301, headers: { location: safeRedirectPath(path) + e.url.search } })
}

async function fileResponse(root: string, name: string): Promise<Response | undefined> {
  const full = resolve(root, name)
  if (full !== root && !full.startsWith(root + sep)) {
    return undefined
  }
  try {
    const info = await stat(full)
    if (!info.isFile()) {
      return undefined
    }
    const type = mime.contentType(name.split('/').pop() ?? '') || 'application/octet-stream'
    const body = Readable.toWeb(createReadStream(full)) as unknown as ReadableStream<Uint8Array>
    return new Response(body, {
      status: 200,
      headers: { 'content-type': type, 'content-length': String(info.size), 'last-modified': info.mtime.toUTCString() },
    })
  } catch {
    return undefined
  }
}

/** A GET handler serving `dir` (missing files fall back to `index.html` when `indexFallback`). */
export function publicDirHandler(dir: string, indexFallback: boolean) {
  const root = resolve(dir)
  return async (e: RequestEvent): Promise<Response> => {
    e.store.set(SKIP_SUCCESS_ACTIVITY_LOG, true)
    const urlPath = decodeURIComponent(e.url.pathname)
    const segments: string[] = []
    for (const part of urlPath.split('/')) {
      if (part === '' || part === '.') continue
      if (part === '..') segments.pop()
      else segments.push(part)
    }
    const name = segments.join('/')
    const fallback = async () => {
      if (indexFallback && name !== INDEX) {
        const index = await fileResponse(root, INDEX)
        if (index) return index
      }
      throw fileNotFound()
    }
    if (urlPath.split('/').includes('..') || name.includes('\0')) {
      return fallback()
    }
    let info
    try {
      info = await stat(resolve(root, name))
    } catch {
      return fallback()
    }
    if (info.isDirectory()) {
      if (!e.url.pathname.endsWith('/')) {
        return redirect(e, e.url.pathname + '/')
      }
      return (await fileResponse(root, name === '' ? INDEX : `${name}/${INDEX}`)) ?? fallback()
    }
    if (e.url.pathname.endsWith('/') && e.url.pathname.length > 1) {
      return redirect(e, e.url.pathname.replace(/\/+$/, ''))
    }
    if (e.url.pathname.endsWith('/' + INDEX)) {
      return redirect(e, e.url.pathname.slice(0, -INDEX.length))
    }
    return (await fileResponse(root, name)) ?? fallback()
  }
}

/**
 * Serves `dir` for GET requests no other route answers. Registered from `onServe` at a late priority so
 * the app's own routes (and a user's catch-all) win, as PocketBase's `examples/base` does.
 */
export function bindPublicDir(app: App, dir: string, indexFallback: boolean): void {
  app.onServe().bind({
    id: '__isobasePublicDir__',
    priority: 999,
    func: async (se) => {
      se.router.get('/*', publicDirHandler(dir, indexFallback))
      await se.next()
    },
  })
}
