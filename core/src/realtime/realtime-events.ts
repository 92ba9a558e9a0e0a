/**
 * @module Realtime hook events and hooks (PocketBase's `OnRealtimeConnectRequest`,
 * `OnRealtimeSubscribeRequest`, `OnRealtimeMessageSend`).
 */
import type { App } from '../app.js'
import { Hook, HookEvent } from '../hooks/hook.js'
import type { RequestEvent } from '../http/request-event.js'
import type { RealtimeClient } from './realtime-client.js'
import type { RealtimeMessage } from './sse-frame.js'

/**
 * `GET /api/realtime`: the SSE connection is being set up. Handlers may change the timeouts or the
 * client before `e.next()`, which registers the client and starts the stream.
 *
 * note: unlike PocketBase, `e.next()` returns once the stream is set up, not when the connection ends;
 * use `client.isDiscarded()` / the broker to learn about the end.
 */
export class RealtimeConnectRequestEvent extends HookEvent {
  app: App
  readonly request: RequestEvent
  client: RealtimeClient
  /** Close the connection after this long without a sent message (ms; default 5 minutes). */
  idleTimeout: number
  /** Close the connection after this long in any case (ms; default 30 minutes). */
  maxTimeout: number

  constructor(
    request: RequestEvent,
    client: RealtimeClient,
    idleTimeout: number,
    maxTimeout: number,
  ) {
    super()
    this.app = request.app
    this.request = request
    this.client = client
    this.idleTimeout = idleTimeout
    this.maxTimeout = maxTimeout
  }

  tags(): string[] {
    return []
  }
}

/** `POST /api/realtime`: the client's subscriptions are about to be replaced by `subscriptions`. */
export class RealtimeSubscribeRequestEvent extends HookEvent {
  app: App
  readonly request: RequestEvent
  readonly client: RealtimeClient
  subscriptions: string[]

  constructor(request: RequestEvent, client: RealtimeClient, subscriptions: string[]) {
    super()
    this.app = request.app
    this.request = request
    this.client = client
    this.subscriptions = subscriptions
  }

  tags(): string[] {
    return []
  }
}

/**
 * A message is about to be written to a client's SSE stream. The default action writes it; a handler
 * that doesn't call `e.next()` skips it, one that throws closes the connection.
 */
export class RealtimeMessageEvent extends HookEvent {
  app: App
  /** The `GET /api/realtime` request of the connection. */
  readonly request: RequestEvent
  readonly client: RealtimeClient
  message: RealtimeMessage

  constructor(request: RequestEvent, client: RealtimeClient, message: RealtimeMessage) {
    super()
    this.app = request.app
    this.request = request
    this.client = client
    this.message = message
  }

  tags(): string[] {
    return []
  }
}

/** The realtime hooks of an app. */
export class RealtimeHooks {
  readonly connectRequest = new Hook<RealtimeConnectRequestEvent>()
  readonly subscribeRequest = new Hook<RealtimeSubscribeRequestEvent>()
  readonly messageSend = new Hook<RealtimeMessageEvent>()
}
