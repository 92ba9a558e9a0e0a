import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { pageErrors } from '../browser.js'
import type { Harness } from '../harness.js'
import type { Mailbox } from '../mail-catcher.js'

type Rec = Record<string, unknown> & { id: string; email: string; verified: boolean }

/**
 * The pages outside the dashboard that links land on: the OAuth2 redirect's success and failure
 * pages, and the confirmation links of the auth emails (verification, password reset, email change),
 * followed from the mails the backend really sent.
 */
export function authLinksSuite(h: Harness): void {
  describe('OAuth2 redirect and email link pages', () => {
    const EMAIL = 'erin@example.com'
    const PASSWORD = 'erin-password-1'
    let mail: Mailbox
    let user: Rec

    before(async () => {
      mail = await h.mailbox()
      await h.api('PATCH', '/api/settings', {
        smtp: { enabled: true, host: '127.0.0.1', port: mail.port, tls: false },
      })
      user = await h.api<Rec>('POST', '/api/collections/users/records', {
        email: EMAIL,
        password: PASSWORD,
        passwordConfirm: PASSWORD,
      })
    })
    after(async () => {
      await h.api('PATCH', '/api/settings', { smtp: { enabled: false } })
      await mail.close()
    })

    /** Asks the server for an auth email and returns the token of the link in it. */
    async function linkToken(
      path: string,
      body: unknown,
      action: string,
      auth = '',
    ): Promise<string> {
      const res = await h.backend.fetch(`/api/collections/users/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) },
        body: JSON.stringify(body),
      })
      assert.equal(res.status, 204, await res.text())
      return (await mail.waitFor(new RegExp(`#/auth/${action}/([\\w-]+\\.[\\w-]+\\.[\\w-]+)`)))[1]!
    }

    test('the OAuth2 redirect with an unknown state lands on the failure page', async () => {
      const page = await h.openPage()
      await page.goto(`${h.backend.origin}/api/oauth2-redirect?code=123&state=nosuchclient`)
      await page.waitForURL(/\/_\/#\/auth\/oauth2-redirect-failure$/)
      await page.getByText('Auth failed.').waitFor()
      await h.shot(page, 'oauth2-failure')
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })

    test('the OAuth2 success page closes the popup the app opened, and says so otherwise', async () => {
      const page = await h.openPage()
      await page.goto(`${h.backend.origin}/_/#/auth/oauth2-redirect-success`)
      await page.getByText('Auth completed.').waitFor()
      await page.getByText('You can close this window and go back to the app.').waitFor()
      await h.shot(page, 'oauth2-success')
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        page.evaluate(
          () => void window.open('/_/#/auth/oauth2-redirect-success', 'oauth2', 'popup'),
        ),
      ])
      await popup.waitForEvent('close')
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })

    test('the verification link verifies the address', async () => {
      const token = await linkToken(
        'request-verification',
        { email: EMAIL },
        'confirm-verification',
      )
      const page = await h.openPage()
      await page.goto(`${h.backend.origin}/_/#/auth/confirm-verification/${token}`)
      await page.getByText(`Successfully verified ${EMAIL}.`).waitFor()
      await h.shot(page, 'auth-confirm-verification')
      const after = await h.api<Rec>('GET', `/api/collections/users/records/${user.id}`)
      assert.equal(after.verified, true)
      // a mangled link says so without asking the server
      await page.goto(`${h.backend.origin}/_/#/auth/confirm-verification/not-a-token`)
      await page.getByRole('alert').getByText('Invalid or expired verification token.').waitFor()
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })

    test('the password reset link sets a new password; the server errors show under the fields', async () => {
      const token = await linkToken(
        'request-password-reset',
        { email: EMAIL },
        'confirm-password-reset',
      )
      const page = await h.openPage()
      await page.goto(`${h.backend.origin}/_/#/auth/confirm-password-reset/${token}`)
      await page.getByText(EMAIL).waitFor()
      await page.getByLabel('New password', { exact: true }).fill('erin-new-password')
      await page.getByLabel('Confirm new password').fill('something-else')
      await page.getByRole('button', { name: 'Set new password' }).click()
      await page.getByText("Values don't match.").waitFor()
      await h.shot(page, 'auth-confirm-password-reset')
      await page.getByLabel('Confirm new password').fill('erin-new-password')
      await page.getByRole('button', { name: 'Set new password' }).click()
      await page.getByText('The password was successfully changed.').waitFor()
      const signIn = await h.backend.fetch('/api/collections/users/auth-with-password', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identity: EMAIL, password: 'erin-new-password' }),
      })
      assert.equal(signIn.status, 200)
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })

    test('the email change link asks for the password and changes the address', async () => {
      const signIn = await h.backend.fetch('/api/collections/users/auth-with-password', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identity: EMAIL, password: 'erin-new-password' }),
      })
      const { token: userToken } = (await signIn.json()) as { token: string }
      const NEW_EMAIL = 'erin.new@example.com'
      const token = await linkToken(
        'request-email-change',
        { newEmail: NEW_EMAIL },
        'confirm-email-change',
        userToken,
      )
      const page = await h.openPage()
      await page.goto(`${h.backend.origin}/_/#/auth/confirm-email-change/${token}`)
      await page.getByText(NEW_EMAIL).waitFor()
      await page.getByLabel('Password').fill('wrong-password')
      await page.getByRole('button', { name: 'Confirm new email' }).click()
      await page.locator('.field.invalid').waitFor()
      await page.getByLabel('Password').fill('erin-new-password')
      await page.getByRole('button', { name: 'Confirm new email' }).click()
      await page.getByText('The email was successfully changed.').waitFor()
      await h.shot(page, 'auth-confirm-email-change')
      const after = await h.api<Rec>('GET', `/api/collections/users/records/${user.id}`)
      assert.equal(after.email, NEW_EMAIL)
      assert.deepEqual(pageErrors(page), [])
      await h.closePage(page)
    })
  })
}
