/** @module The list of collections, loaded once and shared by the sidebar, editors and pickers. */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { CollectionModel } from 'pocketbase'
import { pb } from '../pb.js'
import { errorMessage } from './errors.js'

type Listener = () => void

/** Loads every collection (with fields) and notifies subscribers when the list changes. */
class CollectionsStore {
  list: CollectionModel[] = []
  loading = false
  loaded = false
  error = ''
  readonly #listeners = new Set<Listener>()
  #pending: Promise<void> | null = null

  /** Reloads the list from the server (concurrent calls share one request). */
  reload(): Promise<void> {
    this.#pending ??= this.#load().finally(() => (this.#pending = null))
    return this.#pending
  }

  /** Loads the list unless it is loaded already. */
  ensure(): Promise<void> {
    return this.loaded ? Promise.resolve() : this.reload()
  }

  /** Finds a collection by id or (case-insensitive) name. */
  find(idOrName: string): CollectionModel | undefined {
    const lower = idOrName.toLowerCase()
    return this.list.find((c) => c.id === idOrName) ?? this.list.find((c) => c.name.toLowerCase() === lower)
  }

  subscribe(fn: Listener): () => void {
    this.#listeners.add(fn)
    return () => this.#listeners.delete(fn)
  }

  async #load(): Promise<void> {
    this.loading = true
    this.#emit()
    try {
      const list = await pb.collections.getFullList({ sort: 'name' })
      this.list = list
      this.error = ''
      this.loaded = true
    } catch (err) {
      this.error = errorMessage(err)
    } finally {
      this.loading = false
      this.#emit()
    }
  }

  #emit(): void {
    for (const fn of this.#listeners) {
      fn()
    }
  }
}

/** The shared store. */
export const collections = new CollectionsStore()

/** Re-renders its host when the collections list changes; loads it on first use. */
export class CollectionsController implements ReactiveController {
  #unsubscribe: () => void = () => {}
  readonly #host: ReactiveControllerHost

  constructor(host: ReactiveControllerHost) {
    this.#host = host
    host.addController(this)
  }

  hostConnected(): void {
    this.#unsubscribe = collections.subscribe(() => this.#host.requestUpdate())
    void collections.ensure()
  }

  hostDisconnected(): void {
    this.#unsubscribe()
  }
}
