/**
 * @module Thumbs generated once and kept beside the original (`<dir>/thumbs_<name>/<size>_<name>`), as
 * PocketBase does: concurrent requests for the same missing thumb share one generation, and at most a
 * few generations run at once.
 */
import type { App } from '../app.js'
import { readAllBytes, type FileStorage } from './file-storage.js'
import { parseThumbSize } from './thumb-size.js'

/** Concurrent thumb generations per app (PocketBase: CPUs + 2; here the work is single-threaded WASM). */
export const MAX_THUMB_WORKERS = 2

interface ThumbState {
  pending: Map<string, Promise<void>>
  running: number
  queue: (() => void)[]
}

const states = new WeakMap<object, ThumbState>()

function stateOf(app: App): ThumbState {
  let s = states.get(app.platform)
  if (!s) {
    s = { pending: new Map(), running: 0, queue: [] }
    states.set(app.platform, s)
  }
  return s
}

async function withWorker<T>(state: ThumbState, fn: () => Promise<T>): Promise<T> {
  if (state.running >= MAX_THUMB_WORKERS) {
    await new Promise<void>((resolve) => state.queue.push(resolve))
  }
  state.running++
  try {
    return await fn()
  } finally {
    state.running--
    state.queue.shift()?.()
  }
}

/** Generates and stores a thumb of `originalKey` at `thumbKey` from its original. */
export async function createThumb(
  app: App,
  storage: FileStorage,
  originalKey: string,
  thumbKey: string,
  thumbSize: string,
): Promise<void> {
  const maker = app.platform.thumbs
  if (!maker) {
    throw new Error('no thumb maker on this platform')
  }
  const size = parseThumbSize(thumbSize)
  const attrs = await storage.attributes(originalKey)
  const bytes = await readAllBytes(storage, originalKey)
  if (!attrs || !bytes) {
    throw new Error('missing original file')
  }
  const thumb = await maker.make(bytes, attrs.contentType, size)
  await storage.put(thumbKey, thumb.bytes, { contentType: thumb.contentType })
}

/** Makes sure the thumb exists (generating it once); rejects when it cannot be made. */
export async function ensureThumb(
  app: App,
  storage: FileStorage,
  originalKey: string,
  thumbKey: string,
  thumbSize: string,
): Promise<void> {
  if (await storage.attributes(thumbKey)) {
    return
  }
  const state = stateOf(app)
  let pending = state.pending.get(thumbKey)
  if (!pending) {
    pending = withWorker(state, () => createThumb(app, storage, originalKey, thumbKey, thumbSize)).finally(() =>
      state.pending.delete(thumbKey),
    )
    state.pending.set(thumbKey, pending)
  }
  await pending
}
