import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { newAuthToken } from '../auth/record-tokens.js'
import { badRequest } from '../http/api-error.js'
import { getSettings } from '../settings/settings-store.js'
import { call, createAuthRecord, newAuthTestApp, type AuthTestApp } from './record-auth.test-util.js'

describe('settings request hooks', () => {
  let t: AuthTestApp
  let auth: Record<string, string>
  beforeEach(async () => {
    t = await newAuthTestApp()
    const su = await createAuthRecord(t.app, '_superusers', { email: 'root@example.com', password: 'root-pass-1' })
    auth = { Authorization: await newAuthToken(t.app, su) }
  })
  afterEach(() => t.close())

  const list = () => call(t.app, 'GET', '/api/settings', undefined, auth)
  const update = (body: unknown) => call(t.app, 'PATCH', '/api/settings', body, auth)
  const appName = async () => (await getSettings(t.app)).meta.appName

  test('list: the handler changes its copy of the settings, not the app', async () => {
    const before = await appName()
    t.app.onSettingsListRequest().bindFunc(async (e) => {
      e.settings.meta.appName = 'from hook'
      await e.next()
    })
    const res = await list()
    assert.equal(res.status, 200)
    assert.equal(res.json.meta.appName, 'from hook')
    assert.equal(await appName(), before)
  })

  test('update: old and new settings; the handler may change what is saved', async () => {
    const seen: string[] = []
    t.app.onSettingsUpdateRequest().bindFunc(async (e) => {
      seen.push(`${e.oldSettings.meta.appName} -> ${e.newSettings.meta.appName}`)
      e.newSettings.meta.appName += ' (hooked)'
      await e.next()
    })
    const before = await appName()
    const res = await update({ meta: { appName: 'renamed' } })
    assert.equal(res.status, 200)
    assert.deepEqual(seen, [`${before} -> renamed`])
    assert.equal(res.json.meta.appName, 'renamed (hooked)')
    assert.equal(await appName(), 'renamed (hooked)')
  })

  test('update: invalid settings set by a handler are refused by the default action', async () => {
    t.app.onSettingsUpdateRequest().bindFunc(async (e) => {
      e.newSettings.meta.appName = ''
      await e.next()
    })
    const res = await update({ meta: { appName: 'renamed' } })
    assert.equal(res.status, 400)
    assert.equal(res.json.message, 'An error occurred while saving the new settings.')
    assert.ok(res.json.data.meta.appName)
  })

  test('a failing handler replaces the answer (list and update)', async () => {
    const before = await appName()
    t.app.onSettingsListRequest().bindFunc(() => {
      throw badRequest('no list')
    })
    t.app.onSettingsUpdateRequest().bindFunc(() => {
      throw badRequest('no update')
    })
    assert.equal((await list()).json.message, 'No list.')
    assert.equal((await update({ meta: { appName: 'renamed' } })).json.message, 'No update.')
    assert.equal(await appName(), before)
  })

  test('update inside a handler transaction: answered after commit, undone on rollback', async () => {
    let fail = false
    t.app.onSettingsUpdateRequest().bindFunc(async (e) => {
      const original = e.app
      await e.app.runInTransaction(async (txApp) => {
        e.app = txApp
        try {
          await e.next()
        } finally {
          e.app = original
        }
        if (fail) {
          throw badRequest('TX_ERROR')
        }
      })
    })
    const committed = await update({ meta: { appName: 'in tx' } })
    assert.equal(committed.status, 200)
    // the answer is read once the transaction committed, so it shows the new value
    assert.equal(committed.json.meta.appName, 'in tx')

    fail = true
    const rolledBack = await update({ meta: { appName: 'rolled back' } })
    assert.equal(rolledBack.status, 400)
    assert.equal(rolledBack.json.message, 'TX_ERROR.')
    assert.equal(await appName(), 'in tx')
  })
})
