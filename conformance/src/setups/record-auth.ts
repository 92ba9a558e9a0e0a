// Ports of the BeforeTestFuncs in the remaining apis/record_auth_*_test.go files: auth with
// password, password reset, verification, email change, refresh, auth methods, and the OAuth2
// rate-limit scenarios.
// Not ported: every "tx body write check" (request hooks failing with "TX_ERROR"), and the
// OAuth2 scenarios that register a mock provider in Go (`auth.Providers["test"]`).
import { forIds, IDS, insertMfa, rateLimits } from './helpers.js'
import type { ScenarioSetup, ServerContext, SetupTable } from './setup-types.js'
import { sqlString } from './sqlite-cli.js'

const id = (file: string, n: number) => `apis/${file}_test.go#${n}`

/** Go setups that only `t.Fatal` on an unexpected precondition are ported as that check. */
async function expectUser1(
  ctx: ServerContext,
  check: { verified?: boolean; hasExternalAuth?: boolean },
) {
  const user = (await ctx.api('GET', `/api/collections/users/records/${IDS.user1}`)).json as {
    verified: boolean
  }
  if (check.verified !== undefined && user.verified !== check.verified) {
    throw new Error(`expected users/test@example.com verified=${check.verified}`)
  }
  if (check.hasExternalAuth) {
    const filter = encodeURIComponent(`recordRef='${IDS.user1}'`)
    const list = (await ctx.api('GET', `/api/collections/_externalAuths/records?filter=${filter}`))
      .json as { totalItems: number }
    if (list.totalItems === 0)
      throw new Error('expected at least one external auth for test@example.com')
  }
}

/**
 * Go's `updateIdentityIndex`: re-creates the single-column unique index of `column` on clients
 * with the given collation ("" = none) and moves it to the end of the index list.
 */
function identityIndex(column: string, collate: string): ScenarioSetup {
  return {
    shared: true,
    beforeRequest: async (ctx) => {
      await ctx.updateCollection('clients', (c) => {
        const indexes = c.indexes as string[]
        const re = new RegExp(
          `^CREATE UNIQUE INDEX (\\S+) ON (\\S+) \\(\`?${column}\`?(?: COLLATE \\w+)?\\)(.*)$`,
          'i',
        )
        const at = indexes.findIndex((sql) => re.test(sql))
        if (at === -1) throw new Error(`no unique ${column} index on clients`)
        const m = re.exec(indexes[at]!)!
        const col = `\`${column}\`${collate ? ` COLLATE ${collate}` : ''}`
        indexes.splice(at, 1)
        indexes.push(`CREATE UNIQUE INDEX ${m[1]} ON ${m[2]} (${col})${m[3]}`)
      })
    },
  }
}

/** Makes a first request so the per-record resend limiter (an in-memory store key) is set. */
function alreadySent(path: string): ScenarioSetup {
  return {
    beforeRequest: async (ctx) => {
      const res = await ctx.request('POST', path, {
        headers: { 'Content-Type': 'application/json' },
        body: '{"email":"test@example.com"}',
      })
      if (res.status !== 204) throw new Error(`first ${path} answered ${res.status}`)
    },
  }
}

export const RECORD_AUTH_SETUPS: SetupTable = {
  // auth with password
  // #6 binds a hook that only asserts the request context (no effect on the response)
  [id('record_auth_with_password', 6)]: {},
  [id('record_auth_with_password', 8)]: {
    // Go: SaveNoValidate; the API would reject an email-shaped username
    beforeStart: (ctx) =>
      ctx.sql(
        `UPDATE clients SET username = 'username_as_email@example.com' WHERE id = ${sqlString(IDS.client1)};`,
      ),
  },
  [id('record_auth_with_password', 15)]: {
    beforeStart: (ctx) =>
      insertMfa(ctx, {
        id: 'a'.repeat(15),
        collectionRef: IDS.usersCollection,
        recordRef: IDS.user1,
        method: 'test',
      }),
  },
  [id('record_auth_with_password', 16)]: {
    beforeRequest: async (ctx) => {
      await ctx.updateCollection('users', (c) => {
        c.mfa = { ...(c.mfa as object), enabled: true, rule: '1=2' }
      })
    },
  },
  [id('record_auth_with_password', 17)]: identityIndex('username', ''),
  ...forIds(
    [id('record_auth_with_password', 18), id('record_auth_with_password', 19)],
    identityIndex('username', 'nocase'),
  ),
  [id('record_auth_with_password', 20)]: identityIndex('email', 'nocase'),
  [id('record_auth_with_password', 21)]: rateLimits([
    ['abc', 100],
    ['*:authWithPassword', 100],
    ['users:auth', 100],
    ['users:authWithPassword', 0],
  ]),
  [id('record_auth_with_password', 22)]: rateLimits([
    ['abc', 100],
    ['*:auth', 100],
    ['*:authWithPassword', 0],
  ]),
  [id('record_auth_with_password', 23)]: rateLimits([
    ['abc', 100],
    ['*:authWithPassword', 100],
    ['users:auth', 0],
  ]),
  [id('record_auth_with_password', 24)]: rateLimits([
    ['abc', 100],
    ['*:auth', 0],
  ]),

  // password reset
  [id('record_auth_password_reset_confirm', 6)]: {
    beforeRequest: (ctx) => expectUser1(ctx, { verified: false }),
  },
  [id('record_auth_password_reset_confirm', 7)]: {
    // Go changes the email, then restores the old tokenKey so the reset token stays valid;
    // a direct column update never touches the tokenKey
    beforeStart: (ctx) =>
      ctx.sql(
        `UPDATE users SET email = 'test_update@example.com' WHERE id = ${sqlString(IDS.user1)};`,
      ),
  },
  [id('record_auth_password_reset_confirm', 8)]: {
    beforeStart: (ctx) =>
      ctx.sql(`UPDATE users SET verified = 1 WHERE id = ${sqlString(IDS.user1)};`),
  },
  [id('record_auth_password_reset_confirm', 10)]: rateLimits([
    ['abc', 100],
    ['*:confirmPasswordReset', 100],
    ['users:confirmPasswordReset', 0],
  ]),
  [id('record_auth_password_reset_confirm', 11)]: rateLimits([
    ['abc', 100],
    ['*:confirmPasswordReset', 0],
  ]),
  [id('record_auth_password_reset_request', 6)]: alreadySent(
    '/api/collections/users/request-password-reset',
  ),
  [id('record_auth_password_reset_request', 8)]: rateLimits([
    ['abc', 100],
    ['*:requestPasswordReset', 100],
    ['users:requestPasswordReset', 0],
  ]),
  [id('record_auth_password_reset_request', 9)]: rateLimits([
    ['abc', 100],
    ['*:requestPasswordReset', 0],
  ]),

  // verification
  [id('record_auth_verification_confirm', 6)]: {
    beforeRequest: (ctx) => expectUser1(ctx, { verified: false, hasExternalAuth: true }),
  },
  [id('record_auth_verification_confirm', 7)]: {
    beforeRequest: async (ctx) => {
      await ctx.updateCollection('users', (c) => {
        c.passwordAuth = { ...(c.passwordAuth as object), enabled: false }
      })
      await expectUser1(ctx, { verified: false, hasExternalAuth: true })
    },
  },
  [id('record_auth_verification_confirm', 11)]: rateLimits([
    ['abc', 100],
    ['*:confirmVerification', 100],
    ['nologin:confirmVerification', 0],
  ]),
  [id('record_auth_verification_confirm', 12)]: rateLimits([
    ['abc', 100],
    ['*:confirmVerification', 0],
  ]),
  [id('record_auth_verification_request', 6)]: alreadySent(
    '/api/collections/users/request-verification',
  ),
  [id('record_auth_verification_request', 8)]: rateLimits([
    ['abc', 100],
    ['*:requestVerification', 100],
    ['users:requestVerification', 0],
  ]),
  [id('record_auth_verification_request', 9)]: rateLimits([
    ['abc', 100],
    ['*:requestVerification', 0],
  ]),

  // email change
  [id('record_auth_email_change_confirm', 6)]: {
    beforeRequest: (ctx) => expectUser1(ctx, { verified: false, hasExternalAuth: true }),
  },
  [id('record_auth_email_change_confirm', 9)]: rateLimits([
    ['abc', 100],
    ['*:confirmEmailChange', 100],
    ['users:confirmEmailChange', 0],
  ]),
  [id('record_auth_email_change_confirm', 10)]: rateLimits([
    ['abc', 100],
    ['*:confirmEmailChange', 0],
  ]),
  [id('record_auth_email_change_request', 9)]: rateLimits([
    ['abc', 100],
    ['*:requestEmailChange', 100],
    ['users:requestEmailChange', 0],
  ]),
  [id('record_auth_email_change_request', 10)]: rateLimits([
    ['abc', 100],
    ['*:requestEmailChange', 0],
  ]),

  // refresh, auth methods, OAuth2 rate limits
  [id('record_auth_refresh', 9)]: rateLimits([
    ['abc', 100],
    ['*:authRefresh', 100],
    ['users:authRefresh', 0],
  ]),
  [id('record_auth_refresh', 10)]: rateLimits([
    ['abc', 100],
    ['*:authRefresh', 0],
  ]),
  [id('record_auth_methods', 4)]: rateLimits([
    ['abc', 100],
    ['*:listAuthMethods', 100],
    ['nologin:listAuthMethods', 0],
  ]),
  [id('record_auth_methods', 5)]: rateLimits([
    ['abc', 100],
    ['*:listAuthMethods', 0],
  ]),
  [id('record_auth_with_oauth2', 25)]: rateLimits([
    ['abc', 100],
    ['*:authWithOAuth2', 100],
    ['users:auth', 100],
    ['users:authWithOAuth2', 0],
  ]),
  [id('record_auth_with_oauth2', 26)]: rateLimits([
    ['abc', 100],
    ['*:auth', 100],
    ['*:authWithOAuth2', 0],
  ]),
  [id('record_auth_with_oauth2', 27)]: rateLimits([
    ['abc', 100],
    ['*:authWithOAuth2', 100],
    ['users:auth', 0],
  ]),
  [id('record_auth_with_oauth2', 28)]: rateLimits([
    ['abc', 100],
    ['*:auth', 0],
  ]),
}
