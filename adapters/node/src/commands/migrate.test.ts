import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { newAuthToken, RecordModel, saveRecord } from '@isobase/core'
import { openNodeApp } from '../node-app.js'
import { openNodeSqliteFile } from '../sqlite/node-sqlite.js'
import { enableAutomigrate, migrate, type MigrateOutput } from './migrate.js'

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url))

function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'isobase-migrate-'))
}

function capture(): MigrateOutput & { lines: string[] } {
  const lines: string[] = []
  return { lines, write: (l) => void lines.push(l), confirm: async () => true }
}

const CREATE_TASKS = `migrate((app) => {
  return app.save(new Collection({ name: 'tasks', type: 'base', fields: [{ name: 'title', type: 'text' }] }))
}, (app) => app.delete(app.findCollectionByNameOrId('tasks')))
`

const SEED_TASKS_TS = `interface Seed { title: string }
const seeds: Seed[] = [{ title: 'one' }, { title: 'two' }]
migrate(async (app: any) => {
  const tasks = app.findCollectionByNameOrId('tasks')
  for (const s of seeds) await app.save(new Record(tasks, s))
}, async (app: any) => {
  await app.db().newQuery('DELETE FROM tasks').execute()
})
`

/** Rows of a table in a pb_data's data.db, read without the app. */
async function query(dataDir: string, sql: string): Promise<unknown[]> {
  const db = await openNodeSqliteFile(join(dataDir, 'data.db'), { readConnection: false })
  try {
    return await db.all(sql)
  } finally {
    await db.close()
  }
}

test('migrate up|down|history-sync|create|collections over pb_migrations (JS and TypeScript files)', async () => {
  const root = tempRoot()
  const dir = join(root, 'pb_data')
  const migrationsDir = join(root, 'pb_migrations')
  try {
    mkdirSync(migrationsDir)
    writeFileSync(join(migrationsDir, '1700000000_tasks.js'), CREATE_TASKS)
    writeFileSync(join(migrationsDir, '1700000001_seed.ts'), SEED_TASKS_TS)
    writeFileSync(join(migrationsDir, 'notes.md'), 'not a migration')
    const target = { dir, migrationsDir }

    let out = capture()
    await migrate(target, ['up'], out)
    assert.deepEqual(out.lines, ['Applied 1700000000_tasks.js', 'Applied 1700000001_seed.ts'])
    assert.deepEqual(await query(dir, 'SELECT title FROM tasks ORDER BY title'), [
      { title: 'one' },
      { title: 'two' },
    ])

    out = capture()
    await migrate(target, [], out)
    assert.deepEqual(out.lines, ['No new migrations to apply.'])

    out = capture()
    await migrate(target, ['down'], out)
    assert.deepEqual(out.lines, ['Reverted 1700000001_seed.ts'])
    assert.deepEqual(await query(dir, 'SELECT * FROM tasks'), [])

    out = capture()
    await migrate(target, ['down', '5'], out)
    assert.deepEqual(out.lines, ['Reverted 1700000000_tasks.js'])
    assert.deepEqual(await query(dir, "SELECT name FROM sqlite_master WHERE name = 'tasks'"), [])

    // up again, then a deleted file is forgotten by history-sync
    await migrate(target, ['up'], capture())
    rmSync(join(migrationsDir, '1700000001_seed.ts'))
    out = capture()
    await migrate(target, ['history-sync'], out)
    assert.deepEqual(out.lines, ['The _migrations table was synced with the available migrations.'])
    assert.deepEqual(await query(dir, "SELECT file FROM _migrations WHERE file NOT LIKE '%.go'"), [
      { file: '1700000000_tasks.js' },
    ])

    out = capture()
    await migrate(target, ['create', 'Add more Things'], out)
    const created = readdirSync(migrationsDir).find((f) => f.endsWith('_add_more_things.js'))
    assert.ok(created, readdirSync(migrationsDir).join(','))
    assert.deepEqual(out.lines, [`Successfully created file "${join(migrationsDir, created)}"`])
    assert.match(readFileSync(join(migrationsDir, created), 'utf8'), /\/\/ add up queries\.\.\./)

    out = capture()
    await migrate(target, ['collections'], out)
    const snapshot = readdirSync(migrationsDir).find((f) => f.endsWith('_collections_snapshot.js'))
    assert.ok(snapshot)
    assert.match(readFileSync(join(migrationsDir, snapshot), 'utf8'), /"name": "tasks"/)

    // the snapshot (and the blank file) apply on a fresh data dir and recreate the collections
    const fresh = join(root, 'fresh_data')
    await migrate({ dir: fresh, migrationsDir }, ['up'], capture())
    assert.deepEqual(await query(fresh, "SELECT name FROM _collections WHERE name = 'tasks'"), [
      { name: 'tasks' },
    ])

    await assert.rejects(migrate(target, ['nope'], capture()), /unsupported command: "nope"/)
    await assert.rejects(migrate(target, ['create'], capture()), /missing migration file name/)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 })
  return { status: res.status, stdout: res.stdout, stderr: res.stderr }
}

const badStarts: { name: string; file: string; code: string; error: RegExp }[] = [
  {
    name: 'syntax error',
    file: '1700000005_broken.js',
    code: 'migrate((app) => {',
    error: /^Error: failed to run migration 1700000005_broken\.js: .+$/,
  },
  {
    name: 'failing up',
    file: '1700000005_failing.js',
    code: "migrate((app) => { app.save(new Collection({ name: 'half' })); throw new Error('stop here') })",
    error: /^Error: failed to apply migration 1700000005_failing\.js: stop here$/,
  },
  {
    name: 'TypeScript that does not compile',
    file: '1700000005_types.ts',
    code: 'const x: = 1\nmigrate(() => {})',
    error: /^Error: failed to run migration 1700000005_types\.ts: .+$/,
  },
]

test('a malformed migration stops serve with one clear line and changes nothing', async (t) => {
  const root = tempRoot()
  const dir = join(root, 'pb_data')
  const migrationsDir = join(root, 'pb_migrations')
  try {
    mkdirSync(migrationsDir)
    writeFileSync(join(migrationsDir, '1700000000_tasks.js'), CREATE_TASKS)
    await migrate({ dir, migrationsDir }, ['up'], capture())
    const snapshot = async () => ({
      collections: await query(
        dir,
        'SELECT id, name, fields, updated FROM _collections ORDER BY id',
      ),
      migrations: await query(dir, 'SELECT file, applied FROM _migrations ORDER BY file'),
      tables: await query(dir, 'SELECT name, sql FROM sqlite_master ORDER BY name'),
    })
    const before = await snapshot()
    for (const c of badStarts) {
      await t.test(c.name, async () => {
        writeFileSync(join(migrationsDir, c.file), c.code)
        try {
          const res = runCli([
            'serve',
            '--dir',
            dir,
            '--migrationsDir',
            migrationsDir,
            '--http',
            '127.0.0.1:0',
          ])
          assert.equal(res.status, 1)
          assert.equal(res.stdout, '')
          const lines = res.stderr.trim().split('\n')
          assert.equal(lines.length, 1, res.stderr)
          assert.match(lines[0]!, c.error)
          assert.deepEqual(await snapshot(), before)
          assert.ok(!existsSync(join(dir, 'isobase.lock')), 'the lock is released')
        } finally {
          rmSync(join(migrationsDir, c.file))
        }
      })
    }
    // a malformed file on a brand-new data dir leaves no data dir behind at all
    writeFileSync(join(migrationsDir, '1700000009_broken.js'), 'migrate(')
    const res = runCli([
      'serve',
      '--dir',
      join(root, 'new_data'),
      '--migrationsDir',
      migrationsDir,
      '--http',
      '127.0.0.1:0',
    ])
    assert.equal(res.status, 1)
    assert.ok(!existsSync(join(root, 'new_data')))
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})

test('automigrate writes a migration per API collection change, which migrate up replays elsewhere', async () => {
  const root = tempRoot()
  const migrationsDir = join(root, 'pb_migrations')
  try {
    const node = await openNodeApp({ dir: join(root, 'pb_data') })
    try {
      enableAutomigrate(node.app, migrationsDir)
      const admin = new RecordModel(node.app.findCachedCollection('_superusers')!)
      admin.load({ email: 'admin@example.com', password: '1234567890' })
      await saveRecord(node.app, admin)
      const token = await newAuthToken(node.app, admin)
      const res = await node.app.request('/api/collections', {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: 'Contest',
          type: 'base',
          fields: [{ name: 'title', type: 'text' }],
        }),
      })
      assert.equal(res.status, 200)
    } finally {
      await node.close()
    }
    const files = readdirSync(migrationsDir)
    assert.equal(files.length, 1)
    assert.match(files[0]!, /^\d+_created_Contest_\.js$/) // PocketBase's guard against `_test.js` names
    await migrate({ dir: join(root, 'other_data'), migrationsDir }, ['up'], capture())
    assert.deepEqual(
      await query(join(root, 'other_data'), "SELECT name FROM _collections WHERE name = 'Contest'"),
      [{ name: 'Contest' }],
    )
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})
