/**
 * @module The in-page backend of `isobaseInPage` (bundled into `dist/web/page-backend.js`, loaded by
 * the init script): the core over in-memory SQLite in the page, seeded from the test's options.
 */
import { MemoryMailer, type App } from '@isobase/core'
import { createInPageBackend } from '@isobase/browser/in-page'
import { applySeed } from '@isobase/browser/seed'
import type { PageConfig } from '../src/page-config.js'

/** Starts the backend and applies the seed. */
export async function start(config: PageConfig) {
  const mailer = new MemoryMailer(1000)
  let app: App | undefined
  const backend = await createInPageBackend({
    platform: { mailer },
    setup: (a) => {
      app = a
    },
  })
  await applySeed(app!, config.seed)
  return { fetch: backend.fetch, mails: () => [...mailer.messages] }
}
