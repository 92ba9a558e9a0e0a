/**
 * @module The realtime broker of an app (PocketBase's `SubscriptionsBroker`): registered clients, an
 * index of who listens on which topic, and `publish(event)`, the one entry point through which record
 * changes reach subscribers (a pub/sub bus between server instances would plug in there).
 */
import type { App } from '../app.js'
import type { RecordModel } from '../records/record-model.js'
import { RealtimeClient, type ClientQueueLimits } from './realtime-client.js'
import { RealtimeHooks } from './realtime-events.js'
import {
  prepareClientAccess,
  resolveRecordEvent,
  type Delivery,
  type RecordAction,
} from './record-dispatch.js'

/** A committed record change to publish. */
export interface RecordChangeEvent {
  readonly action: RecordAction
  readonly record: RecordModel
  /**
   * Deliveries computed earlier (deletes are checked against the row before it goes). When absent,
   * `publish` computes them against the current data.
   */
  readonly resolved?: Promise<Delivery[]>
}

/** Options of a broker. */
export interface BrokerOptions {
  /** ms without a sent message before a connection closes; PocketBase: 5 minutes. */
  idleTimeout?: number
  /** ms a connection may stay open in total; PocketBase: 30 minutes. */
  maxTimeout?: number
  /** Per-client queue bounds; a client over them is dropped. */
  queue?: Partial<ClientQueueLimits>
}

/** PocketBase's connection timeouts and this implementation's queue bounds. */
export const DEFAULT_BROKER_OPTIONS = Object.freeze({
  idleTimeout: 5 * 60_000,
  maxTimeout: 30 * 60_000,
  queue: Object.freeze({ maxMessages: 1000, maxBytes: 8 << 20 }),
})

/** Clients by id, a topic index, and event publishing for one app. */
export class RealtimeBroker {
  readonly app: App
  readonly hooks = new RealtimeHooks()
  idleTimeout: number
  maxTimeout: number
  /** Per-client queue bounds, shared by every client (changes apply at once). */
  readonly queueLimits: ClientQueueLimits
  readonly #clients = new Map<string, RealtimeClient>()
  /** topic → clients with at least one subscription on it. */
  readonly #byTopic = new Map<string, Set<RealtimeClient>>()
  /** Keeps deliveries in publish order while they are resolved concurrently. */
  #tail: Promise<void> = Promise.resolve()
  #pending = 0
  #closed = false

  constructor(app: App, options: BrokerOptions = {}) {
    this.app = app
    this.idleTimeout = options.idleTimeout ?? DEFAULT_BROKER_OPTIONS.idleTimeout
    this.maxTimeout = options.maxTimeout ?? DEFAULT_BROKER_OPTIONS.maxTimeout
    this.queueLimits = { ...DEFAULT_BROKER_OPTIONS.queue, ...options.queue }
  }

  // ------------------------------------------------------------ clients

  /** A new, unregistered client whose subscriptions this broker indexes once registered. */
  newClient(id?: string): RealtimeClient {
    return new RealtimeClient(
      this.queueLimits,
      {
        topicChanged: (client, topic, added) => {
          if (this.#clients.get(client.id) === client) {
            this.#indexTopic(client, topic, added)
          }
        },
        overflowed: (client) => {
          this.app.logger.debug('Realtime client dropped (queue overflow)', { clientId: client.id })
          this.unregister(client.id)
        },
      },
      id,
    )
  }

  /** Registers a client (replacing one with the same id). */
  register(client: RealtimeClient): void {
    if (this.#closed) {
      client.discard()
      return
    }
    this.unregister(client.id)
    this.#clients.set(client.id, client)
    for (const topic of client.topics()) {
      this.#indexTopic(client, topic, true)
    }
  }

  /** Discards and removes a client; unknown ids are ignored. */
  unregister(clientId: string): void {
    const client = this.#clients.get(clientId)
    if (!client) {
      return
    }
    this.#clients.delete(clientId)
    for (const topic of client.topics()) {
      this.#indexTopic(client, topic, false)
    }
    client.discard()
  }

  /** The registered client with this id. */
  clientById(clientId: string): RealtimeClient | undefined {
    return this.#clients.get(clientId)
  }

  /** Every registered client. */
  clients(): RealtimeClient[] {
    return [...this.#clients.values()]
  }

  /** How many clients are registered. */
  totalClients(): number {
    return this.#clients.size
  }

  /** The clients subscribed to exactly `topic` (the part of a subscription before `?`). */
  clientsOfTopic(topic: string): ReadonlySet<RealtimeClient> | undefined {
    return this.#byTopic.get(topic)
  }

  #indexTopic(client: RealtimeClient, topic: string, added: boolean): void {
    let set = this.#byTopic.get(topic)
    if (added) {
      if (!set) {
        set = new Set()
        this.#byTopic.set(topic, set)
      }
      set.add(client)
    } else if (set) {
      set.delete(client)
      if (set.size === 0) {
        this.#byTopic.delete(topic)
      }
    }
  }

  // ------------------------------------------------------------ events

  /**
   * Publishes a committed record change: finds the subscriptions on its topics, checks each
   * subscriber's access (grouped by rule and auth), serialises the record per subscriber and queues
   * the messages. Returns at once; deliveries keep publish order. Failures are logged, never thrown.
   */
  publish(event: RecordChangeEvent): void {
    if (this.#closed || (this.#clients.size === 0 && !event.resolved)) {
      return
    }
    const resolved = (event.resolved ?? this.resolve(event.action, event.record, this.app)).catch(
      (err: unknown) => {
        this.app.logger.debug('Failed to broadcast record', {
          action: event.action,
          id: event.record.id,
          collectionName: event.record.collection.name,
          error: String(err),
        })
        return [] as Delivery[]
      },
    )
    this.#pending++
    this.#tail = this.#tail
      .then(() => resolved)
      .then((deliveries) => {
        for (const d of deliveries) {
          for (const client of d.clients) {
            client.send(d.message)
          }
        }
      })
      .finally(() => {
        this.#pending--
      })
  }

  /**
   * The messages a record change produces for the current subscribers, with access checked through
   * `accessApp` (for deletes: before the row is gone).
   */
  resolve(action: RecordAction, record: RecordModel, accessApp: App): Promise<Delivery[]> {
    return resolveRecordEvent(this, action, record, accessApp)
  }

  /**
   * Compiles the access checks of the client's current subscriptions now (after a subscribe), so
   * the first event does not compile one per subscriber while all of them wait. Never throws.
   */
  prepareAccess(client: RealtimeClient): void {
    try {
      prepareClientAccess(this.app, client)
    } catch (err) {
      // only a cache warm-up: the event compiles what is missing
      this.app.logger.debug('Failed to prepare realtime access checks', {
        clientId: client.id,
        error: String(err),
      })
    }
  }

  /** Resolves once every publish so far has queued its messages (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.#pending > 0) {
      await this.#tail
    }
  }

  /**
   * Ends every open connection (their streams finish cleanly; the SDK reconnects). A server that stops
   * calls it first, so its graceful close doesn't wait for streams that never end.
   */
  disconnectAll(): void {
    for (const id of [...this.#clients.keys()]) {
      this.unregister(id)
    }
  }

  /** Ends every connection and refuses new clients (app shutdown). */
  close(): void {
    this.#closed = true
    this.disconnectAll()
  }

  /** Whether `close()` was called. */
  isClosed(): boolean {
    return this.#closed
  }
}

const brokers = new WeakMap<App, RealtimeBroker>()

/** Attaches `broker` to `app` (and every transaction-bound view of it). */
export function setRealtimeBroker(app: App, broker: RealtimeBroker): void {
  brokers.set(app, broker)
}

/** The realtime broker of `app` or of the app a transaction-bound view derives from. */
export function realtimeBroker(app: App): RealtimeBroker | undefined {
  // note: transaction-bound views are `Object.create(app)`, so the root app is up the prototype chain
  for (let a: object | null = app; a !== null; a = Object.getPrototypeOf(a) as object | null) {
    const broker = brokers.get(a as App)
    if (broker) {
      return broker
    }
  }
  return undefined
}
