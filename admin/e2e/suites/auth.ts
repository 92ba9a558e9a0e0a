import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { SUPERUSER } from '../backend.js'
import { login, pageErrors } from '../browser.js'
import type { Harness } from '../harness.js'

/**
 * The installer and sign-in screens. Runs first on a fresh backend: its installer test creates the
 * superuser every later suite signs in as.
 */
export function authSuite(h: Harness): void {
  const { email: EMAIL, password: PASSWORD } = SUPERUSER

  describe('installer and sign-in', () => {
    test('the installer creates the first superuser and signs in', async () => {
      const page = await h.openPage()
      await page.goto(`${h.backend.origin}/_/#/pbinstall/${h.backend.installerToken}`)
      await page.getByLabel('Email').fill(EMAIL)
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByLabel('Confirm password').fill('something-else')
      await h.shot(page, 'installer')
      await page.getByRole('button', { name: 'Create superuser and sign in' }).click()
      // the server's validation error shows inline under the field it belongs to
      await page.getByText("Values don't match.").waitFor()
      await page.getByLabel('Confirm password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Create superuser and sign in' }).click()
      await page.getByRole('navigation', { name: 'Main' }).waitFor()
      assert.match(page.url(), /#\/collections/)
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })

    test('an expired or malformed installer link is refused', async () => {
      // note: after the install: while no superuser exists, the Service Worker sends every visit of
      // /_/ to its installer (with a valid link), by design
      const page = await h.openPage()
      await page.goto(`${h.backend.origin}/_/#/pbinstall/not-a-token`)
      await page.getByText('The installer link is invalid or has expired.').waitFor()
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })

    test('wrong password shows the error, right one signs in, sign out returns to login', async () => {
      const page = await h.openPage()
      await page.goto(`${h.backend.origin}/_/`)
      await page.getByLabel('Email').fill(EMAIL)
      await page.getByLabel('Password', { exact: true }).fill('wrong-password')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('alert').getByText('Failed to authenticate.').waitFor()
      await h.shot(page, 'login-error')
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('navigation', { name: 'Main' }).waitFor()
      // the session survives a reload
      await page.reload()
      await page.getByRole('navigation', { name: 'Main' }).waitFor()
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.getByRole('button', { name: 'Sign in' }).waitFor()
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })

    test('a host page can hand the dashboard its own fetch (in-page backends)', async () => {
      const page = await h.openPage()
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
      await login(page, h.backend.origin)
      const calls = await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls)
      assert.ok(calls.some((u) => u.includes('/api/collections/_superusers/auth-with-password')))
      assert.ok(calls.some((u) => u.includes('/api/collections')))
      await h.closePage(page)
    })

    test('sign-in works at phone width', async () => {
      const page = await h.openPage(true)
      await login(page, h.backend.origin)
      await h.shot(page, 'phone-collections')
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })

    test('with OTP and MFA on, sign-in asks for the emailed code after the password', async () => {
      const mail = await h.mailbox()
      try {
        await h.api('PATCH', '/api/settings', {
          smtp: { enabled: true, host: '127.0.0.1', port: mail.port, tls: false },
        })
        await h.api('PATCH', '/api/collections/_superusers', {
          otp: { enabled: true },
          mfa: { enabled: true },
        })
        const page = await h.openPage()
        await page.goto(`${h.backend.origin}/_/#/login`)
        await page.getByLabel('Email').fill(EMAIL)
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
        await page.getByRole('button', { name: 'Sign in' }).click()
        await page.getByText('Multi-factor authentication').waitFor()
        await h.shot(page, 'login-mfa')
        const code = (await mail.waitFor(/<strong>(\d{6,})<\/strong>/))[1]!
        await page.getByLabel('One-time code').fill(code)
        await page.getByRole('button', { name: 'Verify code' }).click()
        await page.getByRole('navigation', { name: 'Main' }).waitFor()
        assert.deepEqual(pageErrors(page), [])
        await h.closePage(page)
      } finally {
        // the later suites sign in with the password alone and set up mail themselves
        await h.api('PATCH', '/api/collections/_superusers', {
          otp: { enabled: false },
          mfa: { enabled: false },
        })
        await h.api('PATCH', '/api/settings', { smtp: { enabled: false } })
        await mail.close()
      }
    })
  })
}
