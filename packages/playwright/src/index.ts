/**
 * @module `@isobase/playwright`: a fresh Isobase for every test, as a Node server on a free port
 * ({@link startIsobase}) or inside the page ({@link isobaseInPage}), seeded from migrations, a
 * collections export and records; and fixtures for `@playwright/test`.
 */
export { startIsobase, type RunningIsobase, type StartIsobaseOptions } from './start-isobase.js'
export { isobaseInPage, type InPageIsobase, type InPageOptions } from './in-page.js'
export { isobaseFixture, isobaseInPageFixture } from './fixtures.js'
export { resolveSeed, type SeedOptions } from './seed-options.js'
