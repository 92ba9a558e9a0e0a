/**
 * @module PocketBase's model hooks (`OnModelValidate`, `OnModelCreate`, …, `OnModelAfterDeleteError`)
 * and the proxying that makes the record and collection hooks run inside them.
 *
 * note: as in PocketBase, each model hook has a system handler at priority -99 that runs the proxy
 * chain (e.g. `onRecordCreate`) for the model being saved; that chain's default action continues the
 * model chain, whose own default action does the work. So model handlers below -99 run before the
 * record/collection handlers, the others after them (inside their `e.next()`), and changes to `app`
 * and the model are carried across both chains.
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import type { RecordModel } from '../records/record-model.js'
import { Hook, HookEvent } from './hook.js'

/** The models that go through the model hooks here: records and collections. */
export type Model = RecordModel | CollectionModel

/** A model operation (PocketBase's `ModelEvent`). */
export class ModelEvent extends HookEvent {
  /** The app to use inside the handler: transaction-bound while the operation runs in one. */
  app: App
  model: Model
  readonly type: 'validate' | 'create' | 'update' | 'delete'

  constructor(app: App, model: Model, type: ModelEvent['type']) {
    super()
    this.app = app
    this.model = model
    this.type = type
  }

  /** A record's collection name and id; `_collections` for a collection (its table, as in PocketBase). */
  tags(): string[] {
    const m = this.model as { tags?: () => string[] }
    return typeof m.tags === 'function' ? m.tags() : ['_collections']
  }
}

/** A failed model operation (PocketBase's `ModelErrorEvent`). */
export class ModelErrorEvent extends ModelEvent {
  readonly error: unknown

  constructor(app: App, model: Model, type: ModelEvent['type'], error: unknown) {
    super(app, model, type)
    this.error = error
  }
}

/** The id of the proxying system handler bound on every model hook. */
export const MODEL_PROXY_HOOK_ID = '__pbModelProxySystemHook__'

const proxies = new WeakMap<ModelEvent, () => Promise<void>>()

function proxyHook<E extends ModelEvent>(): Hook<E> {
  const hook = new Hook<E>()
  hook.bind({
    id: MODEL_PROXY_HOOK_ID,
    priority: -99,
    func: (e) => {
      const run = proxies.get(e)
      return run ? run() : e.next()
    },
  })
  return hook
}

/** The model hooks of an app. */
export class ModelHooks {
  readonly validate = proxyHook<ModelEvent>()
  readonly create = proxyHook<ModelEvent>()
  readonly createExecute = proxyHook<ModelEvent>()
  readonly afterCreateSuccess = proxyHook<ModelEvent>()
  readonly afterCreateError = proxyHook<ModelErrorEvent>()
  readonly update = proxyHook<ModelEvent>()
  readonly updateExecute = proxyHook<ModelEvent>()
  readonly afterUpdateSuccess = proxyHook<ModelEvent>()
  readonly afterUpdateError = proxyHook<ModelErrorEvent>()
  readonly delete = proxyHook<ModelEvent>()
  readonly deleteExecute = proxyHook<ModelEvent>()
  readonly afterDeleteSuccess = proxyHook<ModelEvent>()
  readonly afterDeleteError = proxyHook<ModelErrorEvent>()
}

/** How a proxy event (record or collection event) exposes its model. */
export interface ModelAccess<E> {
  get(e: E): Model
  set(e: E, model: Model): void
}

/**
 * Triggers `modelHook` on `modelEvent`, running `proxy`'s chain on `event` at the model hook's system
 * handler, and `action` (the work) on `event` at the end of both.
 */
export async function triggerProxied<E extends HookEvent & { app: App }, M extends ModelEvent>(
  modelHook: Hook<M>,
  proxy: Hook<E>,
  event: E,
  modelEvent: M,
  access: ModelAccess<E>,
  action?: (e: E) => Promise<void> | void,
): Promise<void> {
  const toModel = () => {
    modelEvent.app = event.app
    modelEvent.model = access.get(event)
  }
  const fromModel = () => {
    event.app = modelEvent.app
    access.set(event, modelEvent.model)
  }
  proxies.set(modelEvent, async () => {
    fromModel()
    try {
      await proxy.trigger(event, async () => {
        toModel()
        try {
          await modelEvent.next()
        } finally {
          fromModel()
        }
      })
    } finally {
      toModel()
    }
  })
  await modelHook.trigger(modelEvent, async () => {
    fromModel()
    await action?.(event)
  })
  fromModel()
}

/**
 * Whether a model hook has nothing bound but its proxying system handler: then the model chain would
 * only run the proxy chain, so saves (a hot path) run that directly, without a model event.
 */
function onlyTheProxy(modelHook: { readonly length: number; has(id: string): boolean }): boolean {
  return modelHook.length === 1 && modelHook.has(MODEL_PROXY_HOOK_ID)
}

/** A record or collection event that a model event proxies. */
type ProxiedEvent = HookEvent & { app: App; readonly type: ModelEvent['type'] }

/**
 * The two triggers a model kind needs (its operation hooks and its after-error hooks), each running
 * the model hook with the kind's own hook as its proxy (PocketBase's record/collection proxy hooks).
 */
export function modelProxyTriggers<E extends ProxiedEvent, X extends E & { readonly error: unknown }>(
  access: ModelAccess<E>,
) {
  return {
    run(
      modelHook: Hook<ModelEvent>,
      proxy: Hook<E>,
      event: E,
      action?: (e: E) => Promise<void> | void,
    ): Promise<void> {
      if (onlyTheProxy(modelHook)) {
        return proxy.trigger(event, ...(action ? [action] : []))
      }
      const modelEvent = new ModelEvent(event.app, access.get(event), event.type)
      return triggerProxied(modelHook, proxy, event, modelEvent, access, action)
    },
    runError(modelHook: Hook<ModelErrorEvent>, proxy: Hook<X>, event: X): Promise<void> {
      if (onlyTheProxy(modelHook)) {
        return proxy.trigger(event)
      }
      const modelEvent = new ModelErrorEvent(event.app, access.get(event), event.type, event.error)
      return triggerProxied<X, ModelErrorEvent>(modelHook, proxy, event, modelEvent, access)
    },
  }
}
