import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
// note: first, so the app's modules load in their usual order
import {
  call,
  FIXTURE_SUPERUSER_TOKEN,
  FIXTURE_USER_TOKEN,
  newFixtureApp,
  schemaSnapshot,
} from '../collections/collection-test-app.test-util.js'
import type { App } from '../app.js'
import { defaultCollectionId } from '../collections/collection-defaults.js'
import { badRequest } from '../http/api-error.js'

const ROUTES: [string, string][] = [
  ['GET', '/api/collections'],
  ['POST', '/api/collections'],
  ['GET', '/api/collections/demo1'],
  ['PATCH', '/api/collections/demo1'],
  ['DELETE', '/api/collections/demo1'],
  ['DELETE', '/api/collections/demo5/truncate'],
  ['PUT', '/api/collections/import'],
  ['GET', '/api/collections/meta/scaffolds'],
  ['GET', '/api/collections/meta/oauth2-providers'],
  ['POST', '/api/collections/meta/dry-run-view'],
]

// status and message of malformed requests, as answered by PocketBase v0.39.11 (checked on the binary)
const MALFORMED: [string, string, string, unknown, string][] = [
  [
    'POST',
    '/api/collections',
    'not an object',
    '[1]',
    'Failed to load the collection type data due to invalid formatting.',
  ],
  [
    'POST',
    '/api/collections',
    'invalid JSON',
    '{bad',
    'Failed to load the collection type data due to invalid formatting.',
  ],
  [
    'POST',
    '/api/collections',
    'name not a string',
    { name: 123 },
    'Failed to load the collection type data due to invalid formatting.',
  ],
  [
    'POST',
    '/api/collections',
    'type not a string',
    { type: 5 },
    'Failed to load the collection type data due to invalid formatting.',
  ],
  [
    'POST',
    '/api/collections',
    'field without type',
    { name: 'x1', fields: [{ name: 'a' }] },
    'Failed to load the submitted data due to invalid formatting.',
  ],
  [
    'POST',
    '/api/collections',
    'fields not a list',
    { name: 'x1', fields: 'abc' },
    'Failed to load the submitted data due to invalid formatting.',
  ],
  [
    'POST',
    '/api/collections',
    'int option as float',
    { name: 'x1', fields: [{ type: 'text', name: 'a', min: 1.5 }] },
    'Failed to load the submitted data due to invalid formatting.',
  ],
  [
    'PATCH',
    '/api/collections/demo1',
    'int option as text',
    { fields: [{ type: 'text', name: 'a', min: '1' }] },
    'Failed to load the submitted data due to invalid formatting.',
  ],
  [
    'PATCH',
    '/api/collections/demo1',
    'rule not a string',
    { listRule: 1 },
    'Failed to load the submitted data due to invalid formatting.',
  ],
  [
    'PUT',
    '/api/collections/import',
    'collections not a list',
    { collections: 'x' },
    'An error occurred while loading the submitted data.',
  ],
  [
    'PUT',
    '/api/collections/import',
    'collection not an object',
    { collections: [1] },
    'An error occurred while loading the submitted data.',
  ],
  [
    'PUT',
    '/api/collections/import',
    'empty list',
    { collections: [] },
    'An error occurred while validating the submitted data.',
  ],
  [
    'PUT',
    '/api/collections/import',
    'unknown field type',
    { collections: [{ name: 'zz', fields: [{ type: 'nope' }] }] },
    'Failed to import collections.',
  ],
  [
    'POST',
    '/api/collections/meta/dry-run-view',
    'query not a string',
    { query: 5 },
    'An error occurred while loading the submitted data.',
  ],
  [
    'POST',
    '/api/collections/meta/dry-run-view',
    'query too long',
    { query: 'a'.repeat(5001) },
    'An error occurred while validating the submitted data.',
  ],
]

describe('collections API on the PocketBase fixture', () => {
  let app: App | undefined
  before(async () => {
    app = await newFixtureApp()
  })
  after(() => app?.close())

  test('every route requires a superuser (401 guest, 403 other auth)', async (t) => {
    if (!app) return t.skip('fixture not available')
    for (const [method, path] of ROUTES) {
      const guest = await call(app, method, path, undefined, '')
      assert.equal(guest.status, 401, `${method} ${path} guest`)
      assert.deepEqual(guest.json.data, {})
      const user = await call(app, method, path, undefined, FIXTURE_USER_TOKEN)
      assert.equal(user.status, 403, `${method} ${path} user`)
    }
  })

  test('malformed bodies get PocketBase status and message, and nothing is written', async (t) => {
    if (!app) return t.skip('fixture not available')
    const before = await schemaSnapshot(app)
    for (const [method, path, name, body, message] of MALFORMED) {
      const res = await call(app, method, path, body)
      assert.equal(res.status, 400, name)
      assert.equal(res.json.message, message, name)
    }
    assert.equal(await schemaSnapshot(app), before)
  })

  test('list: paging, sorting and filtering on the allowed fields only', async (t) => {
    if (!app) return t.skip('fixture not available')
    const all = await call(app, 'GET', '/api/collections')
    assert.equal(all.status, 200)
    assert.deepEqual(
      [all.json.page, all.json.perPage, all.json.totalItems, all.json.totalPages],
      [1, 30, 16, 1],
    )
    const page = await call(app, 'GET', '/api/collections?page=2&perPage=2&sort=-created')
    assert.deepEqual(
      page.json.items.map((c: { name: string }) => c.name),
      ['_mfas', '_externalAuths'],
    )
    const filtered = await call(
      app,
      'GET',
      "/api/collections?filter=name~'demo'&sort=name&skipTotal=1",
    )
    assert.deepEqual(
      filtered.json.items.map((c: { name: string }) => c.name),
      ['demo1', 'demo2', 'demo3', 'demo4', 'demo5'],
    )
    assert.equal(filtered.json.totalItems, -1)
    for (const bad of [
      "filter=invalidfield~'demo2'",
      'sort=fields',
      'page=x',
      'filter=viewQuery!=""',
    ]) {
      const res = await call(app, 'GET', `/api/collections?${bad}`)
      assert.equal(res.status, 400, bad)
      assert.deepEqual(res.json.data, {})
    }
  })

  test('create → update (rename) → view → delete round trip, with PocketBase shapes', async (t) => {
    if (!app) return t.skip('fixture not available')
    const created = await call(app, 'POST', '/api/collections', {
      name: 'notes',
      fields: [
        { type: 'text', name: 'body', id: 'f_body' },
        { type: 'relation', name: 'owner', collectionId: '_pb_users_auth_' },
      ],
      indexes: ['create index idx_notes_body on x (body)'],
      listRule: 'owner = @request.auth.id',
    })
    assert.equal(created.status, 200, created.text)
    assert.deepEqual(Object.keys(created.json), [
      'id',
      'listRule',
      'viewRule',
      'createRule',
      'updateRule',
      'deleteRule',
      'name',
      'type',
      'fields',
      'indexes',
      'created',
      'updated',
      'system',
    ])
    assert.equal(created.json.id, defaultCollectionId('base', 'notes'))
    assert.deepEqual(created.json.indexes, ['CREATE INDEX `idx_notes_body` ON `notes` (`body`)'])
    assert.deepEqual(Object.keys(created.json.fields[2]), [
      'cascadeDelete',
      'collectionId',
      'help',
      'hidden',
      'id',
      'maxSelect',
      'minSelect',
      'name',
      'presentable',
      'required',
      'system',
      'type',
    ])

    const renamed = await call(app, 'PATCH', '/api/collections/notes', {
      name: 'memos',
      listRule: 'missing = 1',
    })
    assert.equal(renamed.status, 400)
    assert.equal(renamed.json.data.listRule.code, 'validation_invalid_rule')
    const ok = await call(app, 'PATCH', '/api/collections/NOTES', { name: 'memos' })
    assert.equal(ok.status, 200, ok.text)
    assert.deepEqual(ok.json.indexes, ['CREATE INDEX `idx_notes_body` ON `memos` (`body`)'])
    assert.equal((await call(app, 'GET', `/api/collections/${created.json.id}`)).json.name, 'memos')

    const del = await call(app, 'DELETE', '/api/collections/memos')
    assert.equal(del.status, 204)
    assert.equal((await call(app, 'GET', '/api/collections/memos')).status, 404)
  })

  test('delete and truncate refusals', async (t) => {
    if (!app) return t.skip('fixture not available')
    const cases: [string, string, number, string][] = [
      ['DELETE', '/api/collections/_mfas', 400, 'Failed to delete collection.'],
      [
        'DELETE',
        '/api/collections/demo2',
        400,
        'Failed to delete collection probably due to existing reference in users.',
      ],
      [
        'DELETE',
        '/api/collections/view2/truncate',
        400,
        "View collections cannot be truncated since they don't store their own records.",
      ],
      [
        'DELETE',
        '/api/collections/demo3/truncate',
        400,
        'Failed to truncate collection (most likely due to required cascade delete record references).',
      ],
      ['DELETE', '/api/collections/missing', 404, "The requested resource wasn't found."],
    ]
    for (const [method, path, status, message] of cases) {
      const res = await call(app, method, path)
      assert.equal(res.status, status, path)
      assert.equal(res.json.message, message, path)
    }
  })

  test('form bodies follow PocketBase\'s form binder (rules become "", fields are refused)', async (t) => {
    if (!app) return t.skip('fixture not available')
    const form = async (method: string, path: string, entries: [string, string][]) => {
      const body = new FormData()
      for (const [k, v] of entries) body.append(k, v)
      const res = await app!.request(path, {
        method,
        body,
        headers: { authorization: FIXTURE_SUPERUSER_TOKEN },
      })
      return { status: res.status, json: (await res.json()) as Record<string, any> }
    }
    const created = await form('POST', '/api/collections', [
      ['name', '123'],
      ['indexes', 'create index f1 on x (id)'],
    ])
    assert.equal(created.status, 200)
    assert.equal(created.json.name, '123')
    assert.deepEqual([created.json.listRule, created.json.deleteRule], ['', ''])
    assert.deepEqual(created.json.indexes, ['CREATE INDEX `f1` ON `123` (`id`)'])
    const auth = await form('POST', '/api/collections', [
      ['name', 'formauth'],
      ['type', 'auth'],
    ])
    assert.equal(auth.json.data.manageRule.code, 'validation_nil_or_not_empty_required')
    const fields = await form('POST', '/api/collections', [
      ['name', 'formf'],
      ['fields', '[]'],
    ])
    assert.equal(fields.status, 400)
    const bad = await form('PATCH', '/api/collections/123', [
      ['authToken.duration', 'x'],
      ['system', 'maybe'],
    ])
    assert.equal(bad.status, 200, 'unknown and unreachable keys are ignored')
    assert.equal((await call(app, 'DELETE', '/api/collections/123')).status, 204)
  })

  test('a request hook that fails its own transaction after the save leaves nothing behind', async (t) => {
    if (!app) return t.skip('fixture not available')
    const before = await schemaSnapshot(app)
    const hooks = app.collectionHooks
    const ids = [
      hooks.createRequest.bindFunc((e) =>
        e.app.runInTransaction(async (txApp) => {
          const original = e.app
          e.app = txApp
          try {
            await e.next()
          } finally {
            e.app = original
          }
          throw badRequest('TX_ERROR')
        }),
      ),
      hooks.importRequest.bindFunc((e) =>
        e.app.runInTransaction(async (txApp) => {
          e.app = txApp
          await e.next()
          throw badRequest('TX_ERROR')
        }),
      ),
    ]
    try {
      const created = await call(app, 'POST', '/api/collections', {
        name: 'txcheck',
        fields: [{ type: 'text', name: 'a' }],
      })
      assert.deepEqual([created.status, created.json.message], [400, 'TX_ERROR.'])
      const imported = await call(app, 'PUT', '/api/collections/import', {
        deleteMissing: true,
        collections: [{ name: 'txcheck2' }],
      })
      assert.deepEqual([imported.status, imported.json.message], [400, 'TX_ERROR.'])
      assert.equal(app.findCachedCollection('txcheck'), undefined)
      assert.ok(app.findCachedCollection('demo1'))
      assert.equal(await schemaSnapshot(app), before)
    } finally {
      hooks.createRequest.unbind(ids[0]!)
      hooks.importRequest.unbind(ids[1]!)
    }
  })

  test('scaffolds and oauth2 providers', async (t) => {
    if (!app) return t.skip('fixture not available')
    const scaffolds = await call(app, 'GET', '/api/collections/meta/scaffolds')
    assert.deepEqual(Object.keys(scaffolds.json), ['auth', 'base', 'view'])
    assert.equal(scaffolds.json.auth.id, '')
    assert.equal(scaffolds.json.auth.fields.length, 6)
    assert.match(
      scaffolds.json.auth.indexes[0],
      /^CREATE UNIQUE INDEX `idx_tokenKey_[a-z0-9]{10}` ON `` \(`tokenKey`\)$/,
    )
    assert.equal(scaffolds.json.view.viewQuery, '')
    assert.equal('secret' in scaffolds.json.auth.authToken, false)
    const providers = await call(app, 'GET', '/api/collections/meta/oauth2-providers')
    assert.equal(providers.json.length, 32)
    assert.deepEqual(Object.keys(providers.json[0]), ['name', 'displayName', 'logo'])
    assert.ok(providers.text.includes('{"name":"oidc3","displayName":"OIDC","logo":"\\u003csvg'))
  })

  test('random bodies never cause a 500, and a refused request writes nothing', async (t) => {
    if (!app) return t.skip('fixture not available')
    const a = app
    const field = fc.record(
      {
        type: fc.constantFrom(
          'text',
          'number',
          'bool',
          'email',
          'url',
          'editor',
          'date',
          'autodate',
          'select',
          'file',
          'relation',
          'json',
          'password',
          'geoPoint',
          'x',
        ),
        name: fc.oneof(
          fc.constantFrom('id', 'title', 'email', 'expand', 'a_via_b', ''),
          fc.string(),
        ),
        id: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 8 })),
        min: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), fc.constant(null)),
        max: fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constant(null)),
        maxSelect: fc.integer({ min: -1, max: 5 }),
        values: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
        collectionId: fc.constantFrom(
          'wsmn24bux7wo113',
          '_pb_users_auth_',
          'v9gwnfh02gjq1q0',
          'missing',
        ),
        required: fc.boolean(),
        primaryKey: fc.boolean(),
      },
      { requiredKeys: ['type'] },
    )
    const body = fc.record(
      {
        name: fc.oneof(
          fc.constantFrom('demo1', 'fuzz', 'Fuzz', '_mfas', 'a b', ''),
          fc.string({ maxLength: 6 }),
        ),
        type: fc.constantFrom('base', 'auth', 'view', 'other'),
        fields: fc.array(field, { maxLength: 4 }),
        indexes: fc.array(
          fc.constantFrom(
            'create index fz on fuzz (title)',
            'create unique index fz2 on x (id)',
            'bad',
            'create index idx_tokenKey__pb_users_auth_ on x (id)',
          ),
          { maxLength: 2 },
        ),
        listRule: fc.oneof(
          fc.constant(null),
          fc.constantFrom('', 'id != ""', 'title ~ 1', '@request.auth.id != ""', '(('),
        ),
        viewQuery: fc.constantFrom('select id from demo1', 'select 1', 'nope', ''),
        system: fc.boolean(),
        authToken: fc.record({ duration: fc.integer({ min: -1, max: 20 }) }),
      },
      { requiredKeys: [] },
    )
    const routes = fc.constantFrom(
      ['POST', '/api/collections'],
      ['PATCH', '/api/collections/demo1'],
      ['PATCH', '/api/collections/users'],
      ['PATCH', '/api/collections/view1'],
      ['PUT', '/api/collections/import'],
    )
    await fc.assert(
      fc.asyncProperty(routes, body, async ([method, path], b) => {
        const before = await schemaSnapshot(a)
        const payload = method === 'PUT' ? { collections: [b] } : b
        const res = await call(a, method!, path!, payload)
        // (404: an earlier run renamed or deleted the target)
        assert.ok([200, 204, 400, 404].includes(res.status), `${res.status} ${res.text}`)
        if (res.status === 400) {
          assert.equal(await schemaSnapshot(a), before, res.text)
        }
        // whatever happened, the collections still load and every table matches its collection
        await a.reloadCachedCollections()
        for (const c of a.findAllCollections('base', 'auth')) {
          const cols = await a
            .db()
            .all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [c.name])
          assert.deepEqual(
            cols.map((x) => String(x.name)).sort(),
            c.fields.map((f) => f.name).sort(),
            c.name,
          )
        }
      }),
      { numRuns: 80, seed: 4242 },
    )
  })
})
