/**
 * @module The default API routes and request middlewares of an app (PocketBase's `apis.NewRouter`).
 * Each endpoint group lives in its own file, named after PocketBase's `apis/*.go`.
 */
import type { App } from '../app.js'
import { loadAuthToken } from '../auth/auth-middleware.js'
import { bindAdminUi } from './admin-ui.js'
import { bindHealthApi } from './health.js'
import { bindRecordCrudApi } from './record-crud.js'

/** Ids of the default middlewares, so apps can unbind or replace them. */
export const DEFAULT_LOAD_AUTH_TOKEN_MIDDLEWARE_ID = 'pbLoadAuthToken'

/** Registers every default route and middleware on `app`. */
export function bindDefaultApis(app: App): void {
  app.onRequest.bind({ id: DEFAULT_LOAD_AUTH_TOKEN_MIDDLEWARE_ID, priority: -1020, func: loadAuthToken })
  bindHealthApi(app)
  bindRecordCrudApi(app)
  bindAdminUi(app)
}
