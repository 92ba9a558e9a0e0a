import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { strToU8, zipSync } from 'fflate'
import { newAuthToken, newFileToken, RecordModel, saveRecord, type App } from '@isobase/core'
import { openTempApp } from './backups.test-util.js'

async function superuser(
  app: App,
  email = 'admin@example.com',
): Promise<{ token: string; fileToken: string }> {
  const record = new RecordModel(app.findCachedCollection('_superusers')!)
  record.load({ email, password: '1234567890' })
  await saveRecord(app, record)
  return { token: await newAuthToken(app, record), fileToken: await newFileToken(app, record) }
}

function api(app: App, token: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> => {
    const res = await app.request(path, {
      method,
      headers: {
        Authorization: token,
        ...(body !== undefined && !(body instanceof FormData)
          ? { 'Content-Type': 'application/json' }
          : {}),
      },
      ...(body === undefined
        ? {}
        : { body: body instanceof FormData ? body : JSON.stringify(body) }),
    })
    const text = await res.text()
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null }
  }
}

test('backups API: create, list, download with a superuser file token, upload, delete', async () => {
  const t = await openTempApp()
  try {
    const { token, fileToken } = await superuser(t.app)
    const call = api(t.app, token)

    assert.deepEqual(await call('GET', '/api/backups'), { status: 200, json: [] })
    assert.equal((await call('POST', '/api/backups', {})).status, 204)
    assert.equal((await call('POST', '/api/backups', { name: 'mine.zip' })).status, 204)
    const dup = await call('POST', '/api/backups', { name: 'mine.zip' })
    assert.equal(dup.status, 400)
    assert.deepEqual((dup.json as { data: unknown }).data, {
      name: {
        code: 'validation_backup_name_exists',
        message: 'The backup file name is invalid or already exists.',
      },
    })

    const list = (await call('GET', '/api/backups')).json as {
      key: string
      size: number
      modified: string
    }[]
    assert.equal(list.length, 2)
    assert.match(list[1]!.key, /^pb_backup_acme_\d{14}\.zip$/)
    assert.equal(list[0]!.key, 'mine.zip')
    assert.match(list[0]!.modified, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z$/)
    assert.equal(list[0]!.size, readFileSync(join(t.dir, 'backups', 'mine.zip')).length)

    // downloads need a superuser FILE token in the query
    const download = await t.app.request(`/api/backups/mine.zip?token=${fileToken}`)
    assert.equal(download.status, 200)
    assert.equal(download.headers.get('content-disposition'), 'attachment; filename=mine.zip')
    assert.deepEqual(
      new Uint8Array(await download.arrayBuffer()),
      new Uint8Array(readFileSync(join(t.dir, 'backups', 'mine.zip'))),
    )
    for (const bad of [`?token=${token}`, '', '?token=abc']) {
      const res = await t.app.request(`/api/backups/mine.zip${bad}`, {
        headers: { Authorization: token },
      })
      assert.equal(res.status, 403)
      assert.equal(
        ((await res.json()) as { message: string }).message,
        'Insufficient permissions to access the resource.',
      )
    }
    assert.equal((await t.app.request(`/api/backups/missing.zip?token=${fileToken}`)).status, 404)

    // uploads: zip content only, unique names
    const form = (name: string, bytes: Uint8Array) => {
      const f = new FormData()
      f.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name))
      return f
    }
    const zip = zipSync({ 'data.db': strToU8('x') })
    assert.equal((await call('POST', '/api/backups/upload', form('up.zip', zip))).status, 204)
    const again = await call('POST', '/api/backups/upload', form('up.zip', zip))
    assert.equal(again.status, 400)
    assert.equal(
      (again.json as { data: { file: { code: string } } }).data.file.code,
      'validation_backup_name_exists',
    )
    const notZip = await call(
      'POST',
      '/api/backups/upload',
      form('text.zip', strToU8('plain text')),
    )
    assert.equal(notZip.status, 400)
    assert.equal(
      (notZip.json as { data: { file: { code: string } } }).data.file.code,
      'validation_invalid_mime_type',
    )

    assert.equal((await call('DELETE', '/api/backups/up.zip')).status, 204)
    assert.equal((await call('DELETE', '/api/backups/up.zip')).status, 400)
    assert.deepEqual(
      ((await call('GET', '/api/backups')).json as { key: string }[]).map((b) => b.key).sort(),
      ['mine.zip', list[1]!.key].sort(),
    )
  } finally {
    await t.close()
  }
})

test('restore through the API answers 204, refuses other backups meanwhile, then serves the restored data', async () => {
  const t = await openTempApp()
  try {
    const { token } = await superuser(t.app)
    const call = api(t.app, token)
    await t.app.db().exec("CREATE TABLE marks (v TEXT); INSERT INTO marks VALUES ('before')")
    assert.equal((await call('POST', '/api/backups', { name: 'snap.zip' })).status, 204)
    await t.app.db().exec("UPDATE marks SET v = 'after'")

    assert.equal((await call('POST', '/api/backups/missing.zip/restore')).status, 400)
    assert.equal((await call('POST', '/api/backups/snap.zip/restore')).status, 204)
    const busy = await call('POST', '/api/backups', {})
    assert.equal(busy.status, 400)
    assert.equal(
      (busy.json as { message: string }).message,
      'Try again later - another backup/restore process has already been started.',
    )
    assert.equal((await call('DELETE', '/api/backups/snap.zip')).status, 400)
    assert.deepEqual((await call('GET', '/api/health')).json, {
      message: 'API is healthy.',
      code: 200,
      data: { canBackup: false, realIP: '127.0.0.1', possibleProxyHeader: '' },
    })

    for (let i = 0; i < 100; i++) {
      const health = (await call('GET', '/api/health')).json as { data: { canBackup: boolean } }
      if (health.data.canBackup) break
      await new Promise((r) => setTimeout(r, 50))
    }
    assert.deepEqual(await t.app.db().all('SELECT v FROM marks'), [{ v: 'before' }])
    // the superuser (and its token) came back with the data
    assert.equal((await call('GET', '/api/backups')).status, 200)
  } finally {
    await t.close()
  }
})

test('__pbAutoBackup__ follows the backups settings and keeps the newest cronMaxKeep backups', async () => {
  const t = await openTempApp()
  try {
    const { token } = await superuser(t.app)
    const call = api(t.app, token)
    const jobs = async () =>
      ((await call('GET', '/api/crons')).json as { id: string; expression: string }[]).filter(
        (j) => j.id === '__pbAutoBackup__',
      )

    assert.deepEqual(await jobs(), [])
    assert.equal(
      (await call('PATCH', '/api/settings', { backups: { cron: '0 3 * * *', cronMaxKeep: 2 } }))
        .status,
      200,
    )
    assert.deepEqual(await jobs(), [{ id: '__pbAutoBackup__', expression: '0 3 * * *' }])

    const job = t.app.cron.jobs().find((j) => j.id === '__pbAutoBackup__')!
    let clock = Date.UTC(2030, 0, 1, 3, 0, 0)
    const realNow = t.app.now.bind(t.app)
    t.app.now = () => new Date(clock)
    try {
      for (let i = 0; i < 3; i++) {
        await job.run()
        clock += 1000
      }
    } finally {
      t.app.now = realNow
    }
    const names = ((await call('GET', '/api/backups')).json as { key: string }[])
      .map((b) => b.key)
      .sort()
    assert.equal(names.length, 2)
    assert.ok(
      names.every((n) => /^@auto_pb_backup_acme_2030010103000[12]\.zip$/.test(n)),
      names.join(),
    )

    assert.equal((await call('PATCH', '/api/settings', { backups: { cron: '' } })).status, 200)
    assert.deepEqual(await jobs(), [])
  } finally {
    await t.close()
  }
})

test('a restore keeps the HTTP server: requests during the in-place restart wait and succeed', async () => {
  const t = await openTempApp()
  const { startServer } = await import('../server.js')
  const server = await startServer(t.app, '127.0.0.1', 0)
  try {
    const { token } = await superuser(t.app)
    await t.app.db().exec("CREATE TABLE marks (v TEXT); INSERT INTO marks VALUES ('before')")
    const post = (path: string, body?: unknown) =>
      fetch(server.url + path, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      })
    assert.equal((await post('/api/backups', { name: 'snap.zip' })).status, 204)
    await t.app.db().exec("UPDATE marks SET v = 'after'")
    assert.equal((await post('/api/backups/snap.zip/restore')).status, 204)

    // keep asking while the restore runs (it starts after a 1 s delay and reopens the app)
    const statuses: number[] = []
    let restored = false
    while (!restored) {
      const res = await fetch(`${server.url}/api/collections/_superusers/records?perPage=1`, {
        headers: { Authorization: token },
      })
      statuses.push(res.status)
      await res.arrayBuffer()
      const health = (await (
        await fetch(`${server.url}/api/health`, { headers: { Authorization: token } })
      ).json()) as {
        data: { canBackup: boolean }
      }
      restored = health.data.canBackup
    }
    assert.deepEqual(new Set(statuses), new Set([200]))
    assert.deepEqual(await t.app.db().all('SELECT v FROM marks'), [{ v: 'before' }])
  } finally {
    await server.close(100)
    await t.close()
  }
})

test('a large upload over HTTP is streamed into pb_data/backups intact', async () => {
  const t = await openTempApp()
  const { startServer } = await import('../server.js')
  const server = await startServer(t.app, '127.0.0.1', 0)
  try {
    const { token } = await superuser(t.app)
    const noise = new Uint8Array(6 * 1024 * 1024)
    for (let i = 0; i < noise.length; i += 65536)
      crypto.getRandomValues(noise.subarray(i, i + 65536))
    const zip = zipSync({ 'data.db': [noise, { level: 0 }] })
    const form = new FormData()
    form.set('file', new File([zip as Uint8Array<ArrayBuffer>], 'big.zip'))
    const res = await fetch(`${server.url}/api/backups/upload`, {
      method: 'POST',
      headers: { Authorization: token },
      body: form,
    })
    assert.equal(res.status, 204, await res.text())
    assert.deepEqual(new Uint8Array(readFileSync(join(t.dir, 'backups', 'big.zip'))), zip)
    assert.equal(
      JSON.parse(readFileSync(join(t.dir, 'backups', 'big.zip.attrs'), 'utf8'))[
        'user.content_type'
      ],
      'application/zip',
    )
  } finally {
    await server.close(100)
    await t.close()
  }
})
