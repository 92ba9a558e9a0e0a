/**
 * @module One load ("generation") of the `pb_hooks` files: the app they receive is a view that records
 * every handler they bind and every route they add, so a reload can take exactly those back.
 *
 * - Hook handlers (`app.onRecordCreate('posts').bindFunc(…)`, `app.onRequest.bind(…)`, the hook bags)
 *   are bound on the real hooks and unbound on dispose.
 * - Routes go to the real router behind a gate: once disposed they answer nothing, so the request falls
 *   through to the next matching route (the newer generation's).
 * - `onBootstrap()` / `onServe()` handlers are kept per generation and run from one handler on the real
 *   hook; a generation loaded after the app bootstrapped or started serving runs them right away.
 */
import {
  BootstrapEvent,
  Hook,
  ServeEvent,
  TaggedHook,
  type App,
  type HookBinding,
  type HookEvent,
  type HookHandler,
  type RouteHandler,
  type Router,
} from '@isobase/core'

type AnyHook = Hook<HookEvent> | TaggedHook<HookEvent & { tags(): string[] }>

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options'])

/** The bindings of one generation of hooks files. */
export class HooksScope {
  /** The app handed to the hooks files. */
  readonly app: App
  /** This generation's `onBootstrap()` handlers. */
  readonly bootstrap = new Hook<BootstrapEvent>()
  /** This generation's `onServe()` handlers. */
  readonly serve = new Hook<ServeEvent>()
  /** The router handed to the files (directly and in serve events). */
  readonly router: Router
  readonly #real: App
  readonly #undo: (() => void)[] = []
  #disposed = false

  constructor(real: App) {
    this.#real = real
    this.router = this.#gatedRouter(real.router)
    this.app = this.#appView(real)
  }

  /** Whether {@link dispose} ran. */
  get disposed(): boolean {
    return this.#disposed
  }

  /** Unbinds every handler of this generation and closes its routes. */
  dispose(): void {
    this.#disposed = true
    for (const undo of this.#undo.splice(0).reverse()) {
      undo()
    }
  }

  /** Runs this generation's bootstrap handlers now (the app bootstrapped before it was loaded). */
  async runBootstrap(): Promise<void> {
    await this.bootstrap.trigger(new BootstrapEvent(this.#real))
  }

  /** Runs this generation's serve handlers now, with the facts of the serve event already fired. */
  async runServe(fired: ServeEvent): Promise<void> {
    const event = new ServeEvent(this.#real, fired.adapter, fired.url, this.router)
    event.server = fired.server
    await this.serve.trigger(event)
  }

  /** A hook view that remembers what it binds, so {@link dispose} can unbind it. */
  #track<E extends HookEvent>(hook: AnyHook): unknown {
    const inner = hook as unknown as Hook<E>
    const undo = this.#undo
    const view = {
      bind(binding: HookBinding<E>): string {
        const id = inner.bind(binding)
        undo.push(() => inner.unbind(id))
        return id
      },
      bindFunc(func: HookHandler<E>): string {
        return view.bind({ func })
      },
      unbind(...ids: string[]): void {
        inner.unbind(...ids)
      },
    }
    if (hook instanceof Hook) {
      return Object.assign(view, {
        trigger: (event: E, ...oneOff: HookHandler<E>[]) => inner.trigger(event, ...oneOff),
        get length() {
          return inner.length
        },
      })
    }
    return view
  }

  #wrapResult(value: unknown): unknown {
    if (value === this.#real.onBootstrap()) {
      return this.#track(this.bootstrap)
    }
    if (value === this.#real.onServe()) {
      return this.#track(this.serve)
    }
    if (value instanceof Hook || value instanceof TaggedHook) {
      return this.#track(value as AnyHook)
    }
    if (value !== null && typeof value === 'object' && Object.values(value).some((v) => v instanceof Hook)) {
      // a hook bag (recordHooks, collectionHooks, appHooks)
      return new Proxy(value, { get: (bag, prop) => this.#wrapResult(Reflect.get(bag, prop)) })
    }
    return value
  }

  #appView(real: App): App {
    return new Proxy(real, {
      get: (target, prop) => {
        if (prop === 'router') {
          return this.router
        }
        const value: unknown = Reflect.get(target, prop, target)
        if (typeof value === 'function') {
          return (...args: unknown[]) => this.#wrapResult((value as (...a: unknown[]) => unknown).apply(target, args))
        }
        return this.#wrapResult(value)
      },
    })
  }

  #gatedRouter(real: Router): Router {
    const gate =
      (handler: RouteHandler): RouteHandler =>
      (e) =>
        this.#disposed ? undefined : handler(e)
    return new Proxy(real, {
      get: (target, prop, receiver) => {
        if (typeof prop === 'string' && ROUTE_METHODS.has(prop)) {
          return (path: string, ...handlers: RouteHandler[]) => {
            ;(target[prop as 'get'] as (p: string, ...h: RouteHandler[]) => Router).call(target, path, ...handlers.map(gate))
            return receiver
          }
        }
        if (prop === 'add') {
          return (method: Parameters<Router['add']>[0], path: string, handlers: RouteHandler[]) => {
            target.add(method, path, handlers.map(gate))
            return receiver
          }
        }
        const value: unknown = Reflect.get(target, prop, target)
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
      },
    })
  }
}
