/**
 * @module PocketBase-style hook chains: handlers ordered by priority, each calling `e.next()` to go on.
 */

/** An event passed along a hook chain. `next()` runs the rest of the chain (and the default action). */
export class HookEvent {
  #next: () => Promise<void> = async () => {}

  /** Continues with the next handler; a handler that never calls it stops the chain there. */
  next(): Promise<void> {
    return this.#next()
  }

  /** @internal used by {@link Hook.trigger} to wire the chain. */
  setNextFunc(fn: () => Promise<void>): () => Promise<void> {
    const previous = this.#next
    this.#next = fn
    return previous
  }
}

/** A hook handler. */
export type HookHandler<E extends HookEvent> = (e: E) => Promise<void> | void

/** A handler with the id and priority PocketBase's `hook.Handler` carries. */
export interface HookBinding<E extends HookEvent> {
  /** Lets the handler be replaced or removed later; generated when empty. */
  id?: string
  /** Lower runs first; equal priorities keep the order of binding. */
  priority?: number
  func: HookHandler<E>
}

let handlerSeq = 0

/**
 * An ordered set of handlers. `trigger` runs them as a chain that ends with an optional default action,
 * the way PocketBase's `hook.Hook[T]` does.
 */
export class Hook<E extends HookEvent> {
  #handlers: { id: string; priority: number; seq: number; func: HookHandler<E> }[] = []

  /** Adds a handler and returns its id. Binding an existing id replaces that handler. */
  bind(binding: HookBinding<E>): string {
    const id = binding.id || `__h${++handlerSeq}`
    const entry = { id, priority: binding.priority ?? 0, seq: ++handlerSeq, func: binding.func }
    const existing = this.#handlers.findIndex((h) => h.id === id)
    if (existing >= 0) {
      this.#handlers[existing] = { ...entry, seq: this.#handlers[existing]!.seq }
    } else {
      this.#handlers.push(entry)
    }
    this.#handlers.sort((a, b) => a.priority - b.priority || a.seq - b.seq)
    return id
  }

  /** Adds a plain function as a handler; returns its id. */
  bindFunc(func: HookHandler<E>): string {
    return this.bind({ func })
  }

  /** Removes the handlers with the given ids. */
  unbind(...ids: string[]): void {
    this.#handlers = this.#handlers.filter((h) => !ids.includes(h.id))
  }

  /** Whether a handler with this id is bound. */
  has(id: string): boolean {
    return this.#handlers.some((h) => h.id === id)
  }

  /** How many handlers are bound. */
  get length(): number {
    return this.#handlers.length
  }

  /** Runs the chain on `event`, finishing with the `oneOff` handlers (usually the default action). */
  async trigger(event: E, ...oneOff: HookHandler<E>[]): Promise<void> {
    const chain = [...this.#handlers.map((h) => h.func), ...oneOff]
    const step = (index: number) => async (): Promise<void> => {
      const handler = chain[index]
      if (!handler) {
        return
      }
      const previous = event.setNextFunc(step(index + 1))
      try {
        await handler(event)
      } finally {
        event.setNextFunc(previous)
      }
    }
    await step(0)()
  }
}

/**
 * A view of a hook that only fires for events whose tags match (e.g. a collection's id or name), like
 * PocketBase's `TaggedHook`.
 */
export class TaggedHook<E extends HookEvent & { tags(): string[] }> {
  readonly #hook: Hook<E>
  readonly #tags: string[]

  constructor(hook: Hook<E>, tags: string[]) {
    this.#hook = hook
    this.#tags = tags
  }

  /** Binds a handler that runs only for tagged events; others pass straight through. */
  bind(binding: HookBinding<E>): string {
    const tags = this.#tags
    return this.#hook.bind({
      ...binding,
      func: (e) => {
        if (tags.length === 0 || e.tags().some((t) => tags.includes(t))) {
          return binding.func(e)
        }
        return e.next()
      },
    })
  }

  bindFunc(func: HookHandler<E>): string {
    return this.bind({ func })
  }

  unbind(...ids: string[]): void {
    this.#hook.unbind(...ids)
  }
}
