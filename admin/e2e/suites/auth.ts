import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { api, startBackend, superuserToken, type Backend } from './backend.js'
import { launchBrowser, login, openPage, pageErrors, shot } from './browser.js'
import { startMailCatcher } from './mail-catcher.js'

const started = await startBackend()
const EMAIL = 'first@example.com'
const PASSWORD = 'correct-horse-42'

describe('dashboard: installer and sign-in', { skip: started.skip }, () => {
  const backend = started.backend as Backend
  let browser: Browser

  before(async () => {
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await backend?.close()
  })

  test('an expired or malformed installer link is refused', async () => {
    const page = await openPage(browser)
    await page.goto(`${backend.origin}/_/#/pbinstall/not-a-token`)
    await page.getByText('The installer link is invalid or has expired.').waitFor()
    assert.deepEqual(pageErrors(page), [])
    await page.context().close()
  })

  test('the installer creates the first superuser and signs in', async () => {
    const page = await openPage(browser)
    await page.goto(`${backend.origin}/_/#/pbinstall/${backend.installerToken}`)
    await page.getByLabel('Email').fill(EMAIL)
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByLabel('Confirm password').fill('something-else')
    await shot(page, 'installer')
    await page.getByRole('button', { name: 'Create superuser and sign in' }).click()
    // the server's validation error shows inline under the field it belongs to
    await page.getByText("Values don't match.").waitFor()
    await page.getByLabel('Confirm password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Create superuser and sign in' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    assert.match(page.url(), /#\/collections/)
    assert.deepEqual(pageErrors(page), [])
    await page.context().close()
  })

  test('wrong password shows the error, right one signs in, sign out returns to login', async () => {
    const page = await openPage(browser)
    await page.goto(`${backend.origin}/_/`)
    await page.getByLabel('Email').fill(EMAIL)
    await page.getByLabel('Password', { exact: true }).fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').getByText('Failed to authenticate.').waitFor()
    await shot(page, 'login-error')
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    // the session survives a reload
    await page.reload()
    await page.getByRole('navigation', { name: 'Main' }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    assert.deepEqual(pageErrors(page), [])
    await page.context().close()
  })

  test('a host page can hand the dashboard its own fetch (in-page backends)', async () => {
    const page = await openPage(browser)
    await page.addInitScript(() => {
      const calls: string[] = []
      ;(window as unknown as { __calls: string[] }).__calls = calls
      window.isobaseAdmin = {
        baseUrl: location.origin,
        fetch: (url, init) => {
          calls.push(String(url))
          return fetch(url, init)
        },
      }
    })
    await login(page, backend, EMAIL, PASSWORD)
    const calls = await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls)
    assert.ok(calls.some((u) => u.includes('/api/collections/_superusers/auth-with-password')))
    assert.ok(calls.some((u) => u.includes('/api/collections')))
    await page.context().close()
  })

  test('sign-in works at phone width', async () => {
    const page = await openPage(browser, true)
    await login(page, backend, EMAIL, PASSWORD)
    await shot(page, 'phone-collections')
    assert.deepEqual(pageErrors(page), [])
    await page.context().close()
  })
  // last: it leaves MFA on
  test('with OTP and MFA on, sign-in asks for the emailed code after the password', async () => {
    const mail = await startMailCatcher()
    try {
      const token = await superuserToken(backend, EMAIL, PASSWORD)
      await api(backend, token, 'PATCH', '/api/settings', {
        smtp: { enabled: true, host: '127.0.0.1', port: mail.port, tls: false },
      })
      await api(backend, token, 'PATCH', '/api/collections/_superusers', {
        otp: { enabled: true },
        mfa: { enabled: true },
      })
      const page = await openPage(browser)
      await page.goto(`${backend.origin}/_/#/login`)
      await page.getByLabel('Email').fill(EMAIL)
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByText('Multi-factor authentication').waitFor()
      await shot(page, 'login-mfa')
      const code = (await mail.waitFor(/<strong>(\d{6,})<\/strong>/))[1]!
      await page.getByLabel('One-time code').fill(code)
      await page.getByRole('button', { name: 'Verify code' }).click()
      await page.getByRole('navigation', { name: 'Main' }).waitFor()
      assert.deepEqual(pageErrors(page), [])
      await page.context().close()
    } finally {
      await mail.close()
    }
  })

})
