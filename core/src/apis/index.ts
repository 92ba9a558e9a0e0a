/**
 * @module The default API routes and request middlewares of an app (PocketBase's `apis.NewRouter`).
 * Each endpoint group lives in its own file, named after PocketBase's `apis/*.go`.
 */
import type { App } from '../app.js'
import {
  DEFAULT_SUPERUSER_IPS_WHITELIST_MIDDLEWARE_ID,
  DEFAULT_SUPERUSER_IPS_WHITELIST_MIDDLEWARE_PRIORITY,
  loadAuthToken,
  superuserIPsWhitelist,
} from '../auth/auth-middleware.js'
import {
  activityLogger,
  DEFAULT_ACTIVITY_LOGGER_MIDDLEWARE_ID,
  DEFAULT_ACTIVITY_LOGGER_MIDDLEWARE_PRIORITY,
} from '../logs/activity-logger.js'
import { bindAuthModelHooks } from '../auth/auth-model-hooks.js'
import {
  DEFAULT_RATE_LIMIT_MIDDLEWARE_ID,
  DEFAULT_RATE_LIMIT_MIDDLEWARE_PRIORITY,
  rateLimitMiddleware,
} from '../http/rate-limit.js'
import {
  DEFAULT_SECURITY_HEADERS_MIDDLEWARE_ID,
  DEFAULT_SECURITY_HEADERS_MIDDLEWARE_PRIORITY,
  securityHeaders,
} from '../http/security-headers.js'
import { bindAdminUi } from './admin-ui.js'
import { bindBackupApi } from './backup.js'
import { bindBatchApi } from './batch.js'
import { bindCollectionApi } from './collection.js'
import { bindCronApi } from './cron.js'
import { bindFileApi } from './file.js'
import { bindHealthApi } from './health.js'
import { bindLogsApi } from './logs.js'
import { bindRealtimeApi } from './realtime.js'
import { bindRecordAuthApi } from './record-auth.js'
import { bindRecordCrudApi } from './record-crud.js'
import { bindSettingsApi } from './settings.js'
import { bindSqlApi } from './sql.js'

/** Ids of the default middlewares, so apps can unbind or replace them. */
export const DEFAULT_LOAD_AUTH_TOKEN_MIDDLEWARE_ID = 'pbLoadAuthToken'

/** Registers every default route and middleware on `app`. */
export function bindDefaultApis(app: App): void {
  app.onRequest.bind({
    id: DEFAULT_ACTIVITY_LOGGER_MIDDLEWARE_ID,
    priority: DEFAULT_ACTIVITY_LOGGER_MIDDLEWARE_PRIORITY,
    func: activityLogger,
  })
  app.onRequest.bind({ id: DEFAULT_LOAD_AUTH_TOKEN_MIDDLEWARE_ID, priority: -1020, func: loadAuthToken })
  app.onRequest.bind({
    id: DEFAULT_SUPERUSER_IPS_WHITELIST_MIDDLEWARE_ID,
    priority: DEFAULT_SUPERUSER_IPS_WHITELIST_MIDDLEWARE_PRIORITY,
    func: superuserIPsWhitelist,
  })
  app.onRequest.bind({
    id: DEFAULT_SECURITY_HEADERS_MIDDLEWARE_ID,
    priority: DEFAULT_SECURITY_HEADERS_MIDDLEWARE_PRIORITY,
    func: securityHeaders,
  })
  app.onRequest.bind({
    id: DEFAULT_RATE_LIMIT_MIDDLEWARE_ID,
    priority: DEFAULT_RATE_LIMIT_MIDDLEWARE_PRIORITY,
    func: rateLimitMiddleware,
  })
  bindAuthModelHooks(app)
  bindHealthApi(app)
  bindRecordAuthApi(app)
  bindRecordCrudApi(app)
  bindFileApi(app)
  bindRealtimeApi(app)
  bindCollectionApi(app)
  bindSettingsApi(app)
  bindSqlApi(app)
  bindLogsApi(app)
  bindCronApi(app)
  bindBatchApi(app)
  bindBackupApi(app)
  bindAdminUi(app)
}
