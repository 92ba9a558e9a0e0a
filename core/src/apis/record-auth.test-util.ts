/**
 * @module Test helpers for the auth endpoints: an in-memory app with a capturing mailer and a movable
 * clock, auth records, collection option changes and JSON requests.
 */
import { createApp, type App } from '../app.js'
import { collectionOptions } from '../collections/collection-json.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { MemoryMailer } from '../mails/mailer.js'
import { RecordModel } from '../records/record-model.js'
import { requireCollection } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { reloadSettings, getSettings, saveSettings, type Settings } from '../settings/settings-store.js'

/** An app under test. */
export interface AuthTestApp {
  app: App
  mailer: MemoryMailer
  /** Moves the app clock forward. */
  advance(ms: number): void
  close(): Promise<void>
}

/** A bootstrapped in-memory app with a capturing mailer and a controllable clock. */
export async function newAuthTestApp(): Promise<AuthTestApp> {
  const mailer = new MemoryMailer()
  let offset = 0
  const app = createApp({ sqlite: memorySqliteOpener(), mailer, now: () => new Date(Date.now() + offset) })
  await app.bootstrap()
  // note: bcrypt cost 4 keeps the tests fast; verification doesn't depend on the cost
  for (const name of ['users', '_superusers']) {
    const c = requireCollection(app, name)
    await patchCollection(app, name, { fields: c.fields.map((f) => (f.name === 'password' ? { ...f, cost: 4 } : f)) })
  }
  return {
    app,
    mailer,
    advance: (ms) => {
      offset += ms
    },
    close: () => app.close(),
  }
}

/** Creates and saves an auth record (password given in plain text). */
export async function createAuthRecord(app: App, collection: string, data: Record<string, unknown>): Promise<RecordModel> {
  const record = new RecordModel(requireCollection(app, collection))
  record.load(data)
  await saveRecord(app, record)
  return record
}

/** Merges `patch` into a collection's stored options (auth settings) and reloads the cache. */
export async function patchCollection(app: App, name: string, patch: Record<string, unknown>): Promise<void> {
  const c = requireCollection(app, name)
  const next = { ...c, ...patch }
  const rules = ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule'] as const
  await app.db().run(
    `UPDATE _collections SET options = ?, fields = ?, indexes = ?, ${rules.map((r) => `${r} = ?`).join(', ')} WHERE id = ?`,
    [JSON.stringify(collectionOptions(next)), JSON.stringify(next.fields), JSON.stringify(next.indexes), ...rules.map((r) => next[r]), c.id],
  )
  await app.reloadCachedCollections()
}

/** Changes settings (shallow merge per group) through the settings store. */
export async function patchSettings(app: App, patch: Partial<Settings>): Promise<void> {
  const current = await getSettings(app)
  const next = { ...current } as Settings
  for (const [k, v] of Object.entries(patch)) {
    const cur = next[k]
    next[k] = cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object' && !Array.isArray(v) ? { ...cur, ...v } : v
  }
  await saveSettings(app, next)
  await reloadSettings(app)
}

/** A JSON request; returns the status and parsed JSON body (null for empty bodies). */
export async function call(
  app: App,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const init: RequestInit = { method, headers: { ...headers } }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
    ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
  }
  const res = await app.request(path, init)
  const text = await res.text()
  return { status: res.status, json: text === '' ? null : JSON.parse(text), headers: res.headers }
}

/** Waits until the mailer holds `count` messages (background sends), or fails after ~2 s. */
export async function waitForMails(mailer: MemoryMailer, count: number): Promise<void> {
  for (let i = 0; i < 200 && mailer.messages.length < count; i++) {
    await new Promise((r) => setTimeout(r, 10))
  }
  if (mailer.messages.length < count) {
    throw new Error(`expected ${count} mails, got ${mailer.messages.length}`)
  }
}

/** The token of the first `/auth/<action>/<token>` link in a mail body. */
export function tokenFromMail(html: string, action: string): string {
  const m = new RegExp(`/auth/${action}/([A-Za-z0-9_\\-.]+)`).exec(html)
  if (!m) {
    throw new Error(`no ${action} link in mail`)
  }
  return m[1]!
}

/** Lets pending background work run (mails that must NOT arrive). */
export function settle(ms = 50): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
