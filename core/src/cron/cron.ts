/**
 * @module A minute-resolution job scheduler (PocketBase's `tools/cron`): jobs with ids and cron
 * expressions, run when due while the scheduler is started (the Node server starts it on `serve`).
 */
import { isCronDue, parseCronSchedule, type CronSchedule } from '../tools/cron-schedule.js'

/** A scheduled job. */
export interface CronJob {
  readonly id: string
  readonly expression: string
  readonly schedule: CronSchedule
  run(): Promise<void>
}

/** The scheduler. */
export class Cron {
  readonly #jobs = new Map<string, CronJob>()
  readonly #now: () => Date
  readonly #onError: (id: string, err: unknown) => void
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(now: () => Date, onError: (id: string, err: unknown) => void) {
    this.#now = now
    this.#onError = onError
  }

  /** Adds (or replaces) a job; throws on an invalid expression. */
  add(id: string, expression: string, fn: () => Promise<void> | void): void {
    const schedule = parseCronSchedule(expression)
    this.#jobs.set(id, {
      id,
      expression,
      schedule,
      run: async () => {
        try {
          await fn()
        } catch (err) {
          this.#onError(id, err)
        }
      },
    })
  }

  /** Removes a job. */
  remove(id: string): void {
    this.#jobs.delete(id)
  }

  /** All jobs, in insertion order. */
  jobs(): CronJob[] {
    return [...this.#jobs.values()]
  }

  /** Whether the ticker runs. */
  hasStarted(): boolean {
    return this.#timer !== undefined
  }

  /** Starts ticking at each minute boundary. */
  start(): void {
    if (this.#timer) {
      return
    }
    const schedule = () => {
      const now = this.#now()
      const delay = 60_000 - (now.getTime() % 60_000)
      this.#timer = setTimeout(() => {
        this.tick(this.#now())
        schedule()
      }, delay)
      ;(this.#timer as { unref?: () => void }).unref?.()
    }
    schedule()
  }

  /** Stops ticking (running jobs finish). */
  stop(): void {
    if (this.#timer) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
  }

  /** Runs every job due at `moment` (exposed for tests). */
  tick(moment: Date): void {
    for (const job of this.#jobs.values()) {
      if (isCronDue(job.schedule, moment)) {
        void job.run()
      }
    }
  }
}
