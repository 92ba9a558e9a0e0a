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

/**
 * A response whose body errors (and cancels its source) when `signal` aborts, as a network `fetch`'s
 * does: closing an `EventSource` or aborting a request then ends a streamed body on the backend too.
 * Responses without a body, or without a signal, are returned as they are.
 */
export function abortableBody(response: Response, signal: AbortSignal | undefined): Response {
  const source = response.body
  if (!signal || source === null) {
    return response
  }
  const reader = source.getReader()
  let onAbort: (() => void) | undefined
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        controller.error(abortReason(signal))
        void reader.cancel(abortReason(signal)).catch(() => {})
      }
      if (signal.aborted) {
        onAbort()
      } else {
        signal.addEventListener('abort', onAbort, { once: true })
      }
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read()
        if (done) {
          signal.removeEventListener('abort', onAbort!)
          controller.close()
        } else {
          controller.enqueue(value)
        }
      } catch (err) {
        signal.removeEventListener('abort', onAbort!)
        controller.error(err)
      }
    },
    cancel(reason) {
      signal.removeEventListener('abort', onAbort!)
      return reader.cancel(reason)
    },
  })
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}
