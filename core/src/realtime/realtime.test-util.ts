/**
 * @module Test helpers for realtime: an app over the PocketBase fixture, SSE connections read straight
 * from `app.fetch` response bodies, frame parsing, and auth tokens for fixture records.
 *
 * Node-only; excluded from core's main build like every `*.test-util.ts`.
 */
import assert from 'node:assert/strict'
import type { App } from '../app.js'
import { newAuthToken } from '../auth/record-tokens.js'
import {
  call,
  FIXTURE_SUPERUSER_TOKEN,
  newFixtureApp,
  type CallResult,
} from '../collections/collection-test-app.test-util.js'
import { findRecordById, requireCollection } from '../records/record-query.js'
import { realtimeBroker, type RealtimeBroker } from './realtime-broker.js'

export { call, FIXTURE_SUPERUSER_TOKEN, newFixtureApp }

/** Fixture `users` records. */
export const USER1 = '4q1xlclmfloku33' // test@example.com, emailVisibility false
export const USER2 = 'oap640cot4yru2s' // test2@example.com, emailVisibility false
export const USER3 = 'bgs820n361vj1qd' // test3@example.com, emailVisibility true

/** A parsed SSE frame. */
export interface SseFrame {
  id: string
  event: string
  data: string
}

/** Parses PocketBase frames (`id:`, `event:`, `data:` lines, a blank line after each). */
export function parseFrames(text: string): { frames: SseFrame[]; rest: string } {
  const frames: SseFrame[] = []
  let rest = text
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const block = rest.slice(0, end)
    rest = rest.slice(end + 2)
    const frame: SseFrame = { id: '', event: '', data: '' }
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':')
      const field = line.slice(0, colon)
      if (field === 'id' || field === 'event' || field === 'data') {
        frame[field] = line.slice(colon + 1)
      }
    }
    frames.push(frame)
  }
  return { frames, rest }
}

/** One SSE connection on an app: frames as they arrive. */
export class SseConnection {
  readonly response: Response
  readonly frames: SseFrame[] = []
  /** The raw text received. */
  text = ''
  /** Resolves when the stream ends (normally); rejects if it errors. */
  readonly ended: Promise<void>
  #rest = ''
  #waiters: (() => void)[] = []
  #done = false
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  readonly #abort: AbortController

  constructor(response: Response, abort: AbortController) {
    this.response = response
    this.#abort = abort
    this.#reader = response.body!.getReader()
    this.ended = this.#pump()
  }

  async #pump(): Promise<void> {
    const decoder = new TextDecoder()
    try {
      for (;;) {
        const { done, value } = await this.#reader.read()
        if (done) {
          return
        }
        const chunk = decoder.decode(value, { stream: true })
        this.text += chunk
        const { frames, rest } = parseFrames(this.#rest + chunk)
        this.#rest = rest
        this.frames.push(...frames)
        this.#notify()
      }
    } finally {
      this.#done = true
      this.#notify()
    }
  }

  #notify(): void {
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w()
  }

  /** Whether the stream has ended. */
  isDone(): boolean {
    return this.#done
  }

  /** The client id (from the first frame). */
  get clientId(): string {
    return this.frames[0]?.id ?? ''
  }

  /** Waits until `count` frames arrived (fails after `ms`). */
  async waitFrames(count: number, ms = 2000): Promise<SseFrame[]> {
    const deadline = Date.now() + ms
    while (this.frames.length < count) {
      if (this.#done) {
        assert.fail(`stream ended with ${this.frames.length} of ${count} frames: ${this.text}`)
      }
      const left = deadline - Date.now()
      if (left <= 0) {
        assert.fail(`timed out with ${this.frames.length} of ${count} frames: ${this.text}`)
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.#waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
    return this.frames
  }

  /** The frames after PB_CONNECT. */
  events(): SseFrame[] {
    return this.frames.slice(1)
  }

  /** Cancels the body (the consumer goes away). */
  async close(): Promise<void> {
    if (!this.#done) {
      await this.#reader.cancel().catch(() => {})
    }
    this.#abort.abort()
    await this.ended.catch(() => {})
  }
}

/** Opens `GET /api/realtime` and waits for PB_CONNECT. */
export async function connect(
  app: App,
  headers: Record<string, string> = {},
): Promise<SseConnection> {
  const abort = new AbortController()
  const res = await app.fetch(
    new Request('http://localhost/api/realtime', { headers, signal: abort.signal }),
    { remoteAddress: '127.0.0.1' },
  )
  assert.equal(res.status, 200)
  const conn = new SseConnection(res, abort)
  await conn.waitFrames(1)
  return conn
}

/** `POST /api/realtime` with a JSON body (and an optional token); returns the response. */
export function subscribe(
  app: App,
  clientId: string,
  subscriptions: string[],
  token?: string,
): Promise<CallResult> {
  return call(app, 'POST', '/api/realtime', { clientId, subscriptions }, token ?? '')
}

/** Connects and subscribes (asserting the 204). */
export async function connectAndSubscribe(
  app: App,
  subscriptions: string[],
  token?: string,
): Promise<SseConnection> {
  const conn = await connect(app)
  const res = await subscribe(app, conn.clientId, subscriptions, token)
  assert.equal(res.status, 204, res.text)
  return conn
}

/** An auth token for a fixture record. */
export async function tokenFor(app: App, collection: string, id: string): Promise<string> {
  const record = await findRecordById(app, requireCollection(app, collection), id)
  assert.ok(record, `${collection}/${id}`)
  return newAuthToken(app, record)
}

/** The app's broker. */
export function brokerOf(app: App): RealtimeBroker {
  const broker = realtimeBroker(app)
  assert.ok(broker)
  return broker
}

/**
 * Waits until the publishes so far queued their messages, the streams took them (for up to a second:
 * a consumer that stopped reading never does) and the readers had a few turns to parse them.
 */
export async function flush(app: App): Promise<void> {
  const broker = brokerOf(app)
  await broker.settled()
  const deadline = Date.now() + 1000
  while (broker.clients().some((c) => c.queued() > 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2))
  }
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setImmediate(r))
  }
}

/** Parsed `data` of event frames. */
export function eventData(
  frames: SseFrame[],
): { action: string; record: Record<string, unknown> }[] {
  return frames.map(
    (f) => JSON.parse(f.data) as { action: string; record: Record<string, unknown> },
  )
}

/** A superuser request. */
export function su(app: App, method: string, path: string, body?: unknown): Promise<CallResult> {
  return call(app, method, path, body, FIXTURE_SUPERUSER_TOKEN)
}
