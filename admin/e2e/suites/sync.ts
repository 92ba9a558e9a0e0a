import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { login, pageErrors } from '../browser.js'
import type { Harness } from '../harness.js'

interface Collection {
  id: string
  name: string
  type: string
  fields: { id?: string; name: string; type: string }[]
  created?: string
}

/** Settings › Export and Import collections (with the diff preview), on the records suite's data. */
export function syncSuite(h: Harness): void {
  describe('collections export and import', () => {
    let page: Page
    let exported: Collection[]

    before(async () => {
      page = await h.openPage()
      await login(page, h.backend.origin)
    })
    after(async () => {
      await h.closePage(page)
    })

    const nav = () => page.getByRole('navigation', { name: 'Settings' })

    test('exports the picked collections as JSON, to copy or download', async () => {
      await page.goto(`${h.backend.origin}/_/#/settings/export`)
      const pick = page.getByRole('group', { name: 'Collections to export' })
      await pick.getByRole('checkbox', { name: /^All/ }).uncheck()
      await pick.getByRole('checkbox', { name: 'things', exact: true }).check()
      const text = await page.getByLabel('Exported JSON').inputValue()
      exported = JSON.parse(text) as Collection[]
      assert.deepEqual(
        exported.map((c) => c.name),
        ['things'],
      )
      assert.equal(exported[0]!.created, undefined)
      await h.shot(page, 'settings-export')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download JSON' }).click(),
      ])
      assert.equal(download.suggestedFilename(), 'pb_schema.json')
      assert.equal(await readFile(await download.path(), 'utf8'), text)
    })

    test('import shows bad JSON inline, previews the changes, imports, and shows server errors', async () => {
      await nav().getByRole('link', { name: 'Import collections' }).click()
      const box = page.getByLabel('Collections', { exact: true })
      await box.fill('[{"name": "no id"}]')
      await page.locator('#import-json-error').getByText('has no id or name').waitFor()

      // things: one field more, "notes" gone; plus a new collection
      const things = structuredClone(exported[0]!)
      things.fields = things.fields.filter((f) => f.name !== 'notes')
      things.fields.push({ name: 'extra', type: 'text' })
      const added: Collection = {
        id: 'pbc_imported0001',
        name: 'imported_notes',
        type: 'base',
        fields: [{ name: 'body', type: 'text' }],
      }
      await box.fill(JSON.stringify([things, added], null, 2))
      // not merged: every other collection would go
      const changes = page.getByLabel('Detected changes')
      await changes.getByText('Deleted').first().waitFor()
      await page.getByRole('checkbox', { name: /Merge with the existing collections/ }).check()
      await changes.locator('summary', { hasText: 'things' }).click()
      await changes.getByText('fields.notes').waitFor()
      await changes.getByText('fields.extra').waitFor()
      assert.equal(await changes.getByText('Deleted', { exact: true }).count(), 0)
      await changes.getByText('imported_notes').waitFor()
      await h.shot(page, 'settings-import-diff')
      await page.getByRole('button', { name: 'Import', exact: true }).click()
      const confirm = page.getByRole('dialog', { name: 'Confirm' })
      await confirm.getByText('Delete the field(s) "things.notes"').waitFor()
      await confirm.getByRole('button', { name: 'Import' }).click()
      await page
        .getByRole('status')
        .getByText(/^Imported \d+ collection\(s\)\.$/)
        .waitFor()
      const list = await h.api<{ items: Collection[] }>('GET', '/api/collections?perPage=200')
      const names = list.items.map((c) => c.name)
      assert.ok(
        names.includes('imported_notes') && names.includes('articles') && names.includes('users'),
      )
      const now = list.items.find((c) => c.name === 'things')!
      assert.ok(now.fields.some((f) => f.name === 'extra'))
      assert.ok(!now.fields.some((f) => f.name === 'notes'))
      // the sidebar knows the new collection
      await page.getByRole('link', { name: 'Collections', exact: true }).click()
      await page
        .getByRole('navigation', { name: 'Collections' })
        .getByRole('link', { name: 'imported_notes' })
        .waitFor()

      // the server's validation errors show on the import screen
      await page.goto(`${h.backend.origin}/_/#/settings/import`)
      await box.fill(
        JSON.stringify([{ id: 'pbc_badname00001', name: 'bad name!', type: 'base', fields: [] }]),
      )
      await page.getByRole('checkbox', { name: /Merge with the existing collections/ }).check()
      await page.getByRole('button', { name: 'Import', exact: true }).click()
      await page
        .getByRole('dialog', { name: 'Confirm' })
        .getByRole('button', { name: 'Import' })
        .click()
      await page.getByRole('alert').filter({ hasText: 'Failed to import' }).waitFor()
      await h.shot(page, 'settings-import-error')
      assert.deepEqual(pageErrors(page), [])
    })
  })
}
