/**
 * @module A fresh Isobase as a Node server on 127.0.0.1 and a free port: memory databases, memory
 * files, mails kept in an outbox. What a test gets in the Firebase-emulator way of working.
 */
import {
  corsMiddleware,
  createApp,
  MemoryMailer,
  type App,
  type MailMessage,
  type Platform,
} from '@isobase/core'
import { applySeed } from '@isobase/browser/seed'
import { createMemorySqliteOpener, loadNodeSqlite, startServer } from '@isobase/node'
import { cheapPasswords, TEST_PASSWORD_COST } from './cheap-passwords.js'
import { resolveSeed, type SeedOptions } from './seed-options.js'

// note: the engine loads once per process; starting that on import saves the first test the wait
loadNodeSqlite().catch(() => {})

/** Options of {@link startIsobase}. */
export interface StartIsobaseOptions extends SeedOptions {
  /** Port to listen on; default a free one. */
  port?: number
  /** Adds routes or hooks before the app starts (`app.router.get(...)`, `app.onRecordCreate()…`). */
  setup?: (app: App) => void | Promise<void>
  /** Extra platform pieces (a clock, a mailer, thumbs…). */
  platform?: Omit<Partial<Platform>, 'sqlite'>
  /**
   * bcrypt cost of the auth collections' password fields that use the default: 4 (fast) unless set;
   * `10` is PocketBase's default (~100 ms per hash here).
   */
  passwordCost?: number
}

/** A running Isobase. */
export interface RunningIsobase {
  /** e.g. `http://127.0.0.1:41234`: give it to the SDK (`new PocketBase(url)`). */
  readonly url: string
  /** The app itself, for direct checks (`app.findRecordById`, …). */
  readonly app: App
  /** Mails sent so far (verification, password reset, OTP, …), oldest first. */
  mails(): MailMessage[]
  /**
   * The first mail (already sent or still to come) that `match` accepts; rejects after `timeout` ms.
   * Mails go out after the API answered (as PocketBase sends them in the background), so wait here.
   */
  waitForMail(match?: (mail: MailMessage) => boolean, timeout?: number): Promise<MailMessage>
  /** Stops the server and drops the data. */
  stop(): Promise<void>
}

/**
 * Starts a fresh Isobase, seeded with `options`.
 *
 * @example
 * ```ts
 * const isobase = await startIsobase({ collections: 'pb_schema.json', records: { posts: [{ title: 'hi' }] } })
 * const pb = new PocketBase(isobase.url)
 * await isobase.stop()
 * ```
 */
export async function startIsobase(options: StartIsobaseOptions = {}): Promise<RunningIsobase> {
  const mailer = new MemoryMailer(1000)
  const app = createApp({ mailer, ...options.platform, sqlite: createMemorySqliteOpener() })
  app.onRequest.bind({ id: '__isobasePlaywrightCors__', priority: -1000, func: corsMiddleware(['*']) })
  try {
    await options.setup?.(app)
    await app.bootstrap()
    await seedFast(app, resolveSeed(options), options.passwordCost ?? TEST_PASSWORD_COST)
  } catch (err) {
    await app.close().catch(() => {})
    throw err
  }
  const server = await startServer(app, '127.0.0.1', options.port ?? 0).catch(async (err: unknown) => {
    await app.close().catch(() => {})
    throw err
  })
  let stopped = false
  return {
    url: server.url,
    app,
    mails: () => [...mailer.messages],
    waitForMail: (match = () => true, timeout = 5000) =>
      new Promise<MailMessage>((resolve, reject) => {
        const found = mailer.messages.find(match)
        if (found) {
          resolve(found)
          return
        }
        const timer = setTimeout(() => {
          off()
          reject(new Error(`no matching mail within ${timeout} ms`))
        }, timeout)
        const off = mailer.onSend((mail) => {
          if (match(mail)) {
            clearTimeout(timer)
            off()
            resolve(mail)
          }
        })
      }),
    async stop() {
      if (stopped) {
        return
      }
      stopped = true
      try {
        await server.close(0)
      } finally {
        await app.close()
      }
    },
  }
}

/** {@link applySeed} step by step, making password hashing cheap after each step that adds collections. */
async function seedFast(app: App, seed: ReturnType<typeof resolveSeed>, cost: number): Promise<void> {
  const fast = () => (cost === 10 ? Promise.resolve() : cheapPasswords(app, cost))
  await fast()
  if (seed.migrations) {
    await applySeed(app, { migrations: seed.migrations })
    await fast()
  }
  if (seed.collections) {
    await applySeed(app, { superuser: seed.superuser, collections: seed.collections })
    await fast()
  }
  await applySeed(app, { superuser: seed.superuser, records: seed.records })
}
