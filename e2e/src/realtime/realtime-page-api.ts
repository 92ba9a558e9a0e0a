/**
 * @module What the realtime test page script (`web/realtime-page.ts`) puts on `window.e2eRealtime`:
 * named official-SDK clients in the page, whose `subscribe()` uses the browser's own `EventSource`.
 */

/** A realtime event as the SDK hands it to a callback. */
export interface RealtimeEvent {
  action: string
  record: Record<string, unknown>
}

/** `window.e2eRealtime`. */
export interface E2eRealtimeApi {
  /** Creates SDK client `name` on the page's origin, logged in when `email` is given. */
  client(name: string, email?: string, password?: string): Promise<void>
  /** `pb.collection(collection).subscribe(topic, …, options)`; events collect under the client name. */
  subscribe(
    name: string,
    collection: string,
    topic: string,
    options?: Record<string, unknown>,
  ): Promise<void>
  /** `pb.realtime.unsubscribe()` (every topic): the SDK closes its EventSource. */
  unsubscribe(name: string): Promise<void>
  /** The events client `name` received so far. */
  events(name: string): RealtimeEvent[]
  /** The SDK's realtime state of client `name`. */
  state(name: string): { clientId: string; connected: boolean; disconnects: number }
  /** Creates a record with client `name`'s auth; returns its id. */
  create(name: string, collection: string, body: Record<string, unknown>): Promise<string>
}

declare global {
  interface Window {
    e2eRealtime?: E2eRealtimeApi
  }
}
