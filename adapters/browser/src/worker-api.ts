/**
 * @module The contract between the page and the backend Worker (called through comlink).
 */
import type { WireRequest, WireResponse } from './wire.js'

/** Where the Worker keeps its databases. */
export type BrowserStorage = 'memory' | 'opfs'

/** How the Worker opens its databases. */
export interface WorkerBackendOptions {
  /** `memory` (gone when the worker stops) or `opfs` (Origin Private File System, persistent). */
  storage: BrowserStorage
  /** OPFS directory holding `data.db` and `auxiliary.db`; one backend per directory at a time. */
  directory: string
}

/** What the Worker exposes. */
export interface WorkerBackendApi {
  /** Creates the app and opens its databases; rejects when they cannot be opened. */
  open(options: WorkerBackendOptions): Promise<void>
  /** Answers one request. */
  fetch(request: WireRequest): Promise<WireResponse>
  /** Closes the app and its databases. */
  close(): Promise<void>
}
