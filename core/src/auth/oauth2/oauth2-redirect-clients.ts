/**
 * @module The realtime side of the all-in-one OAuth2 flow: the SDK subscribes its SSE client to
 * `@oauth2` and passes the client id as `state`; the redirect endpoint hands the code to that client.
 *
 * Core's realtime broker registers a lookup here ({@link setOAuth2ClientLookup}); without one the
 * redirect can only fail.
 */
import type { App } from '../../app.js'

/** The topic the SDK subscribes to for the OAuth2 redirect. */
export const OAUTH2_SUBSCRIPTION_TOPIC = '@oauth2'

/** What the redirect needs from a realtime client. */
export interface OAuth2RealtimeClient {
  /** Whether the client is gone (disconnected or discarded). */
  isDiscarded(): boolean
  hasSubscription(topic: string): boolean
  /** The IP the client connected from, if the broker recorded it. */
  ip(): string | undefined
  /** Sends an SSE message (`event: <name>`, `data: <data>`). */
  send(name: string, data: string): void
  unsubscribe(topic: string): void
}

/** Finds a realtime client by id. */
export type OAuth2ClientLookup = (clientId: string) => OAuth2RealtimeClient | undefined

const lookups = new WeakMap<object, OAuth2ClientLookup>()

/** Registers the realtime client lookup of `app` (called by the realtime broker). */
export function setOAuth2ClientLookup(app: App, lookup: OAuth2ClientLookup): void {
  lookups.set(app.platform, lookup)
}

/** The realtime client `clientId` of `app`, if a broker is registered and knows it. */
export function findOAuth2Client(app: App, clientId: string): OAuth2RealtimeClient | undefined {
  return lookups.get(app.platform)?.(clientId)
}
