import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createApp } from '../app.js'
import { newCollection, newField } from '../collections/collection-defaults.js'
import { saveCollection } from '../collections/collection-save.js'
import { memorySqliteOpener } from '../db/wa-sqlite/memory.test-util.js'
import { appFileStorage } from '../files/app-file-storage.js'
import { saveSettings, getSettings } from '../settings/settings-store.js'

test('a batch that rolls back removes the files its earlier requests uploaded', async () => {
  const app = createApp({ sqlite: memorySqliteOpener() })
  try {
    await app.bootstrap()
    const docs = newCollection('base', 'docs')
    docs.createRule = ''
    docs.fields.push(newField('text', 'title', { required: true }), newField('file', 'attachment', { maxSelect: 1 }))
    await saveCollection(app, docs)
    const settings = structuredClone(await getSettings(app))
    ;(settings.batch as { enabled: boolean }).enabled = true
    await saveSettings(app, settings)

    const form = new FormData()
    form.append(
      '@jsonPayload',
      JSON.stringify({
        requests: [
          { method: 'POST', url: '/api/collections/docs/records', body: { title: 'first' } },
          { method: 'POST', url: '/api/collections/docs/records', body: { title: '' } }, // fails: required
        ],
      }),
    )
    form.append('requests.0.attachment', new File(['hello'], 'note.txt', { type: 'text/plain' }))
    const res = await app.request('/api/batch', { method: 'POST', body: form })
    assert.equal(res.status, 400)
    const body = (await res.json()) as { data: { requests: Record<string, { code: string }> } }
    assert.equal(body.data.requests['1']?.code, 'batch_request_failed')

    const rows = await app.db().all('SELECT id FROM docs')
    assert.equal(rows.length, 0, 'nothing written')
    const storage = await appFileStorage(app)
    const left = await storage.list(`${app.findCachedCollection('docs')!.id}/`)
    assert.deepEqual(left.map((f) => f.key), [], 'no orphaned upload')
  } finally {
    await app.close()
  }
})
