/**
 * @module Seeding a fresh app: a superuser, a collections export (as the dashboard's "Import
 * collections" writes it), and records. Platform-neutral (core only): the playground, the e2e
 * backends and `@isobase/playwright` use it on Node and in the browser alike.
 *
 * Collections and records go through the app's own HTTP API (`app.fetch`, as a superuser), so a seed
 * is validated exactly like the same calls from the SDK would be.
 */
import {
  findAuthRecordByEmail,
  findOrCreateInstallerSuperuser,
  loadJsMigrations,
  MigrationsRunner,
  newAuthToken,
  RecordModel,
  saveRecord,
  type App,
  type MigrationSource,
} from '@isobase/core'

/** What to put into a fresh app, applied in this order. */
export interface Seed {
  /**
   * PocketBase JS migration files (`pb_migrations/*.js`: `migrate((app) => {…}, …)`), as text, applied
   * in file name order like `isobase migrate up`.
   */
  migrations?: readonly MigrationSource[]
  /** Created (or its password reset). */
  superuser?: { email: string; password: string }
  /** A collections export (PocketBase's JSON), imported without deleting anything. */
  collections?: readonly Record<string, unknown>[]
  /**
   * Records per collection name (or id), created in order as a superuser would with
   * `POST /api/collections/<name>/records` (JSON values; `id` may be given; auth records need
   * `password` and `passwordConfirm`).
   */
  records?: Readonly<Record<string, readonly Record<string, unknown>[]>>
}

/** A seed step that the API rejected. */
export class SeedError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly response: unknown,
  ) {
    super(message)
    this.name = 'SeedError'
  }
}

const SUPERUSERS = '_superusers'

/** Creates or updates a superuser (on a bootstrapped app, e.g. from an `onBootstrap` handler); returns it. */
export async function upsertSuperuser(app: App, email: string, password: string): Promise<RecordModel> {
  const collection = app.findCachedCollection(SUPERUSERS)
  if (!collection) {
    throw new Error(`missing ${SUPERUSERS} collection`)
  }
  const record = (await findAuthRecordByEmail(app, SUPERUSERS, email)) ?? new RecordModel(collection)
  record.set('email', email)
  record.set('password', password)
  await saveRecord(app, record)
  return record
}

/**
 * Creates a superuser unless one with `email` exists (which is left as it is: a password change
 * would end its sessions). For backends that seed on every start.
 */
export async function ensureSuperuser(app: App, email: string, password: string): Promise<RecordModel> {
  return (await findAuthRecordByEmail(app, SUPERUSERS, email)) ?? upsertSuperuser(app, email, password)
}

/**
 * Applies `seed` to `app`, bootstrapping it first. Fails with a {@link SeedError} on the first rejected
 * step. Not from an `onBootstrap` handler: the API calls wait for bootstrap to end.
 */
export async function applySeed(app: App, seed: Seed): Promise<void> {
  await app.bootstrap()
  if (seed.migrations && seed.migrations.length > 0) {
    await new MigrationsRunner(app, loadJsMigrations(seed.migrations)).up()
  }
  const superuser = seed.superuser
    ? await upsertSuperuser(app, seed.superuser.email, seed.superuser.password)
    : undefined
  const needsApi = (seed.collections?.length ?? 0) > 0 || Object.keys(seed.records ?? {}).length > 0
  if (!needsApi) {
    return
  }
  // note: without a seeded superuser the installer one (PocketBase's first-run account) acts
  const actor = superuser ?? (await findOrCreateInstallerSuperuser(app))
  const token = await newAuthToken(app, actor)
  const call = async (method: string, path: string, body: unknown, what: string) => {
    const res = await app.fetch(
      new Request(new URL(path, 'http://isobase.seed'), {
        method,
        headers: { 'content-type': 'application/json', authorization: token },
        body: JSON.stringify(body),
      }),
    )
    if (!res.ok) {
      const data: unknown = await res.json().catch(() => undefined)
      throw new SeedError(`seed: ${what} failed (${res.status}): ${JSON.stringify(data)}`, res.status, data)
    }
    await res.body?.cancel()
  }
  if (seed.collections && seed.collections.length > 0) {
    await call('PUT', '/api/collections/import', { collections: seed.collections, deleteMissing: false }, 'collections import')
  }
  for (const [collection, records] of Object.entries(seed.records ?? {})) {
    for (const [i, record] of records.entries()) {
      await call(
        'POST',
        `/api/collections/${encodeURIComponent(collection)}/records`,
        record,
        `record ${i} of ${collection}`,
      )
    }
  }
}
