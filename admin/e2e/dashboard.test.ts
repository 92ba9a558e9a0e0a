/**
 * The dashboard against a server: Isobase's Node CLI (`isobase serve`, the default) or the reference
 * PocketBase with `ISOBASE_ADMIN_BACKEND=pocketbase`. One server and one Chromium for all suites,
 * which run in order on the same data (the installer test creates the superuser the others use).
 */
import { after, describe } from 'node:test'
import { startServerHarness, type Harness } from './harness.js'
import { authLinksSuite } from './suites/auth-links.js'
import { authSuite } from './suites/auth.js'
import { collectionsSuite } from './suites/collections.js'
import { recordsSuite } from './suites/records.js'
import { settingsSuite } from './suites/settings.js'
import { syncSuite } from './suites/sync.js'

const started = await startServerHarness()
const h = started.harness as Harness

after(() => started.harness?.close())

describe(`dashboard on ${h?.backend.name ?? 'a server'}`, { skip: started.skip }, () => {
  authSuite(h)
  authLinksSuite(h)
  collectionsSuite(h)
  recordsSuite(h)
  settingsSuite(h)
  syncSuite(h)
})
