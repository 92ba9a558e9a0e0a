/** @module Headless Chromium for the dashboard e2e tests, and screenshots into admin/output/. */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { SUPERUSER } from './backend.js'

/** Where screenshots go (gitignored). */
export const OUTPUT_DIR = fileURLToPath(new URL('../output/', import.meta.url))

/** Debian's Chromium (`apt-get install chromium`), or `$CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Launches Debian's Chromium with the project's flags. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Opens a page with a fresh context at a desktop (1280) or phone (390) width. */
export async function openPage(browser: Browser, phone = false): Promise<Page> {
  const context = await browser.newContext({
    viewport: phone ? { width: 390, height: 800 } : { width: 1280, height: 800 },
  })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  trackErrors(page)
  return page
}

const PAGE_ERRORS = new WeakMap<Page, Error[]>()

/** Starts collecting the uncaught errors thrown inside `page` (see {@link pageErrors}). */
export function trackErrors(page: Page): void {
  const errors: Error[] = []
  PAGE_ERRORS.set(page, errors)
  page.on('pageerror', (err) => errors.push(err))
}

/** The uncaught errors thrown inside the page so far (tests assert there are none). */
export function pageErrors(page: Page): string[] {
  return (PAGE_ERRORS.get(page) ?? []).map((e) => e.stack ?? e.message)
}

/** Signs in as the suites' superuser through the login page and waits for the collections screen. */
export async function login(
  page: Page,
  origin: string,
  email: string = SUPERUSER.email,
  password: string = SUPERUSER.password,
): Promise<void> {
  await page.goto(`${origin}/_/#/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor()
}

/** Saves a screenshot as admin/output/<prefix><name>.png (the prefix tells backends apart). */
export async function shot(page: Page, name: string, prefix = ''): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  await page.screenshot({ path: `${OUTPUT_DIR}${prefix}${name}.png` })
}

declare global {
  interface Window {
    /** what the dashboard reads from its host page (see admin/src/pb.ts) */
    isobaseAdmin?: {
      baseUrl?: string
      fetch?: (url: RequestInfo | URL, init?: RequestInit) => Promise<Response>
    }
  }
}
