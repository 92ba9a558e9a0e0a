// Ports of the BeforeTestFuncs in apis/record_auth_with_otp_test.go and
// apis/record_auth_otp_request_test.go.
// Not ported: with_otp #12 and otp_request #9 bind request hooks that fail with "TX_ERROR".
import { BCRYPT, IDS, insertOtp, pbDate, rateLimits } from './helpers.js'
import type { ScenarioSetup, ServerContext, SetupTable } from './setup-types.js'

const WITH_OTP = 'apis/record_auth_with_otp_test.go'
const REQUEST_OTP = 'apis/record_auth_otp_request_test.go'
const withOtp = (n: number) => `${WITH_OTP}#${n}`
const requestOtp = (n: number) => `${REQUEST_OTP}#${n}`

const OTP_A = 'a'.repeat(15)
const OTP_B = 'b'.repeat(15)

/** Go's `types.NowDateTime().AddDate(-3, 0, 0)`. */
function threeYearsAgo(): string {
  const d = new Date()
  d.setUTCFullYear(d.getUTCFullYear() - 3)
  return pbDate(d)
}

function usersOption(option: 'otp' | 'mfa', enabled: boolean) {
  return async (ctx: ServerContext): Promise<void> => {
    await ctx.updateCollection('users', (c) => {
      ;(c[option] as { enabled: boolean }).enabled = enabled
    })
  }
}

/** An OTP with id "aaaaaaaaaaaaaaa" (Go: `strings.Repeat("a", 15)`). */
function otpA(opts: {
  owner?: { collectionRef: string; recordRef: string }
  hash?: string
  created?: () => string
  sentTo?: string
}): ScenarioSetup['beforeStart'] {
  return (ctx) =>
    insertOtp(ctx, {
      id: OTP_A,
      ...(opts.owner ?? { collectionRef: IDS.usersCollection, recordRef: IDS.user1 }),
      passwordHash: opts.hash ?? BCRYPT['123456'],
      sentTo: opts.sentTo,
      created: opts.created?.(),
    })
}

/**
 * Go: the user is set unverified (the fixture's test@example.com already is), users MFA is
 * disabled, then the OTP is created. (#10 also binds a hook that only asserts the request
 * context; it does not change the response.)
 */
function validOtpWithoutMfa(sentTo?: string): ScenarioSetup {
  return {
    beforeStart: otpA({ sentTo }),
    beforeRequest: async (ctx) => {
      await ctx.api('PATCH', `/api/collections/users/records/${IDS.user1}`, { verified: false })
      await usersOption('mfa', false)(ctx)
    },
  }
}

/** Ten OTPs `otp_0`..`otp_9` for users/test@example.com; those from `expiredFrom` on are 3 years old. */
function tenOtps(expiredFrom: number): ScenarioSetup {
  return {
    beforeStart: async (ctx) => {
      for (let i = 0; i < 10; i++) {
        await insertOtp(ctx, {
          id: `otp_${i}`,
          collectionRef: IDS.usersCollection,
          recordRef: IDS.user1,
          passwordHash: BCRYPT['123456'],
          created: i >= expiredFrom ? threeYearsAgo() : undefined,
        })
      }
    },
  }
}

const otpBody = (otpId: string, password: string) => `{
				"otpId":"${otpId}",
				"password":"${password}"
			}`

/**
 * TestRecordAuthWithOTPManualRateLimiterCheck runs one literal 9 times, carrying the app store
 * (where the per-record OTP limiter lives) from run to run. Over HTTP one server keeps that
 * memory by itself: the first 8 attempts are sent here, each checked against Go's expected
 * status, and the scenario request is the 9th (otp B, correct password, still 429).
 */
const MANUAL_LIMITER_RUNS: Array<[string, string, number]> = [
  [OTP_A, '12345', 400],
  [OTP_A, '12345', 400],
  [OTP_B, '12345', 400],
  [OTP_B, '12345', 400],
  [OTP_B, '12345', 400],
  [OTP_A, '12345', 429],
  [OTP_A, '123456', 429],
  [OTP_A, '123456', 429],
  [OTP_B, '123456', 429],
]

const manualLimiter: ScenarioSetup = {
  beforeStart: async (ctx) => {
    for (const id of [OTP_A, OTP_B]) {
      await insertOtp(ctx, {
        id,
        collectionRef: IDS.usersCollection,
        recordRef: IDS.user1,
        passwordHash: BCRYPT['123456'],
      })
    }
  },
  beforeRequest: async (ctx) => {
    await usersOption('mfa', false)(ctx)
    for (const [i, [otpId, password, status]] of MANUAL_LIMITER_RUNS.slice(0, -1).entries()) {
      const res = await ctx.request('POST', '/api/collections/users/auth-with-otp', {
        headers: { 'Content-Type': 'application/json' },
        body: otpBody(otpId, password),
      })
      if (res.status !== status)
        throw new Error(`attempt ${i + 1}: expected ${status}, got ${res.status}`)
    }
    const [otpId, password, status] = MANUAL_LIMITER_RUNS.at(-1)!
    return { body: otpBody(otpId, password), expectedStatus: status }
  },
}

export const RECORD_AUTH_OTP_SETUPS: SetupTable = {
  [withOtp(1)]: { beforeRequest: usersOption('otp', false) },
  [withOtp(5)]: { beforeStart: otpA({}) },
  [withOtp(6)]: {
    beforeStart: otpA({ owner: { collectionRef: IDS.clientsCollection, recordRef: IDS.client1 } }),
  },
  [withOtp(7)]: { beforeStart: otpA({ hash: BCRYPT['1234567890'] }) },
  [withOtp(8)]: { beforeStart: otpA({ created: threeYearsAgo }) },
  [withOtp(9)]: { beforeStart: otpA({}) },
  [withOtp(10)]: validOtpWithoutMfa(),
  [withOtp(11)]: validOtpWithoutMfa('test@example.com'),
  [withOtp(13)]: rateLimits([
    ['abc', 100],
    ['*:authWithOTP', 100],
    ['users:auth', 100],
    ['users:authWithOTP', 0],
  ]),
  [withOtp(14)]: rateLimits([
    ['abc', 100],
    ['*:auth', 100],
    ['*:authWithOTP', 0],
  ]),
  [withOtp(15)]: rateLimits([
    ['abc', 100],
    ['*:authWithOTP', 100],
    ['users:auth', 0],
  ]),
  [withOtp(16)]: rateLimits([
    ['abc', 100],
    ['*:auth', 0],
  ]),
  [withOtp(17)]: manualLimiter,

  [requestOtp(1)]: { beforeRequest: usersOption('otp', false) },
  [requestOtp(6)]: tenOtps(8),
  [requestOtp(7)]: {
    partial:
      'Go binds an OnMailerRecordOTPSend hook that skips sending; the response is the same ' +
      'whether the mail is skipped or discarded by the test mailer',
  },
  [requestOtp(8)]: tenOtps(10),
  [requestOtp(10)]: rateLimits([
    ['abc', 100],
    ['*:requestOTP', 100],
    ['users:requestOTP', 0],
  ]),
  [requestOtp(11)]: rateLimits([
    ['abc', 100],
    ['*:requestOTP', 0],
  ]),
}
