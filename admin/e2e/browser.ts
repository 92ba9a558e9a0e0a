/** @module Headless Chromium for the dashboard e2e tests, and screenshots into admin/output/. */
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { Backend } from './backend.js'

/** Where screenshots go (gitignored). */
export const OUTPUT_DIR = fileURLToPath(new URL('../output/', import.meta.url))

/** Launches Debian's Chromium with the project's flags. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
  const errors: Error[] = []
  PAGE_ERRORS.set(page, errors)
  page.on('pageerror', (err) => errors.push(err))
  return page
}

const PAGE_ERRORS = new WeakMap<Page, Error[]>()

/** The uncaught errors thrown inside the page so far (tests assert there are none). */
export function pageErrors(page: Page): string[] {
  return (PAGE_ERRORS.get(page) ?? []).map((e) => e.stack ?? e.message)
}

/** Signs in through the login page and waits for the collections screen. */
export async function login(page: Page, backend: Backend, email: string, password: string): Promise<void> {
  await page.goto(`${backend.origin}/_/#/login`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('navigation', { name: 'Main' }).waitFor()
}

/** Saves a screenshot as admin/output/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  await page.screenshot({ path: `${OUTPUT_DIR}${name}.png` })
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
