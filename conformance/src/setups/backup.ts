// Ports of the BeforeTestFuncs (and Go-built upload bodies) in apis/backup_test.go.
// Not ported: #6, #32 and #38 mark a backup as running with `app.Store().Set(core.StoreKeyActiveBackup, ...)`,
// an in-memory flag with no HTTP equivalent.
import { copyFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { forIds, SUPERUSER_TOKEN, TOKENS } from './helpers.js'
import { multipartBody } from './multipart.js'
import type { ScenarioSetup, ServerContext, SetupTable } from './setup-types.js'

const FILE = 'apis/backup_test.go'
const id = (n: number) => `${FILE}#${n}`

/** Go's `apis.DefaultMaxBodySize` (32 MiB). */
const DEFAULT_MAX_BODY_SIZE = 32 << 20

/** An empty zip archive (Go's `zip.NewWriter(...).Close()`): just the end-of-central-directory record. */
const EMPTY_ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)])

/**
 * Go's `createTestBackups`: `app.CreateBackup` for test1.zip, test2.zip, test3.zip and @test4.zip.
 * The first three are made through `POST /api/backups`. The API rejects "@test4.zip" as a name
 * (Go calls CreateBackup directly), so it is a copy of test3.zip, with its `.attrs` sidecar,
 * placed beside the others in `pb_data/backups`.
 */
async function createTestBackups(ctx: ServerContext): Promise<void> {
  for (const name of ['test1.zip', 'test2.zip', 'test3.zip']) {
    await ctx.api('POST', '/api/backups', { name })
  }
  const dir = join(ctx.dataDir, 'backups')
  await copyFile(join(dir, 'test3.zip'), join(dir, '@test4.zip'))
  if (existsSync(join(dir, 'test3.zip.attrs'))) {
    await copyFile(join(dir, 'test3.zip.attrs'), join(dir, '@test4.zip.attrs'))
  }
}

const withTestBackups: ScenarioSetup = { shared: true, beforeRequest: createTestBackups }

/** createTestBackups, then `TrustedProxy = {Headers: ["x-test-ip"]}` and the superuser IP list. */
function withTestBackupsAndSuperuserIPs(ips: string[]): ScenarioSetup {
  return {
    beforeRequest: async (ctx) => {
      await createTestBackups(ctx)
      await ctx.updateSettings({ trustedProxy: { headers: ['x-test-ip'] }, superuserIPs: ips })
    },
  }
}

/** The upload form: an empty zip in the "file" field, named "test". */
function uploadBody(headers: Record<string, string> = {}): ScenarioSetup['beforeRequest'] {
  return async () => {
    const { body, contentType } = multipartBody([
      { name: 'file', filename: 'test', content: EMPTY_ZIP },
    ])
    return { body, headers: { 'Content-Type': contentType, ...headers } }
  }
}

export const BACKUP_SETUPS: SetupTable = {
  ...forIds(
    [0, 1, 3, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 29, 30, 31, 34, 35, 36, 37].map(id),
    withTestBackups,
  ),
  [id(33)]: {
    ...withTestBackups,
    partial:
      'Go also marks "new.zip" as the running backup (in-memory store); a running backup with ' +
      'another name does not block this delete, so the answer is the same without the marker',
  },
  [id(27)]: withTestBackupsAndSuperuserIPs(['127.0.0.1']),
  [id(28)]: withTestBackupsAndSuperuserIPs(['0.0.0.0']),

  [id(10)]: { beforeRequest: uploadBody() },
  [id(11)]: { beforeRequest: uploadBody({ Authorization: TOKENS.user1 }) },
  [id(13)]: {
    // a dummy backup file named "test" already exists
    beforeStart: (ctx) => ctx.writeFile('backups/test', '123'),
    beforeRequest: uploadBody({ Authorization: SUPERUSER_TOKEN }),
  },
  [id(14)]: { beforeRequest: uploadBody({ Authorization: SUPERUSER_TOKEN }) },
  [id(15)]: { beforeRequest: async () => ({ body: new Uint8Array(DEFAULT_MAX_BODY_SIZE + 100) }) },
}
