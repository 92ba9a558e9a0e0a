/**
 * @module A FIFO async mutex: the driver's write queue (one holder at a time, waiters in call order).
 */

/** A lock for async critical sections. Not re-entrant: acquiring it again while holding it waits forever. */
export class AsyncMutex {
  #locked = false
  #waiters: Array<() => void> = []
  #head = 0

  /** Whether someone holds the lock. */
  get isLocked(): boolean {
    return this.#locked
  }

  /** Resolves once the caller holds the lock; call the returned function exactly once to release it. */
  acquire(): Promise<() => void> {
    if (!this.#locked) {
      this.#locked = true
      return Promise.resolve(this.#releaser())
    }
    return new Promise((resolve) => {
      this.#waiters.push(() => resolve(this.#releaser()))
    })
  }

  /** Takes the lock now if it is free (returns its release function), else returns undefined. */
  tryAcquire(): (() => void) | undefined {
    if (this.#locked) {
      return undefined
    }
    this.#locked = true
    return this.#releaser()
  }

  /** Runs `fn` while holding the lock. */
  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire()
    try {
      return await fn()
    } finally {
      release()
    }
  }

  #releaser(): () => void {
    let released = false
    return () => {
      if (released) {
        return
      }
      released = true
      this.#next()
    }
  }

  #next(): void {
    if (this.#head < this.#waiters.length) {
      const wake = this.#waiters[this.#head]!
      this.#waiters[this.#head++] = noop
      if (this.#head > 64 && this.#head * 2 > this.#waiters.length) {
        this.#waiters = this.#waiters.slice(this.#head)
        this.#head = 0
      }
      wake() // the lock passes straight to the next waiter
    } else {
      this.#locked = false
      this.#waiters = []
      this.#head = 0
    }
  }
}

function noop(): void {}
