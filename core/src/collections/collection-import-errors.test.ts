import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { call, newFixtureApp } from './collection-test-app.test-util.js'
import type { App } from '../app.js'

// the validation errors PocketBase v0.39.11 embeds in a failed import's message are ozzo's raw
// messages ("must be in a valid format"), not the sentenized API ones (read from the binary)
const CASES: { name: string; collection: unknown; raw: Record<string, unknown> }[] = [
  {
    name: 'invalid name',
    collection: { id: 'pbc_badname00001', name: 'bad name!', type: 'base', fields: [] },
    raw: { name: 'must be in a valid format' },
  },
  {
    name: 'blank name',
    collection: { id: 'pbc_badname00002', name: '', type: 'base', fields: [] },
    raw: { name: 'cannot be blank' },
  },
  {
    name: 'invalid rule (PocketBase own message, not sentenized either)',
    collection: {
      id: 'pbc_badname00004',
      name: 'okname4',
      type: 'base',
      listRule: 'nope = 1',
      fields: [],
    },
    raw: {
      listRule: 'Invalid rule. Raw error: invalid left operand "nope" - unknown field "nope"',
    },
  },
]

describe('collections import: embedded validation errors', () => {
  let app: App | undefined
  before(async () => {
    app = await newFixtureApp()
  })
  after(() => app?.close())

  for (const c of CASES) {
    test(c.name, async (t) => {
      if (!app) {
        t.skip('the PocketBase fixture pb_data is absent')
        return
      }
      const res = await call(app, 'PUT', '/api/collections/import', {
        collections: [c.collection],
        deleteMissing: false,
      })
      assert.equal(res.status, 400)
      const message = res.json.data.collections.message as string
      const [, json] = /\):\n([\s\S]*)\.$/.exec(message) ?? []
      assert.deepEqual(JSON.parse(json ?? 'null'), c.raw, message)
    })
  }
})
