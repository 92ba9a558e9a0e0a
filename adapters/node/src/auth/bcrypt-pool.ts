/**
 * @module Core's `PasswordHasher` on a pool of worker threads (bcryptjs in each), so bcrypt (tens of
 * ms per check at cost 10) runs on every core and never blocks the event loop that serves the other
 * requests. Workers start on first use and are unreferenced while idle (an idle pool keeps no process
 * alive); a job that cannot be handed to a worker runs in-thread instead.
 */
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { inThreadPasswordHasher, type PasswordHasher } from '@isobase/core'
import type { BcryptAnswer, BcryptJob } from './bcrypt-worker.js'

type JobInput = { op: 'hash'; plain: string; cost: number } | { op: 'compare'; plain: string; hash: string }

interface Pending {
  readonly job: BcryptJob
  resolve(value: string | boolean): void
  reject(err: Error): void
}

interface PoolWorker {
  readonly worker: Worker
  busy: Pending | undefined
  idleTimer: ReturnType<typeof setTimeout> | undefined
}

/** A worker idle this long exits (each holds ~10 MB: a V8 isolate); the next job starts one again. */
const IDLE_EXIT_MS = 5000

/** The compiled worker entry beside this file; absent in bundles (the single executable). */
function workerEntry(): URL | undefined {
  try {
    const url = new URL('./bcrypt-worker.js', import.meta.url)
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined
  } catch {
    return undefined
  }
}

/** A bcrypt {@link PasswordHasher} over up to `size` worker threads. */
export class BcryptPool implements PasswordHasher {
  readonly #size: number
  #entry: URL | undefined
  readonly #idleExitMs: number
  #deaths = 0
  readonly #workers: PoolWorker[] = []
  readonly #queue: Pending[] = []
  #nextId = 1
  #closed = false

  /**
   * `size` defaults to the number of cores (at least 1, at most 8); `entry` is the worker script (null:
   * none, bcrypt runs in-thread); a worker idle for `idleExitMs` exits.
   */
  constructor(
    size = Math.min(8, Math.max(1, availableParallelism())),
    entry: URL | null = workerEntry() ?? null,
    idleExitMs = IDLE_EXIT_MS,
  ) {
    this.#size = size
    this.#entry = entry ?? undefined
    this.#idleExitMs = idleExitMs
  }

  hash(plain: string, cost: number): Promise<string> {
    return this.#run({ op: 'hash', plain, cost }) as Promise<string>
  }

  async compare(plain: string, hash: string): Promise<boolean> {
    try {
      return (await this.#run({ op: 'compare', plain, hash })) as boolean
    } catch {
      return false // a malformed hash matches nothing (Go's bcrypt returns an error, PocketBase false)
    }
  }

  /** Stops the workers; later jobs run in-thread. */
  async close(): Promise<void> {
    this.#closed = true
    const workers = this.#workers.splice(0)
    for (const p of this.#queue.splice(0)) {
      this.#fallback(p)
    }
    for (const w of workers) {
      clearTimeout(w.idleTimer)
      if (w.busy) {
        this.#fallback(w.busy)
      }
    }
    await Promise.all(workers.map((w) => w.worker.terminate()))
  }

  /** Worker threads running now. */
  get threads(): number {
    return this.#workers.length
  }

  #run(input: JobInput): Promise<string | boolean> {
    if (this.#entry === undefined || this.#closed) {
      return input.op === 'hash'
        ? inThreadPasswordHasher.hash(input.plain, input.cost)
        : inThreadPasswordHasher.compare(input.plain, input.hash)
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ job: { id: this.#nextId++, ...input }, resolve, reject })
      this.#pump()
    })
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      let w = this.#workers.find((x) => x.busy === undefined)
      if (w === undefined && this.#workers.length < this.#size && this.#entry !== undefined) {
        w = this.#spawn()
      }
      if (w === undefined) {
        if (this.#workers.length === 0) {
          this.#queue.splice(0).forEach((p) => this.#fallback(p)) // no worker could start
        }
        return
      }
      const p = this.#queue.shift()!
      clearTimeout(w.idleTimer)
      w.idleTimer = undefined
      w.busy = p
      w.worker.ref() // a job in flight keeps the process alive (a CLI command awaiting a hash)
      w.worker.postMessage(p.job)
    }
  }

  #spawn(): PoolWorker | undefined {
    let worker: Worker
    try {
      worker = new Worker(this.#entry!)
    } catch {
      return undefined
    }
    const w: PoolWorker = { worker, busy: undefined, idleTimer: undefined }
    worker.unref()
    worker.on('message', (answer: BcryptAnswer) => {
      const p = w.busy
      w.busy = undefined
      worker.unref()
      if (p !== undefined && p.job.id === answer.id) {
        if ('error' in answer) {
          p.reject(new Error(answer.error))
        } else {
          p.resolve(answer.value)
        }
      }
      this.#pump()
      if (w.busy === undefined) {
        w.idleTimer = setTimeout(() => this.#retire(w), this.#idleExitMs)
        w.idleTimer.unref()
      }
    })
    worker.on('error', () => this.#drop(w))
    worker.on('exit', () => this.#drop(w))
    this.#workers.push(w)
    return w
  }

  /** An idle worker exits (not counted as a death). */
  #retire(w: PoolWorker): void {
    const i = this.#workers.indexOf(w)
    if (i < 0 || w.busy !== undefined) {
      return
    }
    this.#workers.splice(i, 1)
    void w.worker.terminate()
  }

  /** A worker died: its job runs in-thread, the others go to a new worker. */
  #drop(w: PoolWorker): void {
    const i = this.#workers.indexOf(w)
    if (i < 0) {
      return
    }
    this.#workers.splice(i, 1)
    if (++this.#deaths >= 3) {
      this.#entry = undefined // workers keep dying (e.g. cannot load): bcrypt in-thread from now on
    }
    if (w.busy) {
      this.#fallback(w.busy)
      w.busy = undefined
    }
    this.#pump()
  }

  #fallback(p: Pending): void {
    const { job } = p
    const work =
      job.op === 'hash'
        ? inThreadPasswordHasher.hash(job.plain, job.cost)
        : inThreadPasswordHasher.compare(job.plain, job.hash)
    work.then(p.resolve, p.reject)
  }
}

let shared: BcryptPool | undefined

/** The process's pool (one per process: every app in it shares the cores). */
export function sharedBcryptPool(): BcryptPool {
  shared ??= new BcryptPool()
  return shared
}
