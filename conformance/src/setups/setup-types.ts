import type { Scenario } from '../scenario.js'

/** Which SQLite file of the data dir a pre-start edit targets. */
export type DbName = 'data' | 'auxiliary'

/**
 * Given to `beforeStart`: the fresh data dir copy, before the server starts. Use it only for state
 * the HTTP API cannot create (e.g. rows with a chosen `created` date, backup files).
 */
export interface PreStartContext extends DataDirAccess {
  scenario: Scenario
}

/** Direct access to the data dir copy (and the pristine fixture) for one scenario. */
export interface DataDirAccess {
  /** The copied `pb_data` folder. */
  dataDir: string
  /** The read-only original fixture (Go's `tests/data`), e.g. to read expected file bytes. */
  fixtureDir: string
  /**
   * Runs SQL statements on `data.db` (default) or `auxiliary.db` with the `sqlite3` CLI. On a
   * running server, only use it for tables the server never caches (not settings/collections).
   */
  sql(statements: string, db?: DbName): Promise<void>
  /** Runs one SELECT with the `sqlite3` CLI and returns its rows. */
  query<T = Record<string, unknown>>(select: string, db?: DbName): Promise<T[]>
  /** Writes a file inside the data dir (parent folders are created). */
  writeFile(relativePath: string, content: string | Uint8Array): Promise<void>
}

/** An HTTP answer seen by a setup step. */
export interface ApiResponse {
  status: number
  body: Buffer
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown
}

/**
 * Given to `beforeRequest`: the running server. Setups act through the server's own HTTP API
 * wherever they can, as the fixture's superuser (`test@example.com`, a token valid until 2049).
 */
export interface ServerContext extends DataDirAccess {
  scenario: Scenario
  /** e.g. `http://127.0.0.1:40123` */
  baseUrl: string
  /** Calls the API as superuser with a JSON body; throws unless the status is 2xx. */
  api(method: string, path: string, body?: unknown): Promise<ApiResponse>
  /** Sends any request (no implicit auth); never throws on status. */
  request(
    method: string,
    path: string,
    opts?: { headers?: Record<string, string>; body?: string | Uint8Array },
  ): Promise<ApiResponse>
  /** GETs a collection as superuser, lets `mutate` edit the JSON, and PATCHes it back. */
  updateCollection(
    nameOrId: string,
    mutate: (collection: CollectionJson) => void,
  ): Promise<CollectionJson>
  /** PATCHes `/api/settings` as superuser. */
  updateSettings(patch: Record<string, unknown>): Promise<void>
  /**
   * Opens a realtime (SSE) connection, waits for `PB_CONNECT` and returns the client id. The
   * connection stays open until the scenario request is done.
   */
  openRealtime(headers?: Record<string, string>): Promise<{ clientId: string; close(): void }>
  /** Registers work to run after the scenario request (e.g. closing connections). */
  onCleanup(fn: () => void | Promise<void>): void
}

/** A collection as the API returns it (only the parts setups touch are typed). */
export interface CollectionJson {
  id: string
  name: string
  type: string
  fields: Array<Record<string, unknown> & { name: string }>
  [key: string]: unknown
}

/**
 * Values a setup computes for scenario fields the extraction could not evaluate (those listed in
 * `scenario.unresolved`, e.g. a multipart body built in Go). Fields that scenarios.json already
 * holds literally are never replaced: a patch value for them is ignored.
 */
export interface RequestPatch {
  url?: string
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** Bytes stand for Go's `string(fileBytes)`. */
  expectedContent?: Array<string | Uint8Array>
  expectedStatus?: number
}

/** The port of one Go `BeforeTestFunc` (plus any non-literal request parts) for one scenario. */
export interface ScenarioSetup {
  /**
   * Set when part of the Go setup has no HTTP equivalent and was left out, saying what and why
   * the expectation does not depend on it. Reported separately from complete ports.
   */
  partial?: string
  /**
   * The setup only prepares state, the same for every scenario it is attached to, and returns no
   * request patch. Its scenarios that were measured not to write (neutral.json) may then share
   * one server, the setup having run once.
   */
  shared?: boolean
  /**
   * Server-side code the Go setup binds in-process (hooks, custom routes, cron jobs, store flags),
   * as a hooks file per target. The runner writes the target's source to `<tmp>/pb_hooks/` and
   * starts the server with `--hooksDir` pointing there.
   */
  hooks?: SetupHooks
  /** Edits the data dir copy before the server starts. */
  beforeStart?: (ctx: PreStartContext) => Promise<void>
  /** Runs against the started server right before the scenario request. */
  beforeRequest?: (ctx: ServerContext) => Promise<RequestPatch | void>
}

/**
 * One hooks file per target, both porting the same Go code:
 * - `pocketbase`: a JSVM file (`pb_hooks/*.pb.js`: `routerAdd(...)`, `onRecordCreateRequest(...)`,
 *   `cronAdd(...)`, `$app`), run by the reference binary's jsvm plugin;
 * - `isobase`: an ES module whose default export gets the app (`export default (app) => {...}`),
 *   imports from `@isobase/core` allowed, run by `isobase serve`'s pb_hooks loader.
 */
export interface SetupHooks {
  pocketbase: string
  isobase: string
}

/** One setups module: scenario id → setup. A `#n` entry also covers its `#n:HEAD` copy. */
export type SetupTable = Record<string, ScenarioSetup>
