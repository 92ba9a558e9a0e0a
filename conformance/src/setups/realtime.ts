// Ports of the BeforeTestFuncs in apis/realtime_test.go. Go registers an in-process client
// (`app.SubscriptionsBroker().Register(client)`) and builds the body with its id; here a real
// client connects over SSE (GET /api/realtime), and its id from PB_CONNECT goes into the same
// body text. Client state Go sets directly is reached through the API: subscriptions and the
// client's auth record by an earlier POST /api/realtime.
// Not ported: #1 and #2 bind OnRealtimeMessageSend hooks that swallow PB_CONNECT (Go code).
import { forIds, TOKENS, trustXTestIp } from './helpers.js'
import type { ScenarioSetup, ServerContext, SetupTable } from './setup-types.js'

const FILE = 'apis/realtime_test.go'
const id = (n: number) => `${FILE}#${n}`

/** Sets the client's subscriptions (and, with a token, its auth record) the way a client does. */
async function subscribe(
  ctx: ServerContext,
  clientId: string,
  subscriptions: string[],
  token?: string,
) {
  const res = await ctx.request('POST', '/api/realtime', {
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: token } : {}) },
    body: JSON.stringify({ clientId, subscriptions }),
  })
  if (res.status !== 204)
    throw new Error(`subscribe answered ${res.status}: ${res.body.toString()}`)
}

type Body = (clientId: string) => string

function existingClient(
  body: Body,
  prepare?: (ctx: ServerContext, clientId: string) => Promise<void>,
): ScenarioSetup {
  return {
    beforeRequest: async (ctx) => {
      const { clientId } = await ctx.openRealtime()
      await prepare?.(ctx, clientId)
      return { body: body(clientId) }
    },
  }
}

const quoted = (n: number) => Array.from({ length: n }, (_, i) => `"${i}"`).join(',')

// the bodies are Go's string literals, whitespace included
const manySubscriptions =
  (n: number): Body =>
  (cid) =>
    `{\n\t\t\t\t"clientId": "${cid}",\n\t\t\t\t"subscriptions": [${quoted(n)}]\n\t\t\t}`
const longTopic =
  (n: number): Body =>
  (cid) =>
    `{\n\t\t\t\t"clientId": "${cid}",\n\t\t\t\t"subscriptions": ["abc", "${'a'.repeat(n)}"]\n\t\t\t}`
const compact =
  (subs: string): Body =>
  (cid) =>
    `{"clientId":"${cid}","subscriptions":[${subs}]}`

const withTest0 = (ctx: ServerContext, cid: string) => subscribe(ctx, cid, ['test0'])
const authAs = (token: string) => (ctx: ServerContext, cid: string) =>
  subscribe(ctx, cid, [], token)

export const REALTIME_SETUPS: SetupTable = {
  // Go also binds a hook that only asserts the client IP is 127.0.0.2 (taken from x-test-ip)
  [id(0)]: { beforeStart: trustXTestIp() },
  [id(5)]: existingClient(manySubscriptions(1001)),
  [id(6)]: existingClient(manySubscriptions(1000), withTest0),
  [id(7)]: existingClient(longTopic(2501)),
  [id(8)]: {
    // the client connects from 127.0.0.1 (no x-test-ip header); the request claims 127.0.0.2
    beforeStart: trustXTestIp(),
    beforeRequest: existingClient(compact('"test"')).beforeRequest,
  },
  [id(9)]: existingClient(longTopic(2500), withTest0),
  [id(10)]: existingClient(compact(''), withTest0),
  [id(11)]: existingClient(compact('"test1", "test2"'), withTest0),
  ...forIds([id(12), id(13)], existingClient(compact('"test1", "test2"'))),
  [id(14)]: existingClient(compact('"test1", "test2"'), authAs(TOKENS.user1)),
  ...forIds([id(15), id(16)], existingClient(compact('"test1", "test2"'), authAs(TOKENS.user2))),
}
