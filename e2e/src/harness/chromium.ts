/**
 * @module Launches Debian's Chromium through playwright-core with a throw-away (or reused) profile.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** The browser the e2e tests drive (`apt-get install chromium`); `npx playwright install` cannot work here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/**
 * Why the browser tests cannot run here, or `undefined` when they can. CI always has Chromium
 * (`.ci/run` installs it), so there a missing browser is a failure, not a skip.
 */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) {
    return undefined
  }
  if (process.env.CI) {
    throw new Error(`${CHROMIUM_PATH} is missing on CI: .ci/run must install chromium`)
  }
  return `${CHROMIUM_PATH} not found (apt-get install -y chromium); browser e2e tests skipped`
}

/** A profile directory that outlives browser restarts and is removed by `remove()`. */
export interface Profile {
  readonly dir: string
  remove(): void
}

/** Makes a fresh, empty profile directory under the OS temp dir. */
export function createProfile(): Profile {
  const dir = mkdtempSync(join(tmpdir(), 'isobase-e2e-chromium-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Starts headless Chromium on `profile`; closing the context stops the browser. */
export function launchChromium(profile: Profile): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile.dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
  })
}
