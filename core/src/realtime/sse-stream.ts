/**
 * @module A client's SSE response body: a `ReadableStream` that writes the client's queued messages as
 * PocketBase's frames (through the `OnRealtimeMessageSend` hook), and ends when the client is discarded,
 * the consumer goes away, or the idle/max timeout passes (PocketBase's `realtimeConnect` loop).
 */
import type { RequestEvent } from '../http/request-event.js'
import type { RealtimeClient } from './realtime-client.js'
import { RealtimeMessageEvent, type RealtimeHooks } from './realtime-events.js'
import { encodeFrames, encodeIdLine, sseFrame, type RealtimeMessage } from './sse-frame.js'

/** Options of {@link createSseStream}. */
export interface SseStreamOptions {
  readonly client: RealtimeClient
  /** The `GET /api/realtime` request (its abort signal ends the stream; hooks see it). */
  readonly request: RequestEvent
  readonly hooks: RealtimeHooks
  /** ms without a written message before the stream ends. */
  readonly idleTimeout: number
  /** ms after which the stream ends in any case. */
  readonly maxTimeout: number
  /** Called once when the stream ends, for any reason (the broker unregisters the client). */
  readonly onEnd: (reason: string) => void
}

const encoder = new TextEncoder()

/**
 * The property of an SSE body stream holding its {@link SsePushSource}: a server adapter that writes to
 * its sockets itself may take frames from there instead of reading the web stream (less work per frame).
 */
export const SSE_PUSH_SOURCE: unique symbol = Symbol.for('isobase.ssePushSource') as never

/** Where a push source writes: an adapter's socket. */
export interface SsePushSink {
  /** Writes bytes; `false` when the socket's buffer is full (the source then waits for `drained`). */
  write(bytes: Uint8Array): boolean
  /** Resolves when the buffer has room again (or the socket is gone). */
  drained(): Promise<void>
  /**
   * Ends the response; called once, when the stream ends for any reason (possibly while a write waits
   * for `drained`). `abort` is true when the client was dropped for a full queue: its consumer is too
   * slow or gone, so cut the connection instead of finishing the response.
   */
  end(abort: boolean): void
}

/** The push side of an SSE body stream; see {@link SSE_PUSH_SOURCE}. */
export interface SsePushSource {
  /**
   * Sends the frames to `sink` from now on; the web stream must then not be read. Returns what to call
   * when the consumer goes away.
   */
  attach(sink: SsePushSink): () => void
}

/**
 * The stream for a registered client whose first queued message is `PB_CONNECT`. Messages queued
 * while the consumer is busy are written together in one chunk.
 */
export function createSseStream(options: SseStreamOptions): ReadableStream<Uint8Array> {
  const { client, request, hooks } = options
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined
  let ended = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const startedAt = Date.now()
  let lastActivity = startedAt

  let endSink: (() => void) | undefined
  const end = (reason: string) => {
    if (ended) {
      return
    }
    ended = true
    const sinkEnd = endSink
    endSink = undefined
    sinkEnd?.()
    if (timer !== undefined) {
      clearTimeout(timer)
    }
    request.request.signal?.removeEventListener('abort', onAbort)
    try {
      controller?.close()
    } catch {
      // already closed or errored by the consumer
    }
    options.onEnd(reason)
  }
  const onAbort = () => end('request aborted')

  // one timer per client, re-armed only when it fires early (messages just move `lastActivity`)
  const arm = () => {
    const deadline = Math.min(lastActivity + options.idleTimeout, startedAt + options.maxTimeout)
    const wait = deadline - Date.now()
    if (wait <= 0) {
      end(deadline === startedAt + options.maxTimeout ? 'max timeout' : 'idle timeout')
      return
    }
    // note: not unref'd: an open stream keeps a Node process alive, as its socket would
    timer = setTimeout(arm, wait)
  }

  /** The frames of `messages` through the send hooks; `closeAfter` when a hook failed. */
  const renderWithHooks = async (
    messages: RealtimeMessage[],
  ): Promise<{ bytes: Uint8Array | undefined; closeAfter: boolean }> => {
    let text = ''
    const done = (closeAfter: boolean) => ({
      bytes: text === '' ? undefined : encoder.encode(text),
      closeAfter,
    })
    for (const m of messages) {
      try {
        await hooks.messageSend.trigger(new RealtimeMessageEvent(request, client, m), (e) => {
          text += sseFrame(e.client.id, e.message)
        })
      } catch (err) {
        request.app.logger.debug('Realtime connection closed (failed to deliver message)', {
          clientId: client.id,
          error: String(err),
        })
        return done(true)
      }
    }
    return done(false)
  }

  let idLine: Uint8Array | undefined

  /**
   * Renders taken messages and hands their bytes to `emit`: synchronously when no send hook is bound
   * (the common, fast path).
   */
  const deliver = (
    messages: RealtimeMessage[] | undefined | null,
    emit: (bytes: Uint8Array) => void,
  ): Promise<void> | undefined => {
    if (ended || messages === null) {
      return undefined
    }
    if (!messages) {
      end('client discarded')
      return undefined
    }
    if (hooks.messageSend.length === 0) {
      // note: each message's bytes are encoded once, for all the clients it goes to
      idLine ??= encodeIdLine(client.id)
      emit(encodeFrames(idLine, messages))
      lastActivity = Date.now()
      return undefined
    }
    return renderWithHooks(messages).then(({ bytes, closeAfter }) => {
      if (ended) {
        return
      }
      if (bytes) {
        emit(bytes)
      }
      lastActivity = Date.now()
      if (closeAfter) {
        end('message send failed')
      }
    })
  }

  /** Waits for messages, then writes them; resolves once something was written or the stream ended. */
  const pull = async (c: ReadableStreamDefaultController<Uint8Array>): Promise<void> => {
    for (;;) {
      const messages = client.takeNow()
      if (messages !== null || ended) {
        return deliver(messages, (bytes) => c.enqueue(bytes))
      }
      await client.ready()
    }
  }

  /**
   * The push mode: frames go straight to an adapter's sink, with its backpressure. (Ending always
   * discards the client, which wakes `ready()`; the sink's `drained()` resolves when the socket goes.)
   */
  const push = async (sink: SsePushSink): Promise<void> => {
    // note: the sink ends as soon as the stream does, even while a write waits for room (a client
    // dropped for a full queue is usually one whose socket never drains)
    endSink = () => sink.end(client.isOverflowed())
    let full = false
    const emit = (bytes: Uint8Array) => {
      full = !sink.write(bytes) || full
    }
    try {
      while (!ended) {
        const messages = client.takeNow()
        if (messages === null) {
          await client.ready()
          continue
        }
        const pending = deliver(messages, emit)
        if (pending) {
          await pending
        }
        if (full && !ended) {
          full = false
          await sink.drained()
        }
      }
    } finally {
      endSink?.()
    }
  }

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
        if (request.request.signal?.aborted) {
          queueMicrotask(onAbort)
          return
        }
        request.request.signal?.addEventListener('abort', onAbort)
        // note: a client dropped while its consumer is stuck (not reading, or a full socket) still ends
        client.onDiscard(() => end('client discarded'))
        arm()
      },
      pull(c) {
        // note: messages already waiting are written at once, without an await
        const messages = client.takeNow()
        if (messages !== null) {
          return deliver(messages, (bytes) => c.enqueue(bytes))
        }
        return pull(c)
      },
      cancel() {
        end('stream cancelled')
      },
    },
    // note: no internal buffer, so the client's bounded queue is the only place messages wait
    { highWaterMark: 0 },
  )
  const source: SsePushSource = {
    attach(sink) {
      void push(sink)
      return () => end('consumer gone')
    },
  }
  Object.defineProperty(stream, SSE_PUSH_SOURCE, { value: source })
  return stream
}
