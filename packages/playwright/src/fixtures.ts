/**
 * @module Fixtures for `@playwright/test` (typed structurally, so this package needs no dependency on
 * it): `test.extend({ isobase: isobaseFixture({...}) })`.
 */
import type { Page } from 'playwright-core'
import { isobaseInPage, type InPageIsobase, type InPageOptions } from './in-page.js'
import { startIsobase, type RunningIsobase, type StartIsobaseOptions } from './start-isobase.js'

/**
 * A fixture giving each test its own {@link startIsobase} server, stopped after the test.
 *
 * @example
 * ```ts
 * import { test as base } from '@playwright/test'
 * export const test = base.extend<{ isobase: RunningIsobase }>({ isobase: isobaseFixture({ collections: 'pb_schema.json' }) })
 * ```
 */
export function isobaseFixture(options: StartIsobaseOptions = {}) {
  return async (_deps: object, use: (isobase: RunningIsobase) => Promise<void>): Promise<void> => {
    const isobase = await startIsobase(options)
    try {
      await use(isobase)
    } finally {
      await isobase.stop()
    }
  }
}

/** A fixture installing an in-page Isobase on the test's `page` before it navigates anywhere. */
export function isobaseInPageFixture(options: InPageOptions = {}) {
  return async ({ page }: { page: Page }, use: (isobase: InPageIsobase) => Promise<void>): Promise<void> => {
    const isobase = await isobaseInPage(page, options)
    try {
      await use(isobase)
    } finally {
      await isobase.stop()
    }
  }
}
