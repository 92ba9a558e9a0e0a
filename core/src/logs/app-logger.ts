/**
 * @module The app logger (PocketBase's `app.Logger()`): every entry goes to the platform logger and,
 * batched, into `auxiliary.db` `_logs` (flushed 3 s after the last entry or at 200), respecting the
 * `logs.maxDays` (0 = off) and `logs.minLevel` settings.
 */
import type { App } from '../app.js'
import type { Logger } from '../platform.js'
import { getSettings } from '../settings/settings-store.js'
import { formatDateTime } from '../tools/datetime.js'
import { newRecordId } from '../tools/random.js'

/** slog levels, as stored in `_logs.level`. */
export const LOG_LEVELS = { debug: -4, info: 0, warn: 4, error: 8 } as const

interface PendingLog {
  id: string
  level: number
  message: string
  data: string
  created: string
}

const FLUSH_DELAY_MS = 3000
const BATCH_SIZE = 200

/** A Logger that also persists entries in `_logs`. */
export class AppLogger implements Logger {
  readonly #app: App
  readonly #sink: Logger
  #pending: PendingLog[] = []
  #timer: ReturnType<typeof setTimeout> | undefined
  /** `Date.now()` of the last entry: the timer re-arms itself rather than being reset per entry. */
  #lastAt = 0
  #flushing: Promise<void> = Promise.resolve()

  constructor(app: App, sink: Logger) {
    this.#app = app
    this.#sink = sink
  }

  debug(message: string, attrs?: Record<string, unknown>): void {
    this.#sink.debug(message, attrs)
    this.#add(LOG_LEVELS.debug, message, attrs)
  }
  info(message: string, attrs?: Record<string, unknown>): void {
    this.#sink.info(message, attrs)
    this.#add(LOG_LEVELS.info, message, attrs)
  }
  warn(message: string, attrs?: Record<string, unknown>): void {
    this.#sink.warn(message, attrs)
    this.#add(LOG_LEVELS.warn, message, attrs)
  }
  error(message: string, attrs?: Record<string, unknown>): void {
    this.#sink.error(message, attrs)
    this.#add(LOG_LEVELS.error, message, attrs)
  }

  #add(level: number, message: string, attrs?: Record<string, unknown>): void {
    if (!this.#app.isBootstrapped()) {
      return
    }
    let data: string
    try {
      data = JSON.stringify(sortedKeys(attrs ?? {}))
    } catch {
      data = '{}'
    }
    this.#pending.push({ id: newRecordId(), level, message, data, created: formatDateTime(this.#app.now()) })
    if (this.#pending.length >= BATCH_SIZE) {
      void this.flush()
      return
    }
    this.#lastAt = Date.now()
    if (this.#timer === undefined) {
      this.#arm(FLUSH_DELAY_MS)
    }
  }

  /**
   * One timer per quiet period instead of a clearTimeout + setTimeout per entry (a measurable share
   * of a cheap request): when it fires early (entries kept coming) it waits out the rest.
   */
  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      const quiet = Date.now() - this.#lastAt
      if (quiet < FLUSH_DELAY_MS) {
        this.#arm(FLUSH_DELAY_MS - quiet)
      } else {
        void this.flush()
      }
    }, ms)
    // note: Node only; a pending flush must not keep a CLI process alive (terminate flushes anyway)
    ;(this.#timer as { unref?: () => void }).unref?.()
  }

  /** Writes every pending entry now (also called on terminate). */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
    const batch = this.#pending
    this.#pending = []
    if (batch.length === 0) {
      return this.#flushing
    }
    this.#flushing = this.#flushing.then(() => this.#write(batch)).catch(() => {})
    return this.#flushing
  }

  async #write(batch: PendingLog[]): Promise<void> {
    if (!this.#app.isBootstrapped()) {
      return
    }
    const settings = await getSettings(this.#app)
    const logs = settings.logs as { maxDays?: number; minLevel?: number } | undefined
    if (!logs || !(Number(logs.maxDays) > 0)) {
      return
    }
    const minLevel = Number(logs.minLevel ?? 0)
    const rows = batch.filter((l) => l.level >= minLevel)
    if (rows.length === 0) {
      return
    }
    try {
      await this.#app.auxDb().transaction(async (tx) => {
        for (const l of rows) {
          await tx.run('INSERT INTO `_logs` (id, level, message, data, created) VALUES (?, ?, ?, ?, ?)', [
            l.id,
            l.level,
            l.message,
            l.data,
            l.created,
          ])
        }
      })
    } catch (err) {
      this.#sink.error('failed to write logs', { error: String(err) })
    }
  }
}

/**
 * The attributes with their keys in byte order.
 * note: PocketBase stores a log's attributes as a Go map, which encoding/json writes sorted by key.
 */
function sortedKeys(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(attrs).sort()) {
    out[key] = attrs[key]
  }
  return out
}
