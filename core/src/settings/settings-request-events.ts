/**
 * @module The settings hooks (PocketBase's `OnSettingsListRequest`, `OnSettingsUpdateRequest` and
 * `OnSettingsReload`) and their events.
 */
import type { App } from '../app.js'
import { Hook, HookEvent } from '../hooks/hook.js'
import type { RequestEvent } from '../http/request-event.js'
import type { Settings } from './settings-store.js'

/** `GET /api/settings`, before the response is written; `settings` is a copy the handler may change. */
export class SettingsListRequestEvent extends HookEvent {
  /** The app to use inside the handler (a handler may swap in a transaction's app). */
  app: App
  readonly request: RequestEvent
  settings: Settings

  constructor(request: RequestEvent, settings: Settings) {
    super()
    this.app = request.app
    this.request = request
    this.settings = settings
  }
}

/**
 * `PATCH /api/settings`, once the body was applied to a copy of the settings and before they are
 * validated and saved.
 */
export class SettingsUpdateRequestEvent extends HookEvent {
  /** The app to use inside the handler (a handler may swap in a transaction's app). */
  app: App
  readonly request: RequestEvent
  readonly oldSettings: Settings
  newSettings: Settings

  constructor(request: RequestEvent, oldSettings: Settings, newSettings: Settings) {
    super()
    this.app = request.app
    this.request = request
    this.oldSettings = oldSettings
    this.newSettings = newSettings
  }
}

/**
 * The settings being (re)loaded (PocketBase's `SettingsReloadEvent`): at bootstrap, after a committed
 * save, and on `reloadSettings`. The default action loads them; after `e.next()` `getSettings(e.app)`
 * answers the new ones.
 */
export class SettingsReloadEvent extends HookEvent {
  readonly app: App

  constructor(app: App) {
    super()
    this.app = app
  }
}

/** The settings hooks of an app: the API requests and the reload. */
export class SettingsHooks {
  readonly listRequest = new Hook<SettingsListRequestEvent>()
  readonly updateRequest = new Hook<SettingsUpdateRequestEvent>()
  readonly reload = new Hook<SettingsReloadEvent>()
}
