/**
 * @module The `fetch` shape the backends expose, and abort handling shared by them.
 */

/** What a backend hands to the SDK: the global `fetch`'s signature. */
export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/**
 * Builds a `Request` from fetch arguments without its abort signal (signals cannot cross a worker
 * boundary) and returns the signal separately.
 */
export function toRequest(
  input: RequestInfo | URL,
  init?: RequestInit,
): [Request, AbortSignal | undefined] {
  const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined)
  const request = new Request(input, { ...init, signal: null })
  return [request, signal ?? undefined]
}

/**
 * Settles like `work`, unless `signal` aborts first: then it rejects with the signal's reason, as
 * `fetch` does. The backend still finishes the request; only the caller stops waiting.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) {
    return work
  }
  if (signal.aborted) {
    return Promise.reject(abortReason(signal))
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError')
}
