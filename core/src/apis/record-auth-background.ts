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

/**
 * Starts `task` in the background once `app`'s transaction commits (right away outside one), with
 * the committed app: a mail about changes a request hook rolled back is never sent.
 */
export async function runInBackgroundAfterCommit(
  e: RequestEvent,
  app: RequestEvent['app'],
  task: (app: RequestEvent['app']) => Promise<void>,
): Promise<void> {
  await app.afterCommit(async (finalApp) => {
    runInBackground(e, () => task(finalApp))
  })
}
