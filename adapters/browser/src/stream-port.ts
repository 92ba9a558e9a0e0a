/**
 * @module A byte stream carried over a `MessagePort`, for response bodies that must not be buffered
 * (realtime SSE) when they cross the page ↔ Worker boundary. Chunks go as transferred buffers; the
 * reading side can cancel, which cancels the source stream (the core then drops the SSE client).
 * Works wherever `MessageChannel` does (transferable `ReadableStream`s do not, everywhere).
 */

/** Messages from the writing side. */
type Down = { type: 'chunk'; chunk: Uint8Array } | { type: 'end' } | { type: 'error'; message: string }
/** Messages from the reading side. */
type Up = { type: 'cancel' }

/**
 * Pumps `stream` into a new channel and returns the port to hand to the reader (transfer it).
 * Backpressure is not modelled: the source is read as fast as it produces, which suits event streams.
 */
export function streamToPort(stream: ReadableStream<Uint8Array>): MessagePort {
  const { port1, port2 } = new MessageChannel()
  const reader = stream.getReader()
  let done = false
  port1.onmessage = (ev: MessageEvent<Up>) => {
    if (ev.data?.type === 'cancel' && !done) {
      done = true
      void reader.cancel().catch(() => {})
      port1.close()
    }
  }
  void (async () => {
    try {
      for (;;) {
        const { done: end, value } = await reader.read()
        if (done) {
          return
        }
        if (end) {
          post(port1, { type: 'end' })
          break
        }
        const chunk = value.slice()
        post(port1, { type: 'chunk', chunk }, [chunk.buffer])
      }
    } catch (err) {
      if (!done) {
        post(port1, { type: 'error', message: err instanceof Error ? err.message : String(err) })
      }
    }
    done = true
    port1.close()
  })()
  return port2
}

/** The readable side of {@link streamToPort}. */
export function portToStream(port: MessagePort): ReadableStream<Uint8Array> {
  let finished = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      port.onmessage = (ev: MessageEvent<Down>) => {
        const msg = ev.data
        if (finished) {
          return
        }
        if (msg.type === 'chunk') {
          controller.enqueue(msg.chunk)
          return
        }
        finished = true
        port.close()
        if (msg.type === 'end') {
          controller.close()
        } else {
          controller.error(new TypeError(`response body failed: ${msg.message}`))
        }
      }
    },
    cancel() {
      if (!finished) {
        finished = true
        post(port, { type: 'cancel' })
        port.close()
      }
    },
  })
}

function post(port: MessagePort, msg: Down | Up, transfer: Transferable[] = []): void {
  try {
    port.postMessage(msg, transfer)
  } catch {
    // the other side is gone
  }
}
