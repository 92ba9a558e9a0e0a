import assert from 'node:assert/strict'
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  createBackup,
  loadJsMigrations,
  MigrationsRunner,
  newAuthToken,
  RecordModel,
  restoreBackup,
  saveRecord,
  type App,
} from '@isobase/core'
import { openNodeSqliteFile } from '../sqlite/node-sqlite.js'
import { openTempApp } from './backups.test-util.js'
import {
  pbMigrate,
  pbSuperuserToken,
  pbSuperuserUpsert,
  pocketbaseUnavailable,
  startPocketBase,
  type PocketBaseServer,
} from './pocketbase.test-util.js'
import { POCKETBASE_FIXTURE } from '../test-util/shared-dir.js'

const skip = pocketbaseUnavailable()
const EMAIL = 'interop@example.com'
const PASSWORD = '1234567890'

const NOTES = {
  name: 'notes',
  type: 'base',
  listRule: '',
  viewRule: '',
  fields: [
    { name: 'title', type: 'text' },
    { name: 'doc', type: 'file', maxSelect: 1, maxSize: 1000000 },
  ],
}

/** Creates `notes` and three records (one with a file) through an HTTP API. */
async function seedNotes(
  send: (path: string, init: RequestInit) => Promise<Response>,
  token: string,
): Promise<void> {
  const created = await send('/api/collections', {
    method: 'POST',
    headers: { Authorization: token, 'Content-Type': 'application/json' },
    body: JSON.stringify(NOTES),
  })
  assert.equal(created.status, 200, await created.clone().text())
  for (const title of ['alpha', 'beta', 'gamma']) {
    const form = new FormData()
    form.set('title', title)
    if (title === 'beta') {
      form.set('doc', new File([`content of ${title}`], 'doc.txt', { type: 'text/plain' }))
    }
    const res = await send('/api/collections/notes/records', {
      method: 'POST',
      headers: { Authorization: token },
      body: form,
    })
    assert.equal(res.status, 200, await res.clone().text())
  }
}

/** Checks the seeded notes (titles and the file's content) through an HTTP API. */
async function checkNotes(
  send: (path: string, init?: RequestInit) => Promise<Response>,
): Promise<void> {
  const list = await send('/api/collections/notes/records?sort=title')
  assert.equal(list.status, 200)
  const items = (
    (await list.json()) as {
      items: { id: string; title: string; doc: string; collectionId: string }[]
    }
  ).items
  assert.deepEqual(
    items.map((i) => i.title),
    ['alpha', 'beta', 'gamma'],
  )
  const beta = items[1]!
  assert.match(beta.doc, /^doc_\w+\.txt$/)
  const file = await send(`/api/files/${beta.collectionId}/${beta.id}/${beta.doc}`)
  assert.equal(file.status, 200)
  assert.equal(await file.text(), 'content of beta')
}

async function isobaseAdmin(app: App): Promise<string> {
  const admin = new RecordModel(app.findCachedCollection('_superusers')!)
  admin.load({ email: EMAIL, password: PASSWORD })
  await saveRecord(app, admin)
  return newAuthToken(app, admin)
}

test('an Isobase backup restores into PocketBase (through its restore API)', { skip }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'isobase-interop-'))
  const iso = await openTempApp(join(root, 'iso_data'))
  let pb: PocketBaseServer | undefined
  try {
    const token = await isobaseAdmin(iso.app)
    await seedNotes((p, init) => iso.app.request(p, init), token)
    await createBackup(iso.app, 'from_isobase.zip')

    const pbDir = join(root, 'pb_data')
    pbSuperuserUpsert(pbDir, 'other@example.com', PASSWORD)
    mkdirSync(join(pbDir, 'backups'), { recursive: true })
    copyFileSync(
      join(iso.dir, 'backups', 'from_isobase.zip'),
      join(pbDir, 'backups', 'from_isobase.zip'),
    )
    pb = await startPocketBase(pbDir)
    const pbToken = await pbSuperuserToken(pb, 'other@example.com', PASSWORD)
    const restore = await pb.call('POST', '/api/backups/from_isobase.zip/restore', {
      token: pbToken,
    })
    assert.equal(restore.status, 204, JSON.stringify(restore.json))
    // PocketBase restarts itself; the restored data has Isobase's superuser
    const server = pb
    await server.waitFor(
      async () =>
        (
          await server.call('POST', '/api/collections/_superusers/auth-with-password', {
            body: { identity: EMAIL, password: PASSWORD },
          })
        ).status === 200,
    )
    await checkNotes((p, init) => fetch(server.url + p, init))
  } finally {
    await pb?.stop()
    await iso.app.close()
    rmSync(root, { recursive: true, force: true })
  }
})

test('a PocketBase backup restores into Isobase', { skip }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'isobase-interop-'))
  const pbDir = join(root, 'pb_data')
  let pb: PocketBaseServer | undefined
  const iso = await openTempApp(join(root, 'iso_data'))
  try {
    pbSuperuserUpsert(pbDir, EMAIL, PASSWORD)
    pb = await startPocketBase(pbDir)
    const server = pb
    const token = await pbSuperuserToken(server, EMAIL, PASSWORD)
    await seedNotes((p, init) => fetch(server.url + p, init), token)
    const made = await server.call('POST', '/api/backups', {
      token,
      body: { name: 'from_pocketbase.zip' },
    })
    assert.equal(made.status, 204, JSON.stringify(made.json))
    await pb.stop()
    pb = undefined

    for (const name of readdirSync(join(pbDir, 'backups'))) {
      mkdirSync(join(iso.dir, 'backups'), { recursive: true })
      copyFileSync(join(pbDir, 'backups', name), join(iso.dir, 'backups', name))
    }
    await restoreBackup(iso.app, 'from_pocketbase.zip')
    await checkNotes((p, init) => iso.app.request(p, init))
    const auth = await iso.app.request('/api/collections/_superusers/auth-with-password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identity: EMAIL, password: PASSWORD }),
    })
    assert.equal(auth.status, 200)
  } finally {
    await pb?.stop()
    await iso.app.close()
    rmSync(root, { recursive: true, force: true })
  }
})

async function collectionShape(dataDir: string): Promise<unknown[]> {
  const db = await openNodeSqliteFile(join(dataDir, 'data.db'), { readConnection: false })
  try {
    const rows = await db.all<{ name: string; listRule: string | null; fields: string }>(
      "SELECT name, listRule, fields FROM _collections WHERE system = 0 AND name NOT IN ('users') ORDER BY name",
    )
    return rows.map((r) => ({
      name: r.name,
      listRule: r.listRule,
      fields: (JSON.parse(r.fields) as { name: string; type: string; required?: boolean }[]).map(
        (f) => [f.name, f.type, f.required ?? false],
      ),
    }))
  } finally {
    await db.close()
  }
}

test('automigrate files replay across PocketBase and Isobase, both ways', { skip }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'isobase-interop-'))
  let pb: PocketBaseServer | undefined
  try {
    // PocketBase writes migrations for API changes; Isobase applies them
    const pbMigrations = join(root, 'pb_migrations')
    const pbDir = join(root, 'pb_data')
    pbSuperuserUpsert(pbDir, EMAIL, PASSWORD)
    pb = await startPocketBase(pbDir, pbMigrations)
    const token = await pbSuperuserToken(pb, EMAIL, PASSWORD)
    assert.equal((await pb.call('POST', '/api/collections', { token, body: NOTES })).status, 200)
    const patched = await pb.call('PATCH', '/api/collections/notes', {
      token,
      body: {
        listRule: 'title != ""',
        fields: [...NOTES.fields, { name: 'rank', type: 'number', required: true }],
      },
    })
    assert.equal(patched.status, 200, JSON.stringify(patched.json))
    await pb.stop()
    pb = undefined
    const pbFiles = readdirSync(pbMigrations).sort()
    assert.equal(pbFiles.length, 2)

    const iso = await openTempApp(join(root, 'iso_from_pb'))
    try {
      const sources = pbFiles.map((file) => ({
        file,
        code: readFileSync(join(pbMigrations, file), 'utf8'),
      }))
      assert.deepEqual(await new MigrationsRunner(iso.app, loadJsMigrations(sources)).up(), pbFiles)
    } finally {
      await iso.app.close()
    }
    assert.deepEqual(await collectionShape(join(root, 'iso_from_pb')), await collectionShape(pbDir))

    // Isobase writes migrations for API changes; PocketBase applies them
    const isoMigrations = join(root, 'iso_migrations')
    const iso2 = await openTempApp(join(root, 'iso_data'))
    try {
      const { enableAutomigrate } = await import('../commands/migrate.js')
      enableAutomigrate(iso2.app, isoMigrations)
      const isoToken = await isobaseAdmin(iso2.app)
      const send = (method: string, path: string, body: unknown) =>
        iso2.app.request(path, {
          method,
          headers: { Authorization: isoToken, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      assert.equal((await send('POST', '/api/collections', NOTES)).status, 200)
      assert.equal(
        (
          await send('PATCH', '/api/collections/notes', {
            listRule: 'title != ""',
            fields: [...NOTES.fields, { name: 'rank', type: 'number', required: true }],
          })
        ).status,
        200,
      )
    } finally {
      await iso2.app.close()
    }
    assert.equal(readdirSync(isoMigrations).length, 2)
    const pbFresh = join(root, 'pb_fresh')
    pbMigrate(pbFresh, isoMigrations, ['up'])
    assert.deepEqual(await collectionShape(pbFresh), await collectionShape(join(root, 'iso_data')))
    assert.ok(existsSync(join(pbFresh, 'data.db')))
  } finally {
    await pb?.stop()
    rmSync(root, { recursive: true, force: true })
  }
})

test(
  "a PocketBase collections export (the fixture's) imports into Isobase as into PocketBase",
  { skip },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'isobase-interop-'))
    const pbDir = join(root, 'pb_data')
    let pb: PocketBaseServer | undefined
    const iso = await openTempApp(join(root, 'iso_data'))
    const strip = (c: Record<string, unknown>) => {
      const copy = structuredClone(c)
      delete copy.created
      delete copy.updated
      delete (copy.oauth2 as Record<string, unknown> | undefined)?.providers
      // note: view fields get random `_clone_xxxx` ids on every save, in both
      for (const f of copy.fields as { id: string }[]) {
        if (f.id.startsWith('_clone_')) f.id = '_clone_'
      }
      return copy
    }
    try {
      // what PocketBase's "Export collections" page produces from the fixture
      cpSync(FIXTURE_DIR, pbDir, { recursive: true })
      chmodTree(pbDir)
      pbSuperuserUpsert(pbDir, EMAIL, PASSWORD)
      pb = await startPocketBase(pbDir)
      let pbToken = await pbSuperuserToken(pb, EMAIL, PASSWORD)
      const listed = await pb.call('GET', '/api/collections?perPage=500&sort=created', {
        token: pbToken,
      })
      const exported = (listed.json as { items: Record<string, unknown>[] }).items.map(strip)
      await pb.stop()

      // imported into a fresh PocketBase …
      const freshDir = join(root, 'pb_fresh')
      pbSuperuserUpsert(freshDir, EMAIL, PASSWORD)
      pb = await startPocketBase(freshDir)
      pbToken = await pbSuperuserToken(pb, EMAIL, PASSWORD)
      const pbImport = await pb.call('PUT', '/api/collections/import', {
        token: pbToken,
        body: { collections: exported, deleteMissing: false },
      })
      assert.equal(pbImport.status, 204, JSON.stringify(pbImport.json))
      const pbResult = (
        (await pb.call('GET', '/api/collections?perPage=500', { token: pbToken })).json as {
          items: Record<string, unknown>[]
        }
      ).items.map(strip)
      await pb.stop()
      pb = undefined

      // … and into a fresh Isobase
      const token = await isobaseAdmin(iso.app)
      const res = await iso.app.request('/api/collections/import', {
        method: 'PUT',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ collections: exported, deleteMissing: false }),
      })
      assert.equal(res.status, 204, await res.text())
      const mine = await iso.app.request('/api/collections?perPage=500', {
        headers: { Authorization: token },
      })
      const isoResult = new Map(
        ((await mine.json()) as { items: Record<string, unknown>[] }).items.map((c) => [
          c.id as string,
          strip(c),
        ]),
      )
      assert.equal(isoResult.size, pbResult.length)
      for (const c of pbResult) {
        assert.deepEqual(isoResult.get(c.id as string), c, `collection ${String(c.name)}`)
      }
    } finally {
      await pb?.stop()
      await iso.app.close()
      rmSync(root, { recursive: true, force: true })
    }
  },
)

const FIXTURE_DIR = POCKETBASE_FIXTURE

function chmodTree(dir: string): void {
  chmodSync(dir, 0o755)
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) chmodTree(path)
    else chmodSync(path, 0o644)
  }
}
