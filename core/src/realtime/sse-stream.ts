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

  const end = (reason: string) => {
    if (ended) {
      return
    }
    ended = true
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

  /** Writes taken messages (synchronously when no send hook is bound: the common, fast path). */
  const write = (
    c: ReadableStreamDefaultController<Uint8Array>,
    messages: RealtimeMessage[] | undefined | null,
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
      c.enqueue(encodeFrames(idLine, messages))
      lastActivity = Date.now()
      return undefined
    }
    return renderWithHooks(messages).then(({ bytes, closeAfter }) => {
      if (ended) {
        return
      }
      if (bytes) {
        c.enqueue(bytes)
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
        return write(c, messages)
      }
      await client.ready()
    }
  }

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c
        if (request.request.signal?.aborted) {
          queueMicrotask(onAbort)
          return
        }
        request.request.signal?.addEventListener('abort', onAbort)
        arm()
      },
      pull(c) {
        // note: messages already waiting are written at once, without an await
        const messages = client.takeNow()
        if (messages !== null) {
          return write(c, messages)
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
}
