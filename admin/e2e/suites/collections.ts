import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { login, pageErrors } from '../browser.js'
import type { Harness } from '../harness.js'

interface Collection {
  id: string
  name: string
  type: string
  fields: { name: string; type: string; required?: boolean; values?: string[]; max?: number }[]
  indexes: string[]
  listRule: string | null
  viewRule: string | null
  otp?: { enabled: boolean }
  viewQuery?: string
}

/** The collections sidebar and the collection editor (fields, rules, indexes, auth options, views). */
export function collectionsSuite(h: Harness): void {
  describe('collections', () => {
    let page: Page

    before(async () => {
      page = await h.openPage()
      await login(page, h.backend.origin)
    })
    after(async () => {
      await h.closePage(page)
    })

    const editor = () => page.getByRole('dialog', { name: /collection/i })

    async function addField(type: string, name: string): Promise<void> {
      await editor().getByRole('button', { name: 'New field' }).click()
      await editor().getByRole('menuitem', { name: type, exact: true }).click()
      // the new field's name input is focused and selected
      await page.keyboard.type(name)
    }

    test('creates a base collection with fields, rules and an index; shows server errors inline', async () => {
      await page.getByRole('button', { name: 'New collection' }).first().click()
      await editor().getByLabel('Name', { exact: true }).fill('articles')
      await addField('Plain text', 'title')
      await addField('Number', 'score')
      await addField('Select', 'status')
      await editor().getByLabel('Choices').fill('draft, live')
      await editor().getByLabel('Choices').blur()
      await addField('Relation', 'owner')
      await editor().getByLabel('Related collection').selectOption({ label: 'users' })
      await addField('JSON', 'bad name')
      await h.shot(page, 'collection-new-fields')

      await editor().getByRole('tab', { name: 'API rules' }).click()
      const listRule = editor().locator('pb-rule-input').first()
      await listRule.getByRole('button', { name: 'Unlock' }).click()
      await listRule.locator('textarea').fill('nosuchfield = 1')
      await editor().getByRole('button', { name: 'Create' }).click()
      // the server rejects the invalid field name and rule; both errors are shown where they belong
      await editor().getByText('Failed to create collection.').waitFor()
      await listRule.locator('.error-text').waitFor()
      await h.shot(page, 'collection-rule-error')
      await listRule.locator('textarea').fill('')
      await editor().getByText('Rule syntax help').click()
      await listRule.locator('textarea').focus()
      await editor().getByRole('button', { name: '@request.auth.id', exact: true }).click()
      await listRule.locator('textarea').press('End')
      await page.keyboard.type(" != ''")
      assert.equal(await listRule.locator('textarea').inputValue(), "@request.auth.id != ''")

      await editor().getByRole('tab', { name: 'Fields' }).click()
      // fields: id, title, score, status, owner, "bad name", created, updated
      const bad = editor().locator('pb-field-card').nth(5)
      await bad.locator('.error-text').waitFor()
      await bad.getByLabel('Field name').fill('meta')

      await editor().getByRole('tab', { name: 'Indexes' }).click()
      await editor().getByRole('button', { name: 'New index' }).click()
      await editor().getByRole('checkbox', { name: 'title' }).check()
      await editor().getByRole('checkbox', { name: 'Unique' }).check()
      await editor().getByRole('button', { name: 'Add index' }).click()
      await h.shot(page, 'collection-indexes')
      await editor().getByRole('button', { name: 'Create' }).click()
      await page.getByRole('heading', { name: /articles/ }).waitFor()
      await editor().waitFor({ state: 'hidden' })

      const c = await h.api<Collection>('GET', '/api/collections/articles')
      assert.deepEqual(
        c.fields.map((f) => `${f.name}:${f.type}`),
        [
          'id:text',
          'title:text',
          'score:number',
          'status:select',
          'owner:relation',
          'meta:json',
          'created:autodate',
          'updated:autodate',
        ],
      )
      assert.deepEqual(c.fields.find((f) => f.name === 'status')?.values, ['draft', 'live'])
      assert.equal(c.listRule, "@request.auth.id != ''")
      assert.equal(c.viewRule, null)
      assert.equal(c.indexes.length, 1)
      assert.match(c.indexes[0]!, /CREATE UNIQUE INDEX .* \(`title`\)/)
      await h.shot(page, 'collection-created')
    })

    test('edits a collection: field options, removing a field asks first', async () => {
      await page.getByRole('button', { name: 'Edit collection' }).click()
      const title = editor().locator('pb-field-card').nth(1)
      await title.getByRole('button', { name: 'Options of title' }).click()
      await title.getByRole('checkbox', { name: 'Nonempty' }).check()
      await title.getByLabel('Max length').fill('120')
      await editor().getByRole('button', { name: 'Remove field score' }).click()
      await editor().getByRole('button', { name: 'Save changes' }).click()
      const confirm = page.getByRole('dialog', { name: 'Confirm' })
      await confirm.getByText('Delete the field(s) "score"').waitFor()
      await confirm.getByRole('button', { name: 'Save changes' }).click()
      await editor().waitFor({ state: 'hidden' })
      const c = await h.api<Collection>('GET', '/api/collections/articles')
      assert.equal(
        c.fields.some((f) => f.name === 'score'),
        false,
      )
      const t = c.fields.find((f) => f.name === 'title')
      assert.equal(t?.required, true)
      assert.equal(t?.max, 120)
    })

    test('creates an auth collection with OTP enabled and a view collection', async () => {
      await page.getByRole('button', { name: 'New collection' }).first().click()
      await editor().getByLabel('Name', { exact: true }).fill('members')
      await editor().getByRole('button', { name: 'Auth', exact: true }).click()
      await editor().getByRole('tab', { name: 'Options' }).click()
      await editor().getByText('One-time password (OTP)').click()
      await editor()
        .getByRole('checkbox', { name: 'Enable sign-in with a code sent by email' })
        .check()
      await h.shot(page, 'collection-auth-options')
      await editor().getByRole('button', { name: 'Create' }).click()
      await editor().waitFor({ state: 'hidden' })
      const m = await h.api<Collection>('GET', '/api/collections/members')
      assert.equal(m.type, 'auth')
      assert.equal(m.otp?.enabled, true)
      assert.ok(m.fields.some((f) => f.name === 'email'))

      await page.getByRole('button', { name: 'New collection' }).first().click()
      await editor().getByLabel('Name', { exact: true }).fill('article_titles')
      await editor().getByRole('button', { name: 'View', exact: true }).click()
      await editor().getByLabel('Select query').fill('SELECT id, title FROM articles')
      await editor().getByRole('button', { name: 'Create' }).click()
      await editor().waitFor({ state: 'hidden' })
      const v = await h.api<Collection>('GET', '/api/collections/article_titles')
      assert.equal(v.type, 'view')
      assert.deepEqual(
        v.fields.map((f) => f.name),
        ['id', 'title'],
      )
    })

    test('sidebar search filters collections; deleting a collection asks and removes it', async () => {
      await page.getByLabel('Search collections').fill('memb')
      const nav = page.getByRole('navigation', { name: 'Collections' })
      await nav.getByRole('link', { name: 'members' }).waitFor()
      assert.equal(await nav.getByRole('link', { name: 'articles' }).count(), 0)
      await page.getByLabel('Search collections').fill('')
      await nav.getByRole('link', { name: 'article_titles' }).click()
      await page.getByRole('heading', { name: /article_titles/ }).waitFor()
      await page.getByRole('button', { name: 'Edit collection' }).click()
      await editor().getByRole('button', { name: 'Delete', exact: true }).click()
      await page
        .getByRole('dialog', { name: 'Confirm' })
        .getByRole('button', { name: 'Delete collection' })
        .click()
      await editor().waitFor({ state: 'hidden' })
      await nav.getByRole('link', { name: 'article_titles' }).waitFor({ state: 'detached' })
      const list = await h.api<{ items: Collection[] }>('GET', '/api/collections?perPage=200')
      assert.equal(
        list.items.some((c) => c.name === 'article_titles'),
        false,
      )
      assert.deepEqual(pageErrors(page), [])
    })
  })
}
