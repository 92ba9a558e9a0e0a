/**
 * The dashboard served by the Service Worker bundle (`isobase-sw.js`, dashboard baked in) in
 * Chromium: the same suites as against the Node server, on one worker in one browser context.
 */
import { after, describe } from 'node:test'
import { startSwHarness, type Harness } from './harness.js'
import { authLinksSuite } from './suites/auth-links.js'
import { authSuite } from './suites/auth.js'
import { collectionsSuite } from './suites/collections.js'
import { recordsSuite } from './suites/records.js'
import { settingsSuite } from './suites/settings.js'
import { syncSuite } from './suites/sync.js'

const started = await startSwHarness()
const h = started.harness as Harness

after(() => started.harness?.close())

describe(`dashboard on ${h?.backend.name ?? 'the Service Worker'}`, { skip: started.skip }, () => {
  authSuite(h)
  authLinksSuite(h)
  collectionsSuite(h)
  recordsSuite(h)
  settingsSuite(h)
  syncSuite(h)
})
