// Ports of `tests.StubOTPRecords` / `tests.StubMFARecords`, the BeforeTestFunc of every scenario
// in apis/record_crud_otp_test.go and apis/record_crud_mfa_test.go. The rows need chosen
// `created` dates (some an hour old), which the records API cannot set, so they are inserted
// into the data dir copy before the server starts.
import { BCRYPT, forIds, IDS, insertMfa, insertOtp, pbDateFromNow } from './helpers.js'
import type { PreStartContext, ScenarioSetup, SetupTable } from './setup-types.js'

const HOUR = 60 * 60 * 1000
const MINUTE = 60 * 1000

interface Owner {
  stubId: string
  collectionRef: string
  recordRef: string
}

const SUPERUSER2: Owner = {
  stubId: 'superuser2',
  collectionRef: IDS.superusersCollection,
  recordRef: IDS.superuser2,
}
const SUPERUSER3: Owner = {
  stubId: 'superuser3',
  collectionRef: IDS.superusersCollection,
  recordRef: IDS.superuser3,
}
const USER1: Owner = { stubId: 'user1', collectionRef: IDS.usersCollection, recordRef: IDS.user1 }

/** Go: now, now-1ms, old, now-2ms, old-1ms / now-3ms, now-2min / old (old = now-1h). */
const OTP_AGES: Array<[Owner, number[]]> = [
  [SUPERUSER2, [0, 1, HOUR, 2, HOUR + 1]],
  [SUPERUSER3, [3, 2 * MINUTE]],
  [USER1, [HOUR]],
]

/** Go: (method, age) per owner, same dates as above. */
const MFA_STUBS: Array<[Owner, Array<[string, number]>]> = [
  [
    SUPERUSER2,
    [
      ['otp', 0],
      ['otp', HOUR],
      ['password', 2 * MINUTE],
      ['password', 1],
      ['oauth2', HOUR + 1],
    ],
  ],
  [
    SUPERUSER3,
    [
      ['oauth2', 3],
      ['password', 3 * MINUTE],
    ],
  ],
  [USER1, [['oauth2', HOUR]]],
]

async function stubOtpRecords(ctx: PreStartContext): Promise<void> {
  for (const [owner, ages] of OTP_AGES) {
    for (const [i, age] of ages.entries()) {
      await insertOtp(ctx, {
        id: `${owner.stubId}_${i}`,
        collectionRef: owner.collectionRef,
        recordRef: owner.recordRef,
        passwordHash: BCRYPT.test123,
        created: pbDateFromNow(-age),
      })
    }
  }
}

async function stubMfaRecords(ctx: PreStartContext): Promise<void> {
  for (const [owner, stubs] of MFA_STUBS) {
    for (const [i, [method, age]] of stubs.entries()) {
      await insertMfa(ctx, {
        id: `${owner.stubId}_${i}`,
        collectionRef: owner.collectionRef,
        recordRef: owner.recordRef,
        method,
        created: pbDateFromNow(-age),
      })
    }
  }
}

const range16 = (file: string) => Array.from({ length: 16 }, (_, i) => `${file}#${i}`)
const otpStub: ScenarioSetup = { shared: true, beforeStart: stubOtpRecords }
const mfaStub: ScenarioSetup = { shared: true, beforeStart: stubMfaRecords }

export const RECORD_CRUD_OTP_MFA_SETUPS: SetupTable = {
  ...forIds(range16('apis/record_crud_otp_test.go'), otpStub),
  ...forIds(range16('apis/record_crud_mfa_test.go'), mfaStub),
}
