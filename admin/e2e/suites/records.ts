import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { login, pageErrors } from '../browser.js'
import type { Harness } from '../harness.js'

// a 1×1 PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
)

type Rec = Record<string, unknown> & { id: string }

/** The records table (paging, filter, sort, columns) and the record editor (every input, files). */
export function recordsSuite(h: Harness): void {
  describe('records', () => {
    let page: Page
    let aliceId: string

    before(async () => {
      // a collection with (almost) every field type, and a few users to relate to
      await h.api('POST', '/api/collections', {
        name: 'things',
        fields: [
          { name: 'title', type: 'text', required: true, presentable: true },
          { name: 'count', type: 'number' },
          { name: 'done', type: 'bool' },
          { name: 'kind', type: 'select', values: ['a', 'b', 'c'], maxSelect: 1 },
          { name: 'tags', type: 'select', values: ['x', 'y', 'z'], maxSelect: 3 },
          { name: 'owner', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
          { name: 'pics', type: 'file', maxSelect: 3, maxSize: 1000000 },
          { name: 'data', type: 'json' },
          { name: 'due', type: 'date' },
          { name: 'place', type: 'geoPoint' },
          { name: 'site', type: 'url' },
          { name: 'contact', type: 'email' },
          { name: 'notes', type: 'editor' },
          { name: 'created', type: 'autodate', onCreate: true },
        ],
      })
      for (const name of ['alice', 'bob', 'carol']) {
        const u = await h.api<Rec>('POST', '/api/collections/users/records', {
          email: `${name}@example.com`,
          name,
          password: 'user-password-1',
          passwordConfirm: 'user-password-1',
        })
        if (name === 'alice') {
          aliceId = u.id
        }
      }
      for (let i = 1; i <= 45; i++) {
        await h.api('POST', '/api/collections/things/records', {
          title: `thing ${String(i).padStart(2, '0')}`,
          count: i,
          kind: i % 2 ? 'a' : 'b',
        })
      }
      page = await h.openPage()
      await login(page, h.backend.origin)
      await page.goto(`${h.backend.origin}/_/#/collections/things`)
      await page.getByRole('heading', { name: /things/ }).waitFor()
    })
    after(async () => {
      await h.closePage(page)
    })

    const rows = () => page.locator('pb-records-list tbody tr.clickable')
    const editor = () => page.getByRole('dialog', { name: /things record/ })
    const input = (name: string) =>
      editor().locator('pb-field-input').filter({ hasText: name }).first()

    test('lists records in pages of 40 and pages forward', async () => {
      await rows().first().waitFor()
      assert.equal(await rows().count(), 40)
      await page.getByText('1–40 of 45').waitFor()
      await page.getByRole('button', { name: 'Next page' }).click()
      await page.getByText('41–45 of 45').waitFor()
      assert.equal(await rows().count(), 5)
      assert.match(page.url(), /page=2/)
      await h.shot(page, 'records-page2')
    })

    test('filters with the filter language and with plain search; bad filters show the error', async () => {
      const box = page.getByLabel('Search or filter records')
      await box.fill('count > 40 && kind = "a"')
      await box.press('Enter')
      await page.getByText('1–3 of 3').waitFor()
      await box.fill('thing 07')
      await box.press('Enter')
      await page.getByText('1–1 of 1').waitFor()
      await box.fill('nosuch = 1')
      await box.press('Enter')
      await page.getByRole('alert').filter({ hasText: 'Check the filter syntax' }).waitFor()
      await page.getByRole('button', { name: 'Clear', exact: true }).click()
      await page.getByText('1–40 of 45').waitFor()
    })

    test('sorts by a column header (ascending, then descending)', async () => {
      await page.getByRole('button', { name: 'Sort by count' }).click()
      await page.waitForURL(/sort=count/)
      await page.getByRole('cell', { name: 'thing 01' }).waitFor()
      assert.equal(await rows().first().locator('td').nth(2).innerText(), 'thing 01')
      await page.getByRole('button', { name: 'Sort by count' }).click()
      await page.waitForURL(/sort=-count/)
      await page.getByRole('cell', { name: 'thing 45' }).waitFor()
      assert.equal(await rows().first().locator('td').nth(2).innerText(), 'thing 45')
    })

    test('the column picker hides a column and remembers it', async () => {
      await page.getByRole('button', { name: 'Columns' }).click()
      await page
        .getByRole('group', { name: 'Visible columns' })
        .getByRole('checkbox', { name: 'notes' })
        .uncheck()
      await page.getByRole('button', { name: 'Sort by notes' }).waitFor({ state: 'detached' })
      await page.reload()
      await rows().first().waitFor()
      assert.equal(await page.getByRole('button', { name: 'Sort by notes' }).count(), 0)
      assert.ok(await page.getByRole('button', { name: 'Sort by count' }).count())
    })

    test('the API preview documents the endpoints with the rules, SDK code, parameters and a response', async (t) => {
      await page.getByRole('button', { name: 'API preview' }).click()
      const dlg = page.getByRole('dialog', { name: 'API preview of things' })
      t.after(async () => {
        if (await dlg.isVisible()) {
          await dlg.getByRole('button', { name: 'Close' }).click()
        }
      })
      const tab = (name: string) => dlg.getByRole('tab', { name, exact: true })
      assert.equal(await tab('List/Search').getAttribute('aria-selected'), 'true')
      await dlg.getByText('/api/collections/things/records', { exact: true }).waitFor()
      await dlg.getByText('Superusers only').waitFor()
      assert.match(
        await dlg.getByLabel('SDK example', { exact: true }).innerText(),
        /pb\.collection\('things'\)\.getList\(1, 50/,
      )
      // keyboard: arrows move along the tabs
      await tab('List/Search').focus()
      await page.keyboard.press('ArrowRight')
      assert.equal(await tab('View').getAttribute('aria-selected'), 'true')
      await tab('Create').click()
      const body = dlg.getByRole('table', { name: 'Body parameters' })
      await body.getByRole('row').filter({ hasText: 'title' }).getByText('Required').waitFor()
      const example = JSON.parse(
        await dlg.getByLabel('Example response', { exact: true }).innerText(),
      ) as Rec
      assert.equal(example.collectionName, 'things')
      assert.deepEqual(example.place, { lon: 0, lat: 0 })
      await h.shot(page, 'api-preview')
      await page.keyboard.press('Escape')
      await dlg.waitFor({ state: 'hidden' })
    })

    test('creates a record with every kind of input; server errors show under the field', async () => {
      await page.getByRole('button', { name: 'New record' }).click()
      await editor().waitFor()
      // required title left empty → the server's message shows under the field
      await editor().getByRole('button', { name: 'Create' }).click()
      await input('title').getByText('Cannot be blank.').waitFor()

      await input('title').locator('textarea, input').fill('hello world')
      await input('count').locator('input').fill('7')
      await input('done').getByRole('checkbox').check()
      await input('kind').locator('select').selectOption('c')
      await input('tags').getByRole('checkbox', { name: 'x' }).check()
      await input('tags').getByRole('checkbox', { name: 'z' }).check()
      await input('data').locator('textarea').fill('{"a": [1, 2]}')
      await input('due').locator('input').fill('2025-02-03T04:05:06')
      await input('place').getByLabel('Longitude').fill('12.5')
      await input('place').getByLabel('Latitude').fill('41.9')
      await input('site').locator('input').fill('https://example.com/x')
      await input('contact').locator('input').fill('someone@example.com')
      await input('notes').locator('textarea').fill('<p>Hi</p>')

      const owner = editor().locator('pb-relation-input')
      await owner.getByRole('button', { name: 'Select' }).click()
      const picker = page.getByRole('dialog', { name: 'Select users records' })
      await picker.getByLabel('Search related records').fill('alice')
      await picker.getByLabel('Search related records').press('Enter')
      await picker.getByText('alice@example.com').or(picker.getByText('alice')).first().click()
      await picker.getByRole('button', { name: 'Set selection' }).click()
      await owner.locator('.chip').filter({ hasText: 'alice' }).waitFor()

      await editor()
        .locator('pb-file-input input[type=file]')
        .setInputFiles([
          { name: 'one.png', mimeType: 'image/png', buffer: PNG },
          { name: 'two.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
        ])
      await editor().getByText('one.png').waitFor()
      await h.shot(page, 'record-new')
      await editor().getByRole('button', { name: 'Create' }).click()
      await editor().waitFor({ state: 'hidden' })

      const list = await h.api<{ items: Rec[] }>(
        'GET',
        `/api/collections/things/records?filter=${encodeURIComponent('title="hello world"')}`,
      )
      const r = list.items[0]!
      assert.equal(r.count, 7)
      assert.equal(r.done, true)
      assert.equal(r.kind, 'c')
      assert.deepEqual(r.tags, ['x', 'z'])
      assert.deepEqual(r.data, { a: [1, 2] })
      assert.equal(r.due, '2025-02-03 04:05:06.000Z')
      assert.deepEqual(r.place, { lon: 12.5, lat: 41.9 })
      assert.equal(r.site, 'https://example.com/x')
      assert.equal(r.contact, 'someone@example.com')
      assert.equal(r.notes, '<p>Hi</p>')
      assert.equal(r.owner, aliceId)
      assert.equal((r.pics as string[]).length, 2)
    })

    test('edits a record: removes one file, changes a value; thumbnails are shown', async () => {
      const box = page.getByLabel('Search or filter records')
      await box.fill('title = "hello world"')
      await box.press('Enter')
      await page.getByText('1–1 of 1').waitFor()
      await page.locator('pb-records-list img.thumb').first().waitFor()
      await rows()
        .first()
        .getByRole('button', { name: /Open record/ })
        .click()
      await editor().locator('pb-file-input img').first().waitFor()
      await h.shot(page, 'record-edit')
      const txt = editor().locator('pb-file-input .file').filter({ hasText: '.txt' })
      await txt.getByRole('button', { name: /Remove/ }).click()
      await input('count').locator('input').fill('8')
      await editor().getByRole('button', { name: 'Save changes' }).click()
      await editor().waitFor({ state: 'hidden' })
      const list = await h.api<{ items: Rec[] }>(
        'GET',
        `/api/collections/things/records?filter=${encodeURIComponent('title="hello world"')}`,
      )
      const r = list.items[0]!
      assert.equal(r.count, 8)
      assert.deepEqual(
        (r.pics as string[]).map((n) => n.replace(/_\w{10}\./, '.')),
        ['one.png'],
      )
    })

    test('bulk-selects and deletes records with progress', async () => {
      await page.getByRole('button', { name: 'Clear', exact: true }).click()
      await page.getByText('1–40 of 46').waitFor()
      await page.getByLabel('Search or filter records').fill('count <= 3')
      await page.getByLabel('Search or filter records').press('Enter')
      await page.getByText('1–3 of 3').waitFor()
      await page.getByRole('checkbox', { name: 'Select all on this page' }).check()
      await page.getByRole('region', { name: 'Bulk actions' }).getByText('3 selected').waitFor()
      await h.shot(page, 'records-bulk')
      await page.getByRole('button', { name: 'Delete selected' }).click()
      await page
        .getByRole('dialog', { name: 'Confirm' })
        .getByRole('button', { name: 'Delete' })
        .click()
      await page.getByText('No records match the filter.').waitFor()
      const list = await h.api<{ totalItems: number }>(
        'GET',
        '/api/collections/things/records?perPage=1',
      )
      assert.equal(list.totalItems, 43)
    })

    test('the table follows realtime: records created, changed and deleted elsewhere show up', async () => {
      const box = page.getByLabel('Search or filter records')
      await box.fill('title ~ "live"')
      await box.press('Enter')
      await page.getByText('No records match the filter.').waitFor()
      const r = await h.api<Rec>('POST', '/api/collections/things/records', {
        title: 'live one',
        count: 99,
      })
      await page.getByRole('cell', { name: 'live one' }).waitFor()
      await page.getByText('1–1 of 1').waitFor()
      await h.api('PATCH', `/api/collections/things/records/${r.id}`, { title: 'live two' })
      await page.getByRole('cell', { name: 'live two' }).waitFor()
      await h.api('DELETE', `/api/collections/things/records/${r.id}`)
      await page.getByText('No records match the filter.').waitFor()
    })

    test('auth records: create a user with a password; the editor offers verification, reset, impersonation', async () => {
      await page.goto(`${h.backend.origin}/_/#/collections/users`)
      await page.getByRole('heading', { name: /users/ }).waitFor()
      await page.getByRole('button', { name: 'New record' }).click()
      const ed = page.getByRole('dialog', { name: /users record/ })
      await ed.getByLabel('email', { exact: true }).fill('dave@example.com')
      await ed.getByLabel('password', { exact: true }).fill('dave-password-1')
      await ed.getByLabel('passwordConfirm', { exact: true }).fill('dave-password-1')
      await ed.getByRole('button', { name: 'Create' }).click()
      await ed.waitFor({ state: 'hidden' })
      const list = await h.api<{ items: Rec[] }>(
        'GET',
        `/api/collections/users/records?filter=${encodeURIComponent('email="dave@example.com"')}`,
      )
      assert.equal(list.items.length, 1)
      await page.getByRole('button', { name: `Open record ${list.items[0]!.id}` }).click()
      await ed.getByRole('button', { name: 'Auth actions' }).click()
      const menu = ed.getByRole('menu', { name: 'Auth actions' })
      await menu.getByRole('menuitem', { name: 'Send verification email' }).waitFor()
      await menu.getByRole('menuitem', { name: 'Send password reset email' }).waitFor()
      await menu.getByRole('menuitem', { name: 'Impersonate' }).waitFor()
      await h.shot(page, 'record-auth')
      // Escape closes the menu, not the drawer
      await page.keyboard.press('Escape')
      await menu.waitFor({ state: 'detached' })
      await ed.getByRole('button', { name: 'Cancel' }).click()
      assert.deepEqual(pageErrors(page), [])
    })

    test('impersonating a user makes a token that acts as that user; a bad duration shows inline', async () => {
      const ed = page.getByRole('dialog', { name: /users record/ })
      const dave = (
        await h.api<{ items: Rec[] }>(
          'GET',
          `/api/collections/users/records?filter=${encodeURIComponent('email="dave@example.com"')}`,
        )
      ).items[0]!
      await page.getByRole('button', { name: `Open record ${dave.id}` }).click()
      await ed.getByRole('button', { name: 'Auth actions' }).click()
      await ed.getByRole('menuitem', { name: 'Impersonate' }).click()
      const dlg = page.getByRole('dialog', { name: 'Impersonate' })
      await dlg.getByLabel('Token duration (in seconds)').fill('-5')
      await dlg.getByRole('button', { name: 'Generate token' }).click()
      await dlg.locator('#duration-error').waitFor()
      await dlg.getByLabel('Token duration (in seconds)').fill('3600')
      await dlg.getByRole('button', { name: 'Generate token' }).click()
      const token = (
        await dlg.getByRole('status', { name: 'Generated token' }).locator('code').innerText()
      ).trim()
      await h.shot(page, 'record-impersonate')
      // the token reads dave's own record (users' view rule: id = @request.auth.id)
      const res = await h.backend.fetch(`/api/collections/users/records/${dave.id}`, {
        headers: { Authorization: token },
      })
      assert.equal(res.status, 200)
      assert.equal(((await res.json()) as Rec).email, 'dave@example.com')
      // keyboard: Escape closes the dialog, then the drawer
      await page.keyboard.press('Escape')
      await dlg.waitFor({ state: 'detached' })
      await page.keyboard.press('Escape')
      await ed.waitFor({ state: 'hidden' })
      assert.deepEqual(pageErrors(page), [])
    })
  })
}
