/**
 * @module Isobase core: a PocketBase-compatible backend as a web-standard `fetch` handler.
 */
export { App, BootstrapEvent, TerminateEvent, createApp } from './app.js'
export type { Platform, Logger } from './platform.js'
export { silentLogger } from './platform.js'
export * from './db/sqlite-port.js'
export { SqliteError, type SqliteErrorCode } from './db/sqlite-error.js'
export {
  DEFAULT_PRAGMAS,
  DEFAULT_QUERY_TIMEOUT_MS,
  openWaSqliteDatabase,
  type WaSqliteDatabaseOptions,
} from './db/wa-sqlite/wa-sqlite-database.js'
export type { WaSqliteModule } from './db/wa-sqlite/wa-sqlite-module.js'
export type { TextDecodeFn } from './db/wa-sqlite/wa-sqlite-connection.js'
export * from './http/api-error.js'
export { goJson } from './http/go-json.js'
export { jsonResponse, errorResponse, noContentResponse } from './http/responses.js'
export { RequestEvent, type RequestContext } from './http/request-event.js'
export { Router, type RouteHandler } from './http/router.js'
export { Hook, HookEvent, TaggedHook, type HookBinding, type HookHandler } from './hooks/hook.js'
export { AppHookMethods, AppHooks } from './hooks/app-hook-methods.js'
export {
  MODEL_PROXY_HOOK_ID,
  ModelErrorEvent,
  ModelEvent,
  ModelHooks,
  type Model,
} from './hooks/model-hooks.js'
export { ServeEvent, triggerServe, type ServeAdapter } from './hooks/serve-event.js'
export { corsMiddleware } from './http/cors.js'
export type { AdminAssets, AdminAssetFile } from './apis/admin-ui.js'
export type { DbExecutor, AfterCommitFn } from './app.js'
export type { CollectionModel, FieldModel, FieldType, CollectionType } from './collections/collection-model.js'
export { collectionToJSON } from './collections/collection-json.js'
export { newCollection, newField } from './collections/collection-defaults.js'
export { RecordModel } from './records/record-model.js'
export {
  RecordEvent,
  RecordErrorEvent,
  RecordRequestEvent,
  RecordsListRequestEvent,
  RecordEnrichEvent,
  RecordAuthRequestEvent,
} from './records/record-events.js'
export {
  findRecordById,
  findRecordsByIds,
  findFirstRecordByData,
  findAuthRecordByEmail,
  findRecordsWhere,
} from './records/record-query.js'
export { saveRecord, deleteRecord, validateRecord } from './records/record-save.js'
export { expandRecords } from './records/record-expand.js'
export { newAuthToken, newRecordToken, findAuthRecordByToken, type TokenType } from './auth/record-tokens.js'
export {
  requireAuth,
  requireGuestOnly,
  requireSuperuserAuth,
  requireSuperuserOrOwnerAuth,
} from './auth/auth-middleware.js'
export { registerFieldKind, fieldKind } from './fields/field-registry.js'
export type { FieldKind } from './fields/field-kind.js'
export * from './files/files-exports.js'
export { BatchHooks, BatchRequestEvent, type InternalRequest } from './apis/batch-request-event.js'
export * from './auth/auth-exports.js'
export * from './realtime/realtime-exports.js'
export * from './collections/collections-exports.js'
export * from './backups/backups-exports.js'
export * from './migrations/migrations-exports.js'
