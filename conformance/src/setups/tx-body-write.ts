// Ports of the "<hook> tx body write check" scenarios (apis/collection_test.go,
// collection_import_test.go, settings_test.go, record_crud_test.go, record_auth_*_test.go). Each
// binds a request hook that runs the rest of the chain (the default action writes the response)
// inside a transaction, then fails it:
//
//   app.OnXRequest().BindFunc(func(e) error {
//     original := e.App
//     return e.App.RunInTransaction(func(txApp core.App) error {
//       e.App = txApp
//       defer func() { e.App = original }()
//       if err := e.Next(); err != nil { return err }
//       return e.BadRequestError("TX_ERROR", nil)
//     })
//   })
//
// The answer must be that error (400 TX_ERROR), not the body the default action had written.
import { IDS, BCRYPT, insertOtp } from './helpers.js'
import type { ScenarioSetup, SetupTable } from './setup-types.js'

/** The hooks file of one tx body write check, for the app hook `hook` (e.g. `onRecordCreateRequest`). */
export function txBodyWriteCheck(hook: string): ScenarioSetup {
  return {
    hooks: {
      pocketbase: `${hook}((e) => {
  const original = e.app
  e.app.runInTransaction((txApp) => {
    e.app = txApp
    try {
      e.next()
    } finally {
      e.app = original
    }
    throw new BadRequestError("TX_ERROR")
  })
})
`,
      isobase: `import { badRequest } from '@isobase/core'

export default (app) => {
  app.${hook}().bindFunc(async (e) => {
    const original = e.app
    await e.app.runInTransaction(async (txApp) => {
      e.app = txApp
      try {
        await e.next()
      } finally {
        e.app = original
      }
      throw badRequest('TX_ERROR')
    })
  })
}
`,
    },
  }
}

const id = (file: string, n: number) => `apis/${file}_test.go#${n}`

/** Go's setup of the OTP auth scenario: MFA off for users, then an OTP `aaa…` with password 123456. */
const otpForUser1: ScenarioSetup['beforeRequest'] = async (ctx) => {
  await ctx.updateCollection('users', (c) => {
    ;(c.mfa as { enabled: boolean }).enabled = false
  })
  await insertOtp(ctx, {
    id: 'a'.repeat(15),
    collectionRef: IDS.usersCollection,
    recordRef: IDS.user1,
    passwordHash: BCRYPT['123456'],
  })
}

export const TX_BODY_WRITE_SETUPS: SetupTable = {
  [id('collection_import', 7)]: txBodyWriteCheck('onCollectionsImportRequest'),
  [id('collection', 6)]: txBodyWriteCheck('onCollectionsListRequest'),
  [id('collection', 12)]: txBodyWriteCheck('onCollectionViewRequest'),
  [id('collection', 21)]: txBodyWriteCheck('onCollectionDeleteRequest'),
  [id('collection', 31)]: txBodyWriteCheck('onCollectionCreateRequest'),
  [id('collection', 42)]: txBodyWriteCheck('onCollectionUpdateRequest'),
  [id('settings', 3)]: txBodyWriteCheck('onSettingsListRequest'),
  [id('settings', 9)]: txBodyWriteCheck('onSettingsUpdateRequest'),
  [id('record_crud', 21)]: txBodyWriteCheck('onRecordsListRequest'),
  [id('record_crud', 43)]: txBodyWriteCheck('onRecordViewRequest'),
  [id('record_crud', 64)]: txBodyWriteCheck('onRecordDeleteRequest'),
  [id('record_crud', 89)]: txBodyWriteCheck('onRecordCreateRequest'),
  [id('record_crud', 125)]: txBodyWriteCheck('onRecordUpdateRequest'),
  [id('record_auth_email_change_confirm', 8)]: txBodyWriteCheck('onRecordConfirmEmailChangeRequest'),
  [id('record_auth_email_change_request', 8)]: txBodyWriteCheck('onRecordRequestEmailChangeRequest'),
  [id('record_auth_otp_request', 9)]: txBodyWriteCheck('onRecordRequestOTPRequest'),
  [id('record_auth_password_reset_confirm', 9)]: txBodyWriteCheck('onRecordConfirmPasswordResetRequest'),
  [id('record_auth_password_reset_request', 7)]: txBodyWriteCheck('onRecordRequestPasswordResetRequest'),
  [id('record_auth_refresh', 8)]: txBodyWriteCheck('onRecordAuthRefreshRequest'),
  [id('record_auth_verification_confirm', 10)]: txBodyWriteCheck('onRecordConfirmVerificationRequest'),
  [id('record_auth_verification_request', 7)]: txBodyWriteCheck('onRecordRequestVerificationRequest'),
  [id('record_auth_with_otp', 12)]: {
    ...txBodyWriteCheck('onRecordAuthWithOTPRequest'),
    beforeRequest: otpForUser1,
  },
  [id('record_auth_with_password', 4)]: txBodyWriteCheck('onRecordAuthWithPasswordRequest'),
}
