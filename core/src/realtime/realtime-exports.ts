/**
 * @module The realtime API surface core exports (re-exported by the package root).
 */
export {
  DEFAULT_BROKER_OPTIONS,
  RealtimeBroker,
  realtimeBroker,
  type BrokerOptions,
  type RecordChangeEvent,
} from './realtime-broker.js'
export { RealtimeClient, type ClientAuth, type ClientQueueLimits } from './realtime-client.js'
export {
  RealtimeConnectRequestEvent,
  RealtimeHooks,
  RealtimeMessageEvent,
  RealtimeSubscribeRequestEvent,
} from './realtime-events.js'
export type { Delivery, RecordAction } from './record-dispatch.js'
export { sseFrame, type RealtimeMessage } from './sse-frame.js'
export { SSE_PUSH_SOURCE, type SsePushSink, type SsePushSource } from './sse-stream.js'
export { parseSubscriptionOptions, type SubscriptionOptions } from './subscription-options.js'
export { REALTIME_HOOK_IDS } from '../apis/realtime.js'
