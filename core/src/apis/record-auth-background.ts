/**
 * @module Work an auth endpoint starts without waiting for it (mails), kept alive by the platform when
 * it can (`waitUntil` in a Service Worker) and never failing the request.
 */
import type { RequestEvent } from '../http/request-event.js'

/** Starts `task` without awaiting it; errors are logged. */
export function runInBackground(e: RequestEvent, task: () => Promise<void>): void {
  const promise = task().catch((err: unknown) => e.app.logger.error('background task failed', { error: String(err) }))
  e.context.waitUntil?.(promise)
}
