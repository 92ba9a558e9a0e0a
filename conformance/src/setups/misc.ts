// Ports of the BeforeTestFuncs in apis/logs_test.go, collection_test.go, batch_test.go,
// cron_test.go and record_crud_superuser_test.go.
// Not ported: the "tx body write check" hooks (collection, settings, collection_import),
// collection_import #4 (OnCollectionCreate hook error), batch #11 (a hook that sleeps),
// cron #2 (`app.Cron().RemoveAll()`) and cron #7 (runs a job registered in Go).
import { generateKeyPairSync } from 'node:crypto'
import { editSettingsBeforeStart, forIds, type StoredSettings } from './helpers.js'
import { mockMultipartData } from './multipart.js'
import type { ScenarioSetup, SetupTable } from './setup-types.js'

const id = (file: string, n: number) => `apis/${file}_test.go#${n}`

/**
 * Go's `tests.StubLogsData`: replaces `_logs` with two known rows. It runs on the live
 * auxiliary.db right before the request, like Go's setup (after the server started), so request
 * logs the server wrote earlier (e.g. for readiness checks) are gone too.
 */
const stubLogs: ScenarioSetup = {
  beforeRequest: async (ctx) => {
    await ctx.sql(
      `DELETE FROM _logs;
      INSERT INTO _logs (id, level, message, data, created, updated) VALUES
        ('873f2133-9f38-44fb-bf82-c8f53b310d91', 0, 'test_message1', '{"status":200}', '2022-05-01 10:00:00.123Z', '2022-05-01 10:00:00.123Z'),
        ('f2133873-44fb-9f38-bf82-c918f53b310d', 8, 'test_message2', '{"status":400}', '2022-05-02 10:00:00.123Z', '2022-05-02 10:00:00.123Z');`,
      'auxiliary',
    )
  },
}

/** Go: `demo1.AddIndex("exist_test", false, "updated", "")`. */
const existTestIndexOnDemo1: ScenarioSetup = {
  shared: true,
  beforeRequest: async (ctx) => {
    await ctx.updateCollection('demo1', (c) => {
      ;(c.indexes as string[]).push('CREATE INDEX `exist_test` ON `demo1` (`updated`)')
    })
  },
}

/** Go sets `app.Settings().Batch.*` in memory; here the stored settings are edited before start. */
function batchSettings(patch: Partial<StoredSettings['batch']>): ScenarioSetup {
  return {
    shared: true,
    beforeStart: (ctx) => editSettingsBeforeStart(ctx, (s) => Object.assign(s.batch, patch)),
  }
}

/** The clients test@example.com token the Go scenario uses. */
const CLIENT1_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6ImdrMzkwcWVnczR5NDd3biIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoidjg1MXE0cjc5MHJoa25sIiwiZXhwIjoyNTI0NjA0NDYxLCJyZWZyZXNoYWJsZSI6dHJ1ZX0.0ONnm_BsvPRZyDNT31GN1CKUB6uQRxvVvQ-Wc9AZfG0'

const BATCH_JSON_PAYLOAD = `{
				"requests":[
					{"method":"POST", "url":"/api/collections/demo3/records", "body": {"title": "batch1"}},
					{"method":"POST", "url":"/api/collections/demo3/records", "body": {"title": "batch2"}},
					{"method":"POST", "url":"/api/collections/demo3/records", "body": {"title": "batch3"}},
					{"method":"PATCH", "url":"/api/collections/demo3/records/lcl9d87w22ml6jy", "body": {"files-": "test_FLurQTgrY8.txt"}}
				]
			}`

const cronJobNote =
  'Go registers a cron job "test" first; this expectation (auth failure, or an unknown job) ' +
  'is decided before any job lookup, so it holds without that job'

/**
 * settings #28: Go generates a P-256 key and sends its PKCS#8 PEM (`%q`-quoted, which for PEM
 * text matches JSON string escaping) in the body.
 */
const appleClientSecretBody: ScenarioSetup = {
  beforeRequest: async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    return {
      body: `{\n\t\t\t\t"clientId": "123",\n\t\t\t\t"teamId": "1234567890",\n\t\t\t\t"keyId": "1234567891",\n\t\t\t\t"privateKey": ${JSON.stringify(pem)},\n\t\t\t\t"duration": 1\n\t\t\t}`,
    }
  },
}

export const MISC_SETUPS: SetupTable = {
  [id('settings', 28)]: appleClientSecretBody,

  ...forIds(
    [2, 3, 6, 7, 10, 11].map((n) => id('logs', n)),
    stubLogs,
  ),

  [id('collection', 35)]: existTestIndexOnDemo1,
  [id('collection', 51)]: existTestIndexOnDemo1,

  [id('batch', 0)]: batchSettings({ enabled: false }),
  [id('batch', 1)]: batchSettings({ enabled: true, maxRequests: 2 }),
  [id('batch', 2)]: batchSettings({ enabled: true, maxRequests: 100 }),
  [id('batch', 12)]: {
    beforeRequest: async () => {
      const { body, contentType } = mockMultipartData(
        { '@jsonPayload': BATCH_JSON_PAYLOAD },
        'requests.0.files',
        'requests.0.files',
        'requests.0.files',
        'requests[2].files',
      )
      return { body, headers: { Authorization: CLIENT1_TOKEN, 'Content-Type': contentType } }
    },
  },
  [id('batch', 14)]: batchSettings({ maxBodySize: 10 }),

  ...forIds(
    [4, 5, 6].map((n) => id('cron', n)),
    { partial: cronJobNote },
  ),

  [id('record_crud_superuser', 9)]: {
    // Go deletes every other superuser first
    beforeRequest: async (ctx) => {
      const list = (await ctx.api('GET', '/api/collections/_superusers/records?perPage=500'))
        .json as {
        items: Array<{ id: string }>
      }
      for (const su of list.items) {
        if (su.id !== 'sywbhecnh46rhm0') {
          await ctx.api('DELETE', `/api/collections/_superusers/records/${su.id}`)
        }
      }
    },
  },
}
