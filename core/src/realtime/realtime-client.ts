/**
 * @module One realtime (SSE) client: its id, auth state, subscriptions with their options, and a bounded
 * queue of messages waiting to be written to its stream (PocketBase's `subscriptions.DefaultClient`).
 */
import { authExport } from '../http/request-event.js'
import type { RequestInfo } from '../records/record-field-resolver-request.js'
import type { RecordModel } from '../records/record-model.js'
import { randomString } from '../tools/random.js'
import type { RealtimeMessage } from './sse-frame.js'
import {
  parseSubscriptionOptions,
  subscriptionTopic,
  type SubscriptionOptions,
} from './subscription-options.js'

/** Limits of a client's outgoing queue. */
export interface ClientQueueLimits {
  /** Messages waiting to be written; one more drops the client. */
  maxMessages: number
  /** Bytes (UTF-16 length of the data) waiting to be written; more drops the client. */
  maxBytes: number
}

/** What a client tells its broker. */
export interface ClientListener {
  /** Subscriptions of `client` under `topic` appeared (`added`) or all went away. */
  topicChanged(client: RealtimeClient, topic: string, added: boolean): void
  /** The queue overflowed: the client is too slow (or gone) and must be dropped. */
  overflowed(client: RealtimeClient): void
}

/** The auth of a client as rules see it, computed once per auth change. */
export interface ClientAuth {
  readonly record: RecordModel
  /** `@request.auth` data (every field, see `authExport`). */
  readonly info: Record<string, unknown>
  /** A short id, equal for two clients whose auth records have the same data. */
  readonly key: string
}

/** Short ids for long texts (auth data), so per-event grouping keys stay small. */
const authIds = new Map<string, string>()
let lastAuthId = 0

function internAuth(text: string): string {
  let id = authIds.get(text)
  if (id === undefined) {
    // note: ids are never reused, so forgetting old texts only costs the sharing of a group
    if (authIds.size >= 100_000) {
      authIds.clear()
    }
    id = `a${++lastAuthId}`
    authIds.set(text, id)
  }
  return id
}

/** A realtime client. Create it with `broker.newClient()`; it is reachable once registered. */
export class RealtimeClient {
  readonly id: string
  /** The IP that opened the SSE connection (PocketBase's `pbRealtimeClientIP`), if known. */
  ip: string | undefined
  /** Free-form per-client data for hooks (PocketBase's `client.Set/Get`). */
  readonly store = new Map<string, unknown>()

  #auth: ClientAuth | undefined
  /** Request infos by options key, for the current auth. */
  #infos = new Map<string, RequestInfo>()
  /** topic → (subscription string → options). */
  readonly #topics = new Map<string, Map<string, SubscriptionOptions>>()
  #queue: RealtimeMessage[] = []
  #queuedBytes = 0
  #wake: (() => void) | undefined
  #discarded = false
  #overflowed = false
  #onDiscard: (() => void)[] = []
  readonly #limits: ClientQueueLimits
  readonly #listener: ClientListener | undefined

  /** `limits` is read on every send, so changing it applies to existing clients. */
  constructor(limits: ClientQueueLimits, listener?: ClientListener, id = randomString(40)) {
    this.id = id
    this.#limits = limits
    this.#listener = listener
  }

  // ------------------------------------------------------------ auth

  /** The auth record the client's subscriptions are checked with (`undefined` = guest). */
  get auth(): RecordModel | undefined {
    return this.#auth?.record
  }

  /** The auth with its precomputed rule data. */
  authState(): ClientAuth | undefined {
    return this.#auth
  }

  /** Sets (or, with `undefined`, clears) the client's auth record. */
  setAuth(record: RecordModel | undefined): void {
    this.#infos = new Map()
    if (!record) {
      this.#auth = undefined
      return
    }
    const info = authExport(record)
    this.#auth = {
      record,
      info,
      key: internAuth(`${record.collection.id}/${JSON.stringify(info)}`),
    }
  }

  /**
   * The request info a subscription's rules see: the client's auth with the subscription's query and
   * headers (PocketBase mocks a `GET` in the `realtime` context). Reused until the auth changes.
   */
  requestInfo(options: SubscriptionOptions): RequestInfo {
    let info = this.#infos.get(options.key)
    if (!info) {
      info = {
        auth: this.#auth?.info ?? null,
        body: {},
        query: options.query,
        headers: options.headers,
        method: 'GET',
        context: 'realtime',
      }
      this.#infos.set(options.key, info)
    }
    return info
  }

  // ------------------------------------------------------------ subscriptions

  /** Adds subscriptions (empty strings are skipped; an existing one gets its options re-parsed). */
  subscribe(...subscriptions: string[]): void {
    for (const sub of subscriptions) {
      if (sub === '') {
        continue
      }
      const topic = subscriptionTopic(sub)
      let subs = this.#topics.get(topic)
      if (!subs) {
        subs = new Map()
        this.#topics.set(topic, subs)
        this.#listener?.topicChanged(this, topic, true)
      }
      subs.set(sub, parseSubscriptionOptions(sub))
    }
  }

  /** Removes the given subscriptions, or all of them when none is given. */
  unsubscribe(...subscriptions: string[]): void {
    if (subscriptions.length === 0) {
      for (const topic of [...this.#topics.keys()]) {
        this.#topics.delete(topic)
        this.#listener?.topicChanged(this, topic, false)
      }
      return
    }
    for (const sub of subscriptions) {
      const topic = subscriptionTopic(sub)
      const subs = this.#topics.get(topic)
      if (subs?.delete(sub) && subs.size === 0) {
        this.#topics.delete(topic)
        this.#listener?.topicChanged(this, topic, false)
      }
    }
  }

  /** Whether the client has exactly this subscription string. */
  hasSubscription(subscription: string): boolean {
    return this.#topics.get(subscriptionTopic(subscription))?.has(subscription) ?? false
  }

  /** Every subscription string with its options. */
  subscriptions(): Map<string, SubscriptionOptions> {
    const out = new Map<string, SubscriptionOptions>()
    for (const subs of this.#topics.values()) {
      for (const [sub, options] of subs) {
        out.set(sub, options)
      }
    }
    return out
  }

  /** The subscriptions whose topic is exactly `topic` (the text before `?`). */
  subscriptionsOf(topic: string): ReadonlyMap<string, SubscriptionOptions> | undefined {
    return this.#topics.get(topic)
  }

  /** The topics the client is subscribed to. */
  topics(): IterableIterator<string> {
    return this.#topics.keys()
  }

  // ------------------------------------------------------------ messages

  /** Whether the client was discarded (unregistered, closed or dropped). */
  isDiscarded(): boolean {
    return this.#discarded
  }

  /**
   * Queues a message for the client's stream. Never blocks: a client whose queue is full is reported
   * to the broker, which drops it (the SDK reconnects and resubscribes).
   */
  send(message: RealtimeMessage): void {
    if (this.#discarded) {
      return
    }
    this.#queue.push(message)
    this.#queuedBytes += message.name.length + message.data.length
    if (
      this.#queue.length > this.#limits.maxMessages ||
      this.#queuedBytes > this.#limits.maxBytes
    ) {
      // note: PocketBase has no bound here: its Send blocks a goroutine per message on the client's
      // unbuffered channel, and a consumer that stops reading (no write deadline on SSE) holds its
      // connection and every blocked goroutine until the peer is gone. We drop the client at a bounded
      // queue instead and cut its socket (the SDK reconnects and resubscribes, as after any drop).
      this.#overflowed = true
      this.#listener?.overflowed(this)
      this.discard()
      return
    }
    this.#wakeUp()
  }

  /** Whether the client was dropped because its queue overflowed (a consumer too slow or gone). */
  isOverflowed(): boolean {
    return this.#overflowed
  }

  /** How many messages wait to be written. */
  queued(): number {
    return this.#queue.length
  }

  /**
   * The queued messages (emptying the queue): `undefined` once the client is discarded (queued messages
   * of a discarded client are dropped), `null` when none are waiting (see {@link ready}).
   */
  takeNow(): RealtimeMessage[] | undefined | null {
    if (this.#discarded) {
      return undefined
    }
    if (this.#queue.length === 0) {
      return null
    }
    const messages = this.#queue
    this.#queue = []
    this.#queuedBytes = 0
    return messages
  }

  /** Resolves when a message is queued or the client is discarded. */
  ready(): Promise<void> {
    if (this.#queue.length > 0 || this.#discarded) {
      return Promise.resolve()
    }
    return new Promise<void>((resolve) => {
      this.#wake = resolve
    })
  }

  /** The queued messages, waiting for at least one; `undefined` once the client is discarded. */
  async take(): Promise<RealtimeMessage[] | undefined> {
    for (;;) {
      const messages = this.takeNow()
      if (messages !== null) {
        return messages
      }
      await this.ready()
    }
  }

  /** Marks the client as gone: its stream ends and later messages are ignored. Idempotent. */
  discard(): void {
    if (this.#discarded) {
      return
    }
    this.#discarded = true
    this.#queue = []
    this.#queuedBytes = 0
    this.#wakeUp()
    const callbacks = this.#onDiscard
    this.#onDiscard = []
    for (const fn of callbacks) {
      fn()
    }
  }

  /** Runs `fn` when the client is discarded (at once if it already is). */
  onDiscard(fn: () => void): void {
    if (this.#discarded) {
      fn()
    } else {
      this.#onDiscard.push(fn)
    }
  }

  #wakeUp(): void {
    const wake = this.#wake
    this.#wake = undefined
    wake?.()
  }
}
