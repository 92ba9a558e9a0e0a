// Ports of the BeforeTestFuncs (and non-literal expectations) in apis/file_test.go.
// Not ported: #3 binds an OnFileTokenRequest hook that overwrites the token (Go code).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { forIds, rateLimits, trustXTestIp } from './helpers.js'
import type { ScenarioSetup, SetupTable } from './setup-types.js'

const FILE = 'apis/file_test.go'
const id = (n: number) => `${FILE}#${n}`

const USER_FILES = 'storage/_pb_users_auth_/4q1xlclmfloku33'

/**
 * Go compares the body with `string(os.ReadFile("tests/data/<path>"))`. The bytes are read from
 * the pristine fixture, which is a byte-for-byte copy of `tests/data`. The Go hooks bound here
 * only assert whether a thumb error happened; they do not change the response.
 */
function expectFixtureFile(path: string): ScenarioSetup {
  return {
    beforeRequest: async (ctx) => ({
      expectedContent: [new Uint8Array(await readFile(join(ctx.fixtureDir, path)))],
    }),
  }
}

const thumb = (size: string) =>
  expectFixtureFile(`${USER_FILES}/thumbs_300_1SEi6Q6U72.png/${size}_300_1SEi6Q6U72.png`)

function demo1ViewRule(rule: string): ScenarioSetup {
  return {
    shared: true,
    beforeRequest: async (ctx) => {
      await ctx.updateCollection('demo1', (c) => void (c.viewRule = rule))
    },
  }
}

export const FILE_SETUPS: SetupTable = {
  ...forIds([id(7), id(8)], expectFixtureFile(`${USER_FILES}/300_1SEi6Q6U72.png`)),
  [id(9)]: thumb('70x50'),
  [id(10)]: thumb('70x50t'),
  [id(11)]: thumb('70x50b'),
  [id(12)]: thumb('70x50f'),
  [id(13)]: thumb('0x50'),
  [id(14)]: thumb('70x0'),
  [id(15)]: expectFixtureFile('storage/_pb_users_auth_/oap640cot4yru2s/test_kfd2wYLxkz.txt'),
  [id(18)]: { shared: true, beforeStart: trustXTestIp(['0.0.0.0']) },
  [id(19)]: { shared: true, beforeStart: trustXTestIp(['127.0.0.1']) },
  [id(21)]: demo1ViewRule(''),
  [id(22)]: demo1ViewRule('@request.auth.verified = true'),
  [id(23)]: demo1ViewRule('@request.auth.verified = false'),
  [id(26)]: rateLimits([
    ['abc', 100],
    ['*:file', 100],
    ['users:file', 0],
  ]),
  [id(27)]: rateLimits([
    ['abc', 100],
    ['*:file', 0],
  ]),
}
