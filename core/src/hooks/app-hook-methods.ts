/**
 * @module PocketBase's hook accessors on the app (`app.onRecordCreate('posts')`, `app.onServe()`, …),
 * so code written against PocketBase's Go/JS hooks reads the same here. Each returns the live hook:
 * `bind({ id, priority, func })`, `bindFunc(fn)`, `unbind(id)`; handlers call `await e.next()` to go on.
 *
 * The app extends {@link AppHookMethods}; the hooks themselves live in bags (`recordHooks`,
 * `collectionHooks`, `appHooks`, the realtime broker's and the mailer's) that core code triggers.
 */
import type { App, BootstrapEvent, TerminateEvent } from '../app.js'
import { BatchHooks, type BatchRequestEvent } from '../apis/batch-request-event.js'
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
import type {
  CollectionErrorEvent,
  CollectionEvent,
  CollectionRequestEvent,
  CollectionsImportRequestEvent,
  CollectionsListRequestEvent,
} from '../collections/collection-events.js'
import { backupHooks, type BackupEvent } from '../backups/backup-events.js'
import { CollectionHooks } from '../collections/collection-hooks.js'
import {
  FileHooks,
  type FileDownloadRequestEvent,
  type FileTokenRequestEvent,
} from '../files/file-request-events.js'
import { MailerRecordHooks, type MailerRecordEvent } from '../mails/mailer-record-hooks.js'
import { onMailerSend, type MailerEvent } from '../mails/mailer.js'
import { realtimeBroker } from '../realtime/realtime-broker.js'
import type {
  RealtimeConnectRequestEvent,
  RealtimeHooks,
  RealtimeMessageEvent,
  RealtimeSubscribeRequestEvent,
} from '../realtime/realtime-events.js'
import type {
  RecordAuthRequestEvent,
  RecordEnrichEvent,
  RecordErrorEvent,
  RecordEvent,
  RecordRequestEvent,
  RecordsListRequestEvent,
} from '../records/record-events.js'
import { RecordHooks } from '../records/record-hooks.js'
import {
  SettingsHooks,
  type SettingsListRequestEvent,
  type SettingsReloadEvent,
  type SettingsUpdateRequestEvent,
} from '../settings/settings-request-events.js'
import { Hook, TaggedHook } from './hook.js'
import { ModelHooks, type ModelErrorEvent, type ModelEvent } from './model-hooks.js'
import type { ServeEvent } from './serve-event.js'

/** The app lifecycle hooks. */
export class AppHooks {
  readonly bootstrap = new Hook<BootstrapEvent>()
  readonly serve = new Hook<ServeEvent>()
  readonly terminate = new Hook<TerminateEvent>()
}

/**
 * The hook bags and PocketBase-named accessors of an {@link App}. Tagged accessors take collection
 * names or ids; with no tags the handler runs for every collection.
 */
export abstract class AppHookMethods {
  /** Bootstrap, serve and terminate hooks. */
  readonly appHooks = new AppHooks()
  /** Model hooks (any record or collection); the record and collection model hooks run inside them. */
  readonly modelHooks = new ModelHooks()
  /** Record model hooks (validate, create, update, delete and their steps) and records API hooks. */
  readonly recordHooks = new RecordHooks()
  /** Collection model and collections API hooks (validate, create, update, delete, list, import, …). */
  readonly collectionHooks = new CollectionHooks()
  /** Settings hooks (list and update requests, reload). */
  readonly settingsHooks = new SettingsHooks()
  /** The auth mails' send hooks (verification, password reset, email change, OTP, login alert). */
  readonly mailerHooks = new MailerRecordHooks()
  /** File API hooks (download, token). */
  readonly fileHooks = new FileHooks()
  /** Batch API hook. */
  readonly batchHooks = new BatchHooks()

  // ---------------------------------------------------------------- app lifecycle

  /** Fired once the databases are open and the schema is ready (after `e.next()` the app is usable). */
  onBootstrap(): Hook<BootstrapEvent> {
    return this.appHooks.bootstrap
  }

  /** Fired by the adapter right before the app starts answering requests; add routes to `e.router`. */
  onServe(): Hook<ServeEvent> {
    return this.appHooks.serve
  }

  /** Fired when the app closes. */
  onTerminate(): Hook<TerminateEvent> {
    return this.appHooks.terminate
  }

  /**
   * Fired on each backup creation (`e.name`, `''` until the default action generates one; `e.exclude`:
   * pb_data root entries left out). The default action makes and stores the archive.
   */
  onBackupCreate(): Hook<BackupEvent> {
    return backupHooks(this as unknown as App).create
  }

  /**
   * Fired before a backup is restored (`e.name`, `e.exclude`: pb_data root entries left in place). The
   * default action swaps the data in and restarts the app.
   */
  onBackupRestore(): Hook<BackupEvent> {
    return backupHooks(this as unknown as App).restore
  }

  // ---------------------------------------------------------------- models (records and collections)
  // note: tags are a record's collection name/id, or `_collections` for collections (PocketBase's
  // table-name tag); the onRecord*/onCollection* model hooks run inside these chains at priority -99

  onModelValidate(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.validate, tags)
  }
  onModelCreate(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.create, tags)
  }
  onModelCreateExecute(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.createExecute, tags)
  }
  onModelAfterCreateSuccess(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.afterCreateSuccess, tags)
  }
  onModelAfterCreateError(...tags: string[]): TaggedHook<ModelErrorEvent> {
    return new TaggedHook(this.modelHooks.afterCreateError, tags)
  }
  onModelUpdate(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.update, tags)
  }
  onModelUpdateExecute(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.updateExecute, tags)
  }
  onModelAfterUpdateSuccess(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.afterUpdateSuccess, tags)
  }
  onModelAfterUpdateError(...tags: string[]): TaggedHook<ModelErrorEvent> {
    return new TaggedHook(this.modelHooks.afterUpdateError, tags)
  }
  onModelDelete(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.delete, tags)
  }
  onModelDeleteExecute(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.deleteExecute, tags)
  }
  onModelAfterDeleteSuccess(...tags: string[]): TaggedHook<ModelEvent> {
    return new TaggedHook(this.modelHooks.afterDeleteSuccess, tags)
  }
  onModelAfterDeleteError(...tags: string[]): TaggedHook<ModelErrorEvent> {
    return new TaggedHook(this.modelHooks.afterDeleteError, tags)
  }

  // ---------------------------------------------------------------- record model

  onRecordEnrich(...tags: string[]): TaggedHook<RecordEnrichEvent> {
    return new TaggedHook(this.recordHooks.enrich, tags)
  }
  onRecordValidate(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.validate, tags)
  }
  onRecordCreate(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.create, tags)
  }
  onRecordCreateExecute(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.createExecute, tags)
  }
  onRecordAfterCreateSuccess(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.afterCreateSuccess, tags)
  }
  onRecordAfterCreateError(...tags: string[]): TaggedHook<RecordErrorEvent> {
    return new TaggedHook(this.recordHooks.afterCreateError, tags)
  }
  onRecordUpdate(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.update, tags)
  }
  onRecordUpdateExecute(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.updateExecute, tags)
  }
  onRecordAfterUpdateSuccess(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.afterUpdateSuccess, tags)
  }
  onRecordAfterUpdateError(...tags: string[]): TaggedHook<RecordErrorEvent> {
    return new TaggedHook(this.recordHooks.afterUpdateError, tags)
  }
  onRecordDelete(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.delete, tags)
  }
  onRecordDeleteExecute(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.deleteExecute, tags)
  }
  onRecordAfterDeleteSuccess(...tags: string[]): TaggedHook<RecordEvent> {
    return new TaggedHook(this.recordHooks.afterDeleteSuccess, tags)
  }
  onRecordAfterDeleteError(...tags: string[]): TaggedHook<RecordErrorEvent> {
    return new TaggedHook(this.recordHooks.afterDeleteError, tags)
  }

  // ---------------------------------------------------------------- records API

  onRecordsListRequest(...tags: string[]): TaggedHook<RecordsListRequestEvent> {
    return new TaggedHook(this.recordHooks.listRequest, tags)
  }
  onRecordViewRequest(...tags: string[]): TaggedHook<RecordRequestEvent> {
    return new TaggedHook(this.recordHooks.viewRequest, tags)
  }
  onRecordCreateRequest(...tags: string[]): TaggedHook<RecordRequestEvent> {
    return new TaggedHook(this.recordHooks.createRequest, tags)
  }
  onRecordUpdateRequest(...tags: string[]): TaggedHook<RecordRequestEvent> {
    return new TaggedHook(this.recordHooks.updateRequest, tags)
  }
  onRecordDeleteRequest(...tags: string[]): TaggedHook<RecordRequestEvent> {
    return new TaggedHook(this.recordHooks.deleteRequest, tags)
  }
  /** Every successful auth response (password, OTP, OAuth2, refresh, impersonate). */
  onRecordAuthRequest(...tags: string[]): TaggedHook<RecordAuthRequestEvent> {
    return new TaggedHook(this.recordHooks.authRequest, tags)
  }

  // ---------------------------------------------------------------- auth endpoints

  /** `auth-with-password` after the identity lookup (`e.record` may be undefined). */
  onRecordAuthWithPasswordRequest(...tags: string[]): TaggedHook<RecordAuthWithPasswordRequestEvent> {
    return new TaggedHook(this.recordHooks.authWithPasswordRequest, tags)
  }
  /** `auth-with-otp` once the OTP was checked. */
  onRecordAuthWithOTPRequest(...tags: string[]): TaggedHook<RecordAuthWithOTPRequestEvent> {
    return new TaggedHook(this.recordHooks.authWithOTPRequest, tags)
  }
  /** `auth-with-oauth2` once the provider's user is known (`e.record` is undefined for a sign-up). */
  onRecordAuthWithOAuth2Request(...tags: string[]): TaggedHook<RecordAuthWithOAuth2RequestEvent> {
    return new TaggedHook(this.recordHooks.authWithOAuth2Request, tags)
  }
  onRecordAuthRefreshRequest(...tags: string[]): TaggedHook<RecordAuthRefreshRequestEvent> {
    return new TaggedHook(this.recordHooks.authRefreshRequest, tags)
  }
  /** `request-otp` (`e.record` is undefined for an unknown address). */
  onRecordRequestOTPRequest(...tags: string[]): TaggedHook<RecordCreateOTPRequestEvent> {
    return new TaggedHook(this.recordHooks.requestOTPRequest, tags)
  }
  onRecordRequestPasswordResetRequest(...tags: string[]): TaggedHook<RecordRequestPasswordResetRequestEvent> {
    return new TaggedHook(this.recordHooks.requestPasswordResetRequest, tags)
  }
  onRecordConfirmPasswordResetRequest(...tags: string[]): TaggedHook<RecordConfirmPasswordResetRequestEvent> {
    return new TaggedHook(this.recordHooks.confirmPasswordResetRequest, tags)
  }
  onRecordRequestVerificationRequest(...tags: string[]): TaggedHook<RecordRequestVerificationRequestEvent> {
    return new TaggedHook(this.recordHooks.requestVerificationRequest, tags)
  }
  onRecordConfirmVerificationRequest(...tags: string[]): TaggedHook<RecordConfirmVerificationRequestEvent> {
    return new TaggedHook(this.recordHooks.confirmVerificationRequest, tags)
  }
  onRecordRequestEmailChangeRequest(...tags: string[]): TaggedHook<RecordRequestEmailChangeRequestEvent> {
    return new TaggedHook(this.recordHooks.requestEmailChangeRequest, tags)
  }
  onRecordConfirmEmailChangeRequest(...tags: string[]): TaggedHook<RecordConfirmEmailChangeRequestEvent> {
    return new TaggedHook(this.recordHooks.confirmEmailChangeRequest, tags)
  }

  // ---------------------------------------------------------------- collection model

  onCollectionValidate(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.validate, tags)
  }
  onCollectionCreate(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.create, tags)
  }
  onCollectionCreateExecute(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.createExecute, tags)
  }
  onCollectionAfterCreateSuccess(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.afterCreateSuccess, tags)
  }
  onCollectionAfterCreateError(...tags: string[]): TaggedHook<CollectionErrorEvent> {
    return new TaggedHook(this.collectionHooks.afterCreateError, tags)
  }
  onCollectionUpdate(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.update, tags)
  }
  onCollectionUpdateExecute(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.updateExecute, tags)
  }
  onCollectionAfterUpdateSuccess(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.afterUpdateSuccess, tags)
  }
  onCollectionAfterUpdateError(...tags: string[]): TaggedHook<CollectionErrorEvent> {
    return new TaggedHook(this.collectionHooks.afterUpdateError, tags)
  }
  onCollectionDelete(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.delete, tags)
  }
  onCollectionDeleteExecute(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.deleteExecute, tags)
  }
  onCollectionAfterDeleteSuccess(...tags: string[]): TaggedHook<CollectionEvent> {
    return new TaggedHook(this.collectionHooks.afterDeleteSuccess, tags)
  }
  onCollectionAfterDeleteError(...tags: string[]): TaggedHook<CollectionErrorEvent> {
    return new TaggedHook(this.collectionHooks.afterDeleteError, tags)
  }

  // ---------------------------------------------------------------- collections API (untagged, as PocketBase)

  onCollectionsListRequest(): Hook<CollectionsListRequestEvent> {
    return this.collectionHooks.listRequest
  }
  onCollectionViewRequest(): Hook<CollectionRequestEvent> {
    return this.collectionHooks.viewRequest
  }
  onCollectionCreateRequest(): Hook<CollectionRequestEvent> {
    return this.collectionHooks.createRequest
  }
  onCollectionUpdateRequest(): Hook<CollectionRequestEvent> {
    return this.collectionHooks.updateRequest
  }
  onCollectionDeleteRequest(): Hook<CollectionRequestEvent> {
    return this.collectionHooks.deleteRequest
  }
  onCollectionsImportRequest(): Hook<CollectionsImportRequestEvent> {
    return this.collectionHooks.importRequest
  }

  // ---------------------------------------------------------------- settings API

  /** `GET /api/settings` before the answer (`e.settings` is a copy to change). */
  onSettingsListRequest(): Hook<SettingsListRequestEvent> {
    return this.settingsHooks.listRequest
  }
  /** `PATCH /api/settings` before the new settings are validated and saved. */
  onSettingsUpdateRequest(): Hook<SettingsUpdateRequestEvent> {
    return this.settingsHooks.updateRequest
  }
  /**
   * Fired when the settings are (re)loaded: at bootstrap, after each committed save and on
   * `reloadSettings(app)`; after `e.next()` `getSettings(e.app)` answers the new ones.
   */
  onSettingsReload(): Hook<SettingsReloadEvent> {
    return this.settingsHooks.reload
  }

  // ---------------------------------------------------------------- files API

  /**
   * `GET /api/files/…` before the file is served (`e.servedPath`/`e.servedName` may be changed, or the
   * handler may answer itself).
   */
  onFileDownloadRequest(...tags: string[]): TaggedHook<FileDownloadRequestEvent> {
    return new TaggedHook(this.fileHooks.downloadRequest, tags)
  }
  /** `POST /api/files/token` before the answer (`e.token` may be replaced); tagged by the auth collection. */
  onFileTokenRequest(...tags: string[]): TaggedHook<FileTokenRequestEvent> {
    return new TaggedHook(this.fileHooks.tokenRequest, tags)
  }

  // ---------------------------------------------------------------- batch API

  /** `POST /api/batch` once its body was read and validated, before the requests run (`e.batch`). */
  onBatchRequest(): Hook<BatchRequestEvent> {
    return this.batchHooks.request
  }

  // ---------------------------------------------------------------- mails and realtime

  /** Every e-mail the app sends, before it goes to the platform mailer. */
  onMailerSend(): Hook<MailerEvent> {
    return onMailerSend(this as unknown as App)
  }
  /** The verification mail of an auth record, before it is sent (`e.meta.token`). */
  onMailerRecordVerificationSend(...tags: string[]): TaggedHook<MailerRecordEvent> {
    return new TaggedHook(this.mailerHooks.verificationSend, tags)
  }
  /** The password reset mail of an auth record, before it is sent (`e.meta.token`). */
  onMailerRecordPasswordResetSend(...tags: string[]): TaggedHook<MailerRecordEvent> {
    return new TaggedHook(this.mailerHooks.passwordResetSend, tags)
  }
  /** The new address confirmation mail, before it is sent (`e.meta.token`, `e.meta.newEmail`). */
  onMailerRecordEmailChangeSend(...tags: string[]): TaggedHook<MailerRecordEvent> {
    return new TaggedHook(this.mailerHooks.emailChangeSend, tags)
  }
  /** The one-time password mail, before it is sent (`e.meta.otpId`, `e.meta.password`). */
  onMailerRecordOTPSend(...tags: string[]): TaggedHook<MailerRecordEvent> {
    return new TaggedHook(this.mailerHooks.otpSend, tags)
  }
  /** The new-login alert mail, before it is sent (`e.meta.info`). */
  onMailerRecordAuthAlertSend(...tags: string[]): TaggedHook<MailerRecordEvent> {
    return new TaggedHook(this.mailerHooks.authAlertSend, tags)
  }

  onRealtimeConnectRequest(): Hook<RealtimeConnectRequestEvent> {
    return realtimeHooks(this).connectRequest
  }
  onRealtimeSubscribeRequest(): Hook<RealtimeSubscribeRequestEvent> {
    return realtimeHooks(this).subscribeRequest
  }
  onRealtimeMessageSend(): Hook<RealtimeMessageEvent> {
    return realtimeHooks(this).messageSend
  }
}

// note: a module function, not a #private method: transaction-bound views (`Object.create(app)`) fail
// private brand checks
function realtimeHooks(app: AppHookMethods): RealtimeHooks {
  const broker = realtimeBroker(app as unknown as App)
  if (!broker) {
    throw new Error('the realtime API is not bound to this app')
  }
  return broker.hooks
}
