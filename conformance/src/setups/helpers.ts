// Building blocks shared by the ported BeforeTestFuncs. Everything here acts either through the
// server's HTTP API or on the data dir copy before the server starts; nothing depends on the
// target's implementation.
import type { DataDirAccess, ScenarioSetup, SetupTable } from './setup-types.js'
import { sqlString } from './sqlite-cli.js'

export { SUPERUSER_TOKEN } from './sqlite-cli.js'

/** Fixture auth tokens (HS256, valid until 2049). */
export const TOKENS = {
  /** users / test@example.com (4q1xlclmfloku33) */
  user1:
    'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IjRxMXhsY2xtZmxva3UzMyIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoiX3BiX3VzZXJzX2F1dGhfIiwiZXhwIjoyNTI0NjA0NDYxLCJyZWZyZXNoYWJsZSI6dHJ1ZX0.ZT3F0Z3iM-xbGgSG3LEKiEzHrPHr8t8IuHLZGGNuxLo',
  /** users / test2@example.com (oap640cot4yru2s) */
  user2:
    'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6Im9hcDY0MGNvdDR5cnUycyIsInR5cGUiOiJhdXRoIiwiY29sbGVjdGlvbklkIjoiX3BiX3VzZXJzX2F1dGhfIiwiZXhwIjoyNTI0NjA0NDYxLCJyZWZyZXNoYWJsZSI6dHJ1ZX0.GfJo6EHIobgas_AXt-M-tj5IoQendPnrkMSe9ExuSEY',
} as const

/** Fixture ids used by the Go setups. */
export const IDS = {
  usersCollection: '_pb_users_auth_',
  clientsCollection: 'v851q4r790rhknl',
  nologinCollection: 'kpv709sk2lqbqk8',
  superusersCollection: 'pbc_3142635823',
  /** users test@example.com */
  user1: '4q1xlclmfloku33',
  /** users test2@example.com */
  user2: 'oap640cot4yru2s',
  /** clients test@example.com */
  client1: 'gk390qegs4y47wn',
  /** _superusers test2@ / test3@ */
  superuser2: 'sbmbsdb40jyxf7h',
  superuser3: '9q2trqumvlyr3bd',
} as const

/**
 * bcrypt hashes (cost 10) of the passwords the Go setups give to OTPs, made once with bcryptjs.
 * Go's `SetPassword` salts randomly too, so any valid hash of the same password is equivalent.
 */
export const BCRYPT = {
  test123: '$2a$10$98nfgM72uzwogZED5LtgFOLuCEJ8.XFcNWUpbCqBwpwlLpbdR934O',
  '123456': '$2a$10$pDviz02PbkRgWSCz7j.S6OQRY1ZlDP//NsT3Hfnw2ugm7grc/KXCS',
  '1234567890': '$2a$10$tP/iHutV7Ic.326X.Llf1Ohf/InhmKPhXjPLWUaCShFRKO9dKmgZ6',
} as const

/** PocketBase's stored datetime format: `2006-01-02 15:04:05.000Z` (UTC). */
export function pbDate(d: Date): string {
  return d.toISOString().replace('T', ' ')
}

/** `now + ms` as a PocketBase datetime. */
export function pbDateFromNow(ms: number): string {
  return pbDate(new Date(Date.now() + ms))
}

/** The same setup for several scenario ids. */
export function forIds(ids: readonly string[], setup: ScenarioSetup): SetupTable {
  return Object.fromEntries(ids.map((id) => [id, setup]))
}

/** Application settings as stored in `_params` (only the parts setups touch are typed). */
export interface StoredSettings {
  rateLimits: { enabled: boolean; rules: RateLimitRule[]; [k: string]: unknown }
  trustedProxy: { headers: string[]; useLeftmostIP: boolean }
  superuserIPs: string[]
  batch: { enabled: boolean; maxRequests: number; timeout: number; maxBodySize: number }
  [k: string]: unknown
}

/** One rate limit rule exactly as Go's `core.RateLimitRule` serialises it. */
export interface RateLimitRule {
  label: string
  audience: string
  duration: number
  maxRequests: number
}

/**
 * Edits the stored settings before the server starts. Go setups change `app.Settings()` in
 * memory (sometimes with values the settings API would reject, e.g. `maxRequests: 0`); a
 * pre-start edit of `_params` gives the server the same settings when it loads them.
 */
export async function editSettingsBeforeStart(
  ctx: DataDirAccess,
  mutate: (settings: StoredSettings) => void,
): Promise<void> {
  const rows = await ctx.query<{ v: string }>(
    "SELECT CAST(value AS TEXT) AS v FROM _params WHERE id = 'settings'",
  )
  if (rows.length !== 1) throw new Error('no settings row in _params')
  const settings = JSON.parse(rows[0]!.v) as StoredSettings
  mutate(settings)
  await ctx.sql(
    `UPDATE _params SET value = CAST(${sqlString(JSON.stringify(settings))} AS BLOB) WHERE id = 'settings';`,
  )
}

/**
 * Go: `app.Settings().RateLimits.Enabled = true; ...Rules = [{MaxRequests, Label}, ...]` (the
 * unset `Duration` and `Audience` stay 0 and "").
 */
export function rateLimits(
  rules: ReadonlyArray<[label: string, maxRequests: number]>,
): ScenarioSetup {
  return {
    shared: true,
    beforeStart: (ctx) =>
      editSettingsBeforeStart(ctx, (s) => {
        s.rateLimits.enabled = true
        s.rateLimits.rules = rules.map(([label, maxRequests]) => ({
          label,
          audience: '',
          duration: 0,
          maxRequests,
        }))
      }),
  }
}

/** Go: `app.Settings().TrustedProxy = {Headers: ["x-test-ip"]}; SuperuserIPs = ips; app.Save(...)`. */
export function trustXTestIp(superuserIPs?: string[]): (ctx: DataDirAccess) => Promise<void> {
  return (ctx) =>
    editSettingsBeforeStart(ctx, (s) => {
      s.trustedProxy = { headers: ['x-test-ip'], useLeftmostIP: false }
      if (superuserIPs) s.superuserIPs = superuserIPs
    })
}

/** Inserts an `_otps` row; `created`/`updated` default to now. */
export async function insertOtp(
  ctx: DataDirAccess,
  otp: {
    id: string
    collectionRef: string
    recordRef: string
    passwordHash: string
    sentTo?: string
    created?: string
  },
): Promise<void> {
  const created = otp.created ?? pbDate(new Date())
  await ctx.sql(
    `INSERT INTO _otps (id, collectionRef, recordRef, password, sentTo, created, updated) VALUES (` +
      [
        otp.id,
        otp.collectionRef,
        otp.recordRef,
        otp.passwordHash,
        otp.sentTo ?? '',
        created,
        created,
      ]
        .map(sqlString)
        .join(', ') +
      `);`,
  )
}

/** Inserts an `_mfas` row; `created`/`updated` default to now. */
export async function insertMfa(
  ctx: DataDirAccess,
  mfa: { id: string; collectionRef: string; recordRef: string; method: string; created?: string },
): Promise<void> {
  const created = mfa.created ?? pbDate(new Date())
  await ctx.sql(
    `INSERT INTO _mfas (id, collectionRef, recordRef, method, created, updated) VALUES (` +
      [mfa.id, mfa.collectionRef, mfa.recordRef, mfa.method, created, created]
        .map(sqlString)
        .join(', ') +
      `);`,
  )
}

/** Sets a field's `hidden` flag on a collection through the collections API. */
export function hideField(
  collection: string,
  field: string,
  extra?: Record<string, unknown>,
): ScenarioSetup {
  return {
    shared: true,
    beforeRequest: async (ctx) => {
      await ctx.updateCollection(collection, (c) => {
        const f = c.fields.find((x) => x.name === field)
        if (!f) throw new Error(`no field ${field} in ${collection}`)
        f.hidden = true
        Object.assign(c, extra)
      })
    },
  }
}
