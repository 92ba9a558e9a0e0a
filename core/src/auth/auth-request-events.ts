/**
 * @module The auth endpoints' request hook events (PocketBase's `RecordAuthWithPasswordRequestEvent`,
 * `RecordCreateOTPRequestEvent`, `RecordConfirmVerificationRequestEvent`, …): fired once an endpoint
 * has validated its input, with its default action (authenticate, send the mail, save the change and
 * answer) at the end of the chain.
 */
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { HookEvent } from '../hooks/hook.js'
import type { RequestEvent } from '../http/request-event.js'
import type { RecordModel } from '../records/record-model.js'
import type { OAuth2Provider, OAuth2User } from './oauth2/oauth2-provider.js'

/**
 * A request to one auth collection's endpoint. `app` is the request's own app: PocketBase's events
 * embed the `RequestEvent`, so a handler that swaps `e.app` for a transaction's app makes the default
 * action (and the response it writes) run in that transaction.
 */
export abstract class RecordAuthFlowRequestEvent extends HookEvent {
  readonly request: RequestEvent
  readonly collection: CollectionModel

  constructor(request: RequestEvent, collection: CollectionModel) {
    super()
    this.request = request
    this.collection = collection
  }

  /** The app serving the request (transaction-bound once a handler assigns a `txApp`). */
  get app(): App {
    return this.request.app
  }

  set app(app: App) {
    this.request.app = app
  }

  /** The collection's name and id (for tagged hooks). */
  tags(): string[] {
    return [this.collection.name, this.collection.id]
  }
}

/** `auth-with-password`, after the identity lookup; `record` is undefined when nothing matched. */
export class RecordAuthWithPasswordRequestEvent extends RecordAuthFlowRequestEvent {
  record: RecordModel | undefined
  identity: string
  identityField: string
  password: string

  constructor(
    request: RequestEvent,
    collection: CollectionModel,
    record: RecordModel | undefined,
    form: { identity: string; identityField: string; password: string },
  ) {
    super(request, collection)
    this.record = record
    this.identity = form.identity
    this.identityField = form.identityField
    this.password = form.password
  }
}

/** `auth-with-otp`, once the OTP and its password were checked. */
export class RecordAuthWithOTPRequestEvent extends RecordAuthFlowRequestEvent {
  record: RecordModel
  otp: RecordModel

  constructor(
    request: RequestEvent,
    collection: CollectionModel,
    record: RecordModel,
    otp: RecordModel,
  ) {
    super(request, collection)
    this.record = record
    this.otp = otp
  }
}

/** `request-otp`; `record` is undefined for an unknown address, `password` is the new OTP's code. */
export class RecordCreateOTPRequestEvent extends RecordAuthFlowRequestEvent {
  record: RecordModel | undefined
  password: string

  constructor(
    request: RequestEvent,
    collection: CollectionModel,
    record: RecordModel | undefined,
    password: string,
  ) {
    super(request, collection)
    this.record = record
    this.password = password
  }
}

/** An endpoint acting on one known auth record. */
export class RecordAuthRecordRequestEvent extends RecordAuthFlowRequestEvent {
  record: RecordModel

  constructor(request: RequestEvent, collection: CollectionModel, record: RecordModel) {
    super(request, collection)
    this.record = record
  }
}

/** `auth-refresh`: `record` is the authenticated record. */
export class RecordAuthRefreshRequestEvent extends RecordAuthRecordRequestEvent {}

/** `request-password-reset` for an existing record. */
export class RecordRequestPasswordResetRequestEvent extends RecordAuthRecordRequestEvent {}

/** `confirm-password-reset`, once the token was checked. */
export class RecordConfirmPasswordResetRequestEvent extends RecordAuthRecordRequestEvent {}

/** `request-verification` for an existing record. */
export class RecordRequestVerificationRequestEvent extends RecordAuthRecordRequestEvent {}

/** `confirm-verification`, once the token was checked. */
export class RecordConfirmVerificationRequestEvent extends RecordAuthRecordRequestEvent {}

/** `request-email-change` (`record` is the authenticated record) and `confirm-email-change`. */
export class RecordEmailChangeRequestEvent extends RecordAuthRecordRequestEvent {
  newEmail: string

  constructor(
    request: RequestEvent,
    collection: CollectionModel,
    record: RecordModel,
    newEmail: string,
  ) {
    super(request, collection, record)
    this.newEmail = newEmail
  }
}

/** `request-email-change`. */
export class RecordRequestEmailChangeRequestEvent extends RecordEmailChangeRequestEvent {}

/** `confirm-email-change`, once the token and password were checked. */
export class RecordConfirmEmailChangeRequestEvent extends RecordEmailChangeRequestEvent {}

/**
 * `auth-with-oauth2`, once the provider returned its user and the matching record (linked account,
 * current auth or same email) was looked up; `record` is undefined when a new one will be created
 * from `createData` and the mapped user fields.
 */
export class RecordAuthWithOAuth2RequestEvent extends RecordAuthFlowRequestEvent {
  providerName: string
  providerClient: OAuth2Provider
  record: RecordModel | undefined
  oauth2User: OAuth2User
  createData: Record<string, unknown> | undefined
  isNewRecord: boolean

  constructor(
    request: RequestEvent,
    collection: CollectionModel,
    provider: { name: string; client: OAuth2Provider; user: OAuth2User },
    record: RecordModel | undefined,
    createData: Record<string, unknown> | undefined,
  ) {
    super(request, collection)
    this.providerName = provider.name
    this.providerClient = provider.client
    this.oauth2User = provider.user
    this.record = record
    this.createData = createData
    this.isNewRecord = record === undefined
  }
}
