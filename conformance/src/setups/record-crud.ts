// Ports of the BeforeTestFuncs (and Go-built bodies) in apis/record_crud_test.go.
// Not ported: #21 #43 #64 #89 #125 bind request hooks that wrap the handler in a transaction and
// then fail with "TX_ERROR" (Go code inside the server; no HTTP equivalent).
import { forIds, hideField, rateLimits, SUPERUSER_TOKEN } from './helpers.js'
import { mockMultipartData } from './multipart.js'
import type { ScenarioSetup, SetupTable, ServerContext } from './setup-types.js'

const FILE = 'apis/record_crud_test.go'
const id = (n: number) => `${FILE}#${n}`

/** Go's `router.JSONPayloadKey`. */
const JSON_PAYLOAD_KEY = '@jsonPayload'

/** Go's `apis.DefaultMaxBodySize` (32 MiB). */
const DEFAULT_MAX_BODY_SIZE = 32 << 20

function setRule(rule: 'createRule' | 'updateRule', value: string) {
  return (ctx: ServerContext) => ctx.updateCollection('demo3', (c) => void (c[rule] = value))
}

/** A multipart body from `tests.MockMultipartData`, plus the scenario's own headers. */
function multipart(data: Record<string, string>, headers: Record<string, string> = {}) {
  const { body, contentType } = mockMultipartData(data, 'files')
  return { body, headers: { 'Content-Type': contentType, ...headers } }
}

/** demo1: file_one maxSize 5, file_many maxSize 10 / maxSelect 2, json maxSize 2. */
const shrinkDemo1Limits = (bodySize: number): ScenarioSetup => ({
  beforeRequest: async (ctx) => {
    await ctx.updateCollection('demo1', (c) => {
      const field = (name: string) => {
        const f = c.fields.find((x) => x.name === name)
        if (!f) throw new Error(`demo1 has no ${name} field`)
        return f
      }
      field('file_one').maxSize = 5
      Object.assign(field('file_many'), { maxSize: 10, maxSelect: 2 })
      field('json').maxSize = 2
    })
    // note: "the exact body doesn't matter": Go sends this many zero bytes
    return { body: new Uint8Array(bodySize) }
  },
})

/** Three extra `_authOrigins` for nologin/dc49k6jgejn40h3 (fingerprints abc_0..abc_2). */
const dummyAuthOrigins: ScenarioSetup = {
  beforeRequest: async (ctx) => {
    for (let i = 0; i < 3; i++) {
      await ctx.api('POST', '/api/collections/_authOrigins/records', {
        collectionRef: 'kpv709sk2lqbqk8',
        recordRef: 'dc49k6jgejn40h3',
        fingerprint: `abc_${i}`,
      })
    }
  },
}

export const RECORD_CRUD_SETUPS: SetupTable = {
  [id(14)]: hideField('demo3', 'title', { listRule: "title ~ 'test'" }),
  ...forIds([id(15), id(16), id(103), id(104), id(139), id(140)], hideField('demo3', 'title')),

  [id(31)]: rateLimits([
    ['abc', 100],
    ['*:list', 100],
    ['view2:list', 0],
  ]),
  [id(32)]: rateLimits([
    ['abc', 100],
    ['*:list', 0],
  ]),
  [id(53)]: rateLimits([
    ['abc', 100],
    ['*:view', 100],
    ['numeric_id_view:view', 0],
  ]),
  [id(54)]: rateLimits([
    ['abc', 100],
    ['*:view', 0],
  ]),
  [id(71)]: rateLimits([
    ['abc', 100],
    ['*:delete', 100],
    ['demo5:delete', 0],
  ]),
  [id(72)]: rateLimits([
    ['abc', 100],
    ['*:delete', 0],
  ]),
  [id(105)]: rateLimits([
    ['abc', 100],
    ['*:create', 100],
    ['demo2:create', 0],
  ]),
  [id(106)]: rateLimits([
    ['abc', 100],
    ['*:create', 0],
  ]),
  [id(141)]: rateLimits([
    ['abc', 100],
    ['*:update', 100],
    ['demo2:update', 0],
  ]),
  [id(142)]: rateLimits([
    ['abc', 100],
    ['*:update', 0],
  ]),

  // create
  [id(85)]: {
    beforeRequest: async () =>
      multipart({ title: 'title_test' }, { Authorization: SUPERUSER_TOKEN }),
  },
  [id(86)]: {
    beforeRequest: async (ctx) => {
      await setRule('createRule', '@request.body.testPayload != 123')(ctx)
      return multipart({ [JSON_PAYLOAD_KEY]: '{"title": "title_test2", "testPayload": 123}' })
    },
  },
  [id(87)]: {
    beforeRequest: async (ctx) => {
      await setRule('createRule', '@request.body.testPayload = 123')(ctx)
      return multipart({ [JSON_PAYLOAD_KEY]: '{"title": "title_test3", "testPayload": 123}' })
    },
  },
  [id(107)]: shrinkDemo1Limits(DEFAULT_MAX_BODY_SIZE + 5 + 20 + 2 + 1),
  [id(108)]: shrinkDemo1Limits(DEFAULT_MAX_BODY_SIZE + 5 + 20 + 2),

  // update
  [id(122)]: {
    beforeRequest: async () =>
      multipart({ title: 'title_test' }, { Authorization: SUPERUSER_TOKEN }),
  },
  [id(123)]: {
    beforeRequest: async (ctx) => {
      await setRule('updateRule', '@request.body.testPayload != 123')(ctx)
      return multipart({ [JSON_PAYLOAD_KEY]: '{"title": "title_test2", "testPayload": 123}' })
    },
  },
  [id(124)]: {
    beforeRequest: async (ctx) => {
      await setRule('updateRule', '@request.body.testPayload = 123')(ctx)
      return multipart({
        [JSON_PAYLOAD_KEY]:
          '{"title": "title_test3", "testPayload": 123, "files":"300_JdfBOieXAW.png"}',
      })
    },
  },
  [id(137)]: dummyAuthOrigins,
  [id(138)]: dummyAuthOrigins,
  [id(143)]: shrinkDemo1Limits(DEFAULT_MAX_BODY_SIZE + 5 + 20 + 2 + 1),
  [id(144)]: shrinkDemo1Limits(DEFAULT_MAX_BODY_SIZE + 5 + 20 + 2),
}
