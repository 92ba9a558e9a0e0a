/**
 * @module The record model hooks of an app (PocketBase's `OnRecordValidate`, `OnRecordCreate`, …).
 */
import type {
  RecordAuthRefreshRequestEvent,
  RecordAuthWithOAuth2RequestEvent,
  RecordAuthWithOTPRequestEvent,
  RecordAuthWithPasswordRequestEvent,
  RecordConfirmEmailChangeRequestEvent,
  RecordConfirmPasswordResetRequestEvent,
  RecordConfirmVerificationRequestEvent,
  RecordCreateOTPRequestEvent,
  RecordRequestEmailChangeRequestEvent,
  RecordRequestPasswordResetRequestEvent,
  RecordRequestVerificationRequestEvent,
} from '../auth/auth-request-events.js'
import { Hook } from '../hooks/hook.js'
import type {
  RecordAuthRequestEvent,
  RecordEnrichEvent,
  RecordErrorEvent,
  RecordEvent,
  RecordRequestEvent,
  RecordsListRequestEvent,
} from './record-events.js'

/** Every record model hook; the `*Execute` ones wrap the actual SQL write. */
export class RecordHooks {
  readonly validate = new Hook<RecordEvent>()
  readonly create = new Hook<RecordEvent>()
  readonly createExecute = new Hook<RecordEvent>()
  readonly afterCreateSuccess = new Hook<RecordEvent>()
  readonly afterCreateError = new Hook<RecordErrorEvent>()
  readonly update = new Hook<RecordEvent>()
  readonly updateExecute = new Hook<RecordEvent>()
  readonly afterUpdateSuccess = new Hook<RecordEvent>()
  readonly afterUpdateError = new Hook<RecordErrorEvent>()
  readonly delete = new Hook<RecordEvent>()
  readonly deleteExecute = new Hook<RecordEvent>()
  readonly afterDeleteSuccess = new Hook<RecordEvent>()
  readonly afterDeleteError = new Hook<RecordErrorEvent>()

  // records API request hooks (PocketBase's OnRecordsListRequest, OnRecordViewRequest, …)
  readonly listRequest = new Hook<RecordsListRequestEvent>()
  readonly viewRequest = new Hook<RecordRequestEvent>()
  readonly createRequest = new Hook<RecordRequestEvent>()
  readonly updateRequest = new Hook<RecordRequestEvent>()
  readonly deleteRequest = new Hook<RecordRequestEvent>()
  /** Every auth response (password, OTP, OAuth2, refresh, impersonate). */
  readonly authRequest = new Hook<RecordAuthRequestEvent>()
  /** Each record of a response, before its visibility flags and `expand` (PocketBase's OnRecordEnrich). */
  readonly enrich = new Hook<RecordEnrichEvent>()

  // auth endpoints' request hooks (PocketBase's OnRecordAuthWithPasswordRequest, …)
  readonly authWithPasswordRequest = new Hook<RecordAuthWithPasswordRequestEvent>()
  readonly authWithOTPRequest = new Hook<RecordAuthWithOTPRequestEvent>()
  readonly authWithOAuth2Request = new Hook<RecordAuthWithOAuth2RequestEvent>()
  readonly authRefreshRequest = new Hook<RecordAuthRefreshRequestEvent>()
  readonly requestOTPRequest = new Hook<RecordCreateOTPRequestEvent>()
  readonly requestPasswordResetRequest = new Hook<RecordRequestPasswordResetRequestEvent>()
  readonly confirmPasswordResetRequest = new Hook<RecordConfirmPasswordResetRequestEvent>()
  readonly requestVerificationRequest = new Hook<RecordRequestVerificationRequestEvent>()
  readonly confirmVerificationRequest = new Hook<RecordConfirmVerificationRequestEvent>()
  readonly requestEmailChangeRequest = new Hook<RecordRequestEmailChangeRequestEvent>()
  readonly confirmEmailChangeRequest = new Hook<RecordConfirmEmailChangeRequestEvent>()
}
