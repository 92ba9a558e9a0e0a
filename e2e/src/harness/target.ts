/**
 * @module What a shared suite runs against: anything that answers a `Request` like an Isobase server.
 */

/** One backend under test (a Node server, a Service Worker page, an in-page Worker backend, …). */
export interface Target {
  /** Base URL requests are made against, e.g. `http://127.0.0.1:8090`. */
  readonly url: string
  /** Sends one request to the backend. */
  fetch(request: Request): Promise<Response>
  /** Stops whatever the target started. */
  [Symbol.asyncDispose](): Promise<void>
}

/** Builds a request to `path` on `target`. */
export function targetRequest(target: Target, path: string, init?: RequestInit): Request {
  return new Request(new URL(path, target.url), init)
}

/**
 * Upper bound for one test or hook (ms). Generous: a step takes well under 3 s; this only turns a hang
 * (a worker that never takes control, a dead page) into a failure instead of a stuck run.
 */
export const STEP_TIMEOUT = 30_000
