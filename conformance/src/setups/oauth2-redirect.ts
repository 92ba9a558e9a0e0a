// Ports of the BeforeTestFuncs in apis/record_auth_with_oauth2_redirect_test.go. Go registers
// five in-process realtime clients per scenario (c1: no subscriptions, c2: @oauth2,
// c3: test1 + @oauth2, c4: test1 + test2, c5: @oauth2 then discarded) and puts a client id in
// the URL or form body; here the clients are real SSE connections with the same subscriptions.
// The status (307/303, empty body) is all a replay checks; where the redirect goes and which
// client got the message are AfterTestFunc checks.
import { randomBytes } from 'node:crypto'
import { trustXTestIp } from './helpers.js'
import type { ScenarioSetup, ServerContext, SetupTable } from './setup-types.js'

const FILE = 'apis/record_auth_with_oauth2_redirect_test.go'
const id = (n: number) => `${FILE}#${n}`

type Clients = Record<'c1' | 'c2' | 'c3' | 'c4' | 'c5', string>

async function registerClients(ctx: ServerContext): Promise<Clients> {
  const subs: Record<keyof Clients, string[]> = {
    c1: [],
    c2: ['@oauth2'],
    c3: ['test1', '@oauth2'],
    c4: ['test1', 'test2'],
    c5: ['@oauth2'],
  }
  const ids = {} as Clients
  for (const name of Object.keys(subs) as Array<keyof Clients>) {
    const client = await ctx.openRealtime()
    ids[name] = client.clientId
    if (subs[name].length) {
      const res = await ctx.request('POST', '/api/realtime', {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientId: client.clientId, subscriptions: subs[name] }),
      })
      if (res.status !== 204) throw new Error(`subscribe answered ${res.status}`)
    }
    // note: Go discards c5 (closes its channel) but leaves it registered; closing the connection
    // unregisters it, so the server sees an unknown client. Both end in a failure redirect.
    if (name === 'c5') client.close()
  }
  return ids
}

/** Go's `url.QueryEscape` (space → "+", everything but A-Z a-z 0-9 - _ . ~ escaped). */
function goQueryEscape(s: string): string {
  return Array.from(new TextEncoder().encode(s), (b) => {
    const c = String.fromCharCode(b)
    if (/[A-Za-z0-9\-_.~]/.test(c)) return c
    if (c === ' ') return '+'
    return `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  }).join('')
}

/** Go's `url.Values{...}.Encode()`: keys sorted, values query-escaped. */
function goFormEncode(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((k) => `${goQueryEscape(k)}=${goQueryEscape(values[k]!)}`)
    .join('&')
}

function withClients(
  patch?: (ids: Clients) => { url?: string; body?: string },
  partial?: string,
): ScenarioSetup {
  return {
    partial,
    beforeRequest: async (ctx) => {
      const ids = await registerClients(ctx)
      return patch?.(ids)
    },
  }
}

const appleName = `{"name":{"firstName":"aaa","lastName":"${'b'.repeat(200)}"}}`

export const OAUTH2_REDIRECT_SETUPS: SetupTable = {
  [id(0)]: withClients(),
  [id(1)]: withClients(),
  [id(2)]: withClients((c) => ({ url: `/api/oauth2-redirect?state=${c.c3}` })),
  [id(3)]: withClients((c) => ({
    url: `/api/oauth2-redirect?error=example&code=123&state=${c.c3}`,
  })),
  [id(4)]: withClients(
    (c) => ({ url: `/api/oauth2-redirect?code=123&state=${c.c5}` }),
    'the discarded client is unregistered rather than discarded-but-registered (see registerClients)',
  ),
  // note: Go passes the c4 id of another scenario's clients, i.e. an id this server never saw
  [id(5)]: withClients(() => ({
    url: `/api/oauth2-redirect?code=123&state=${randomBytes(20).toString('hex')}`,
  })),
  [id(6)]: withClients((c) => ({ url: `/api/oauth2-redirect?code=123&state=${c.c3}` })),
  [id(7)]: withClients((c) => ({ body: `code=123&state=${c.c3}` })),
  [id(8)]: withClients((c) => ({
    body: goFormEncode({ code: 'a'.repeat(986), state: c.c3, user: appleName }),
  })),
  [id(9)]: withClients((c) => ({
    body: goFormEncode({ code: 'a'.repeat(985), state: c.c3, user: appleName }),
  })),
  [id(10)]: {
    // the clients connect from 127.0.0.1; the request claims 127.0.0.2 through x-test-ip
    beforeStart: trustXTestIp(),
    beforeRequest: async (ctx) => {
      const ids = await registerClients(ctx)
      return { url: `/api/oauth2-redirect?code=123&state=${ids.c3}` }
    },
  },
}
