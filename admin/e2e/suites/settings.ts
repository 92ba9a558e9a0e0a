import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { login, pageErrors } from '../browser.js'
import type { Harness } from '../harness.js'

interface Settings {
  meta: { appName: string }
  smtp: { enabled: boolean; host: string }
}

/** The settings screens (application, mail, backups, crons) and the logs. */
export function settingsSuite(h: Harness): void {
  describe('settings, backups, crons, logs', () => {
    let page: Page

    before(async () => {
      page = await h.openPage()
      await login(page, h.backend.origin)
    })
    after(async () => {
      await h.closePage(page)
    })

    test('application settings save, and a blank name shows the server error', async () => {
      await page.getByRole('link', { name: 'Settings' }).click()
      await page.getByLabel('Application name').waitFor()
      await page.getByLabel('Application name').fill('')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await page.getByText('Cannot be blank.').waitFor()
      await page.getByLabel('Application name').fill('Isobase Test')
      await page.getByRole('button', { name: 'Save changes' }).click()
      await page.getByText('Settings saved.').waitFor()
      await h.shot(page, 'settings-application')
      const s = await h.api<Settings>('GET', '/api/settings')
      assert.equal(s.meta.appName, 'Isobase Test')
    })

    test('mail settings: SMTP fields appear when enabled, are saved, and a test email arrives', async () => {
      const mail = await h.mailbox()
      try {
        await page
          .getByRole('navigation', { name: 'Settings' })
          .getByRole('link', { name: 'Mail' })
          .click()
        await page.getByRole('checkbox', { name: 'Send through an SMTP server' }).check()
        await page.getByLabel('Host', { exact: true }).fill('127.0.0.1')
        await page.getByLabel('Port', { exact: true }).fill(String(mail.port))
        await page.getByRole('button', { name: 'Save changes' }).click()
        await page.getByText('Settings saved.').first().waitFor()
        // note: the toast may still be the application test's; a saved form has nothing to reset
        // (Reset is disabled while saving too, but then Save changes is busy)
        await page.getByRole('button', { name: 'Reset', disabled: true }).waitFor()
        await page.locator('button.busy').waitFor({ state: 'detached' })
        const s = await h.api<Settings>('GET', '/api/settings')
        assert.equal(s.smtp.enabled, true)
        assert.equal(s.smtp.host, '127.0.0.1')
        await page.getByRole('button', { name: 'Send test email' }).click()
        const dialog = page.getByRole('dialog', { name: 'Send test email' })
        await dialog.getByLabel('To').fill('tester@example.com')
        await dialog.getByLabel('Template').selectOption('password-reset')
        await h.shot(page, 'settings-mail-test')
        await dialog.getByRole('button', { name: 'Send' }).click()
        await page.getByText('Test email sent to tester@example.com.').waitFor()
        await mail.waitFor(/To: .*tester@example\.com/)
      } finally {
        await mail.close()
      }
    })

    test('backups: create, download, delete, upload', async () => {
      await page
        .getByRole('navigation', { name: 'Settings' })
        .getByRole('link', { name: 'Backups' })
        .click()
      await page.getByText('No backups yet.').waitFor()
      await page.getByLabel('Backup name').fill('first_backup.zip')
      await page.getByRole('button', { name: 'Create backup' }).click()
      await page.getByRole('cell', { name: 'first_backup.zip', exact: true }).waitFor()
      await h.shot(page, 'settings-backups')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download first_backup.zip' }).click(),
      ])
      assert.equal(download.suggestedFilename(), 'first_backup.zip')
      assert.equal(await download.failure(), null)
      const saved = await download.path()
      await page.getByRole('button', { name: 'Delete first_backup.zip' }).click()
      await page
        .getByRole('dialog', { name: 'Confirm' })
        .getByRole('button', { name: 'Delete' })
        .click()
      await page.getByText('No backups yet.').waitFor()
      // the downloaded archive uploads back under its name
      await page.locator('pb-settings-backups input[type=file]').setInputFiles({
        name: 'uploaded_backup.zip',
        mimeType: 'application/zip',
        buffer: await readFile(saved),
      })
      await page.getByRole('cell', { name: 'uploaded_backup.zip', exact: true }).waitFor()
      await page.getByRole('button', { name: 'Delete uploaded_backup.zip' }).click()
      await page
        .getByRole('dialog', { name: 'Confirm' })
        .getByRole('button', { name: 'Delete' })
        .click()
      await page.getByText('No backups yet.').waitFor()
      const list = await h.api<unknown[]>('GET', '/api/backups')
      assert.equal(list.length, 0)
    })

    test('crons are listed and can be run', async () => {
      await page
        .getByRole('navigation', { name: 'Settings' })
        .getByRole('link', { name: 'Crons' })
        .click()
      await page.getByRole('cell', { name: '__pbLogsCleanup__', exact: true }).waitFor()
      await page.getByRole('button', { name: 'Run __pbLogsCleanup__' }).click()
      await page.getByText('Started "__pbLogsCleanup__".').waitFor()
    })

    test('logs: lists request logs, filters them, shows one entry', async () => {
      // a few guest requests to log (superuser requests are hidden by default)
      for (let i = 0; i < 3; i++) {
        await h.backend.fetch(`/api/collections/nosuch${i}/records`)
      }
      await page.getByRole('link', { name: 'Logs' }).click()
      const row = page
        .locator('tr.clickable')
        .filter({ hasText: '/api/collections/nosuch1/records' })
      // note: as PocketBase, the server writes logs in batches 3 s after the last entry, and every
      // request (a reload too) is an entry: wait for a quiet moment before each reload
      for (let i = 0; i < 5 && (await row.count()) === 0; i++) {
        await page.waitForTimeout(3500)
        await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === '/api/logs'),
          page.getByRole('button', { name: 'Reload logs' }).click(),
        ])
      }
      await row.waitFor()
      await page.getByLabel('Search or filter logs').fill('nosuch2')
      await page.getByLabel('Search or filter logs').press('Enter')
      await page.getByText('1 entry', { exact: true }).waitFor()
      await h.shot(page, 'logs')
      await page.locator('tr.clickable').first().click()
      const detail = page.getByRole('dialog', { name: 'Log entry' })
      await detail.getByText('/api/collections/nosuch2/records').first().waitFor()
      await h.shot(page, 'logs-detail')
      await detail.getByRole('button', { name: 'Close' }).click()
      assert.deepEqual(pageErrors(page), [])
    })
  })
}
