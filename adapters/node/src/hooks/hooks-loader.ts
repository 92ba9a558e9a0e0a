/**
 * @module `pb_hooks`: the app's `*.pb.js` / `*.pb.ts` files (PocketBase's default hooks directory is
 * `pb_data/../pb_hooks`, its file pattern `^.*(\.pb\.js|\.pb\.ts)$`), loaded in name order before the
 * app bootstraps. Each file's default export is called with the app:
 *
 * ```ts
 * import type { App } from '@isobase/core'
 * export default (app: App) => {
 *   app.onRecordCreateRequest('posts').bindFunc(async (e) => { …; await e.next() })
 * }
 * ```
 *
 * With watching on, a change to a source file in the directory reloads every file: the previous
 * generation's handlers are unbound and its routes closed (see {@link HooksScope}), without restarting
 * the process. A reload that fails is logged and the previous generation stays in force.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs'
import { join, relative } from 'node:path'
import { BootstrapEvent, ServeEvent, type App } from '@isobase/core'
import { HooksModuleLoader } from './hooks-module.js'
import { HooksScope } from './hooks-scope.js'

/** PocketBase's hooks file pattern. */
export const HOOKS_FILE_PATTERN = /^.*(\.pb\.js|\.pb\.ts)$/

const SOURCE_FILE = /\.(m|c)?(j|t)s$/
const BOOTSTRAP_HANDLER_ID = '__isobaseHooksBootstrap__'
const SERVE_HANDLER_ID = '__isobaseHooksServe__'
const RELOAD_DELAY_MS = 100

/** The loaded hooks directory. */
export interface HooksController {
  readonly dir: string
  /** The hooks files of the current generation (relative to `dir`). */
  readonly files: readonly string[]
  /** How many times the files were loaded successfully (1 after the first load). */
  readonly generation: number
  /** Loads every file again; throws (keeping the previous generation) when one fails. */
  reload(): Promise<void>
  /** Reloads on changes to source files in the directory; `onReload` hears each outcome. */
  watch(onReload?: (err?: unknown) => void): void
  /** Stops watching (the handlers stay bound). */
  close(): void
}

/** The hooks files of `dir` in load order. */
export function listHooksFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && HOOKS_FILE_PATTERN.test(d.name))
    .map((d) => d.name)
    .sort()
}

/**
 * Loads the hooks files of `dir` into `app` (call before `app.bootstrap()` so their bootstrap handlers
 * run). Resolves `undefined` when `dir` doesn't exist; rejects with the failing file's name when a file
 * can't be compiled or its default export throws.
 */
export async function loadHooksDir(app: App, dir: string): Promise<HooksController | undefined> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return undefined
  }
  let current: HooksScope | undefined
  let files: string[] = []
  let generation = 0
  let served: ServeEvent | undefined
  let watcher: FSWatcher | undefined
  let timer: NodeJS.Timeout | undefined
  let reloading: Promise<void> = Promise.resolve()

  // the real lifecycle hooks run the current generation's handlers inside their own chains
  app.onBootstrap().bind({
    id: BOOTSTRAP_HANDLER_ID,
    func: async (e) => {
      const scope = current
      if (!scope) {
        return e.next()
      }
      await scope.bootstrap.trigger(new BootstrapEvent(e.app), () => e.next())
    },
  })
  app.onServe().bind({
    id: SERVE_HANDLER_ID,
    func: async (se) => {
      served = se
      const scope = current
      if (!scope) {
        return se.next()
      }
      const inner = new ServeEvent(se.app, se.adapter, se.url, scope.router)
      await scope.serve.trigger(inner, async (ie) => {
        await se.next()
        ie.url = se.url
        ie.server = se.server
      })
    },
  })

  const load = async (): Promise<void> => {
    const names = listHooksFiles(dir)
    const scope = new HooksScope(app)
    const loader = new HooksModuleLoader(dir)
    try {
      for (const name of names) {
        await runHooksFile(loader, join(dir, name), scope.app)
      }
    } catch (err) {
      scope.dispose()
      throw err
    }
    const previous = current
    current = scope
    files = names
    generation++
    previous?.dispose()
    if (previous) {
      // a reload: the app is already up, so the new generation's lifecycle handlers run now
      if (app.isBootstrapped()) {
        await scope.runBootstrap()
      }
      if (served) {
        await scope.runServe(served)
      }
    }
  }

  await load()

  const controller: HooksController = {
    dir,
    get files() {
      return files
    },
    get generation() {
      return generation
    },
    reload() {
      reloading = reloading.catch(() => {}).then(load)
      return reloading
    },
    watch(onReload) {
      if (watcher) {
        return
      }
      watcher = watch(dir, { recursive: true }, (_event, name) => {
        if (name && !SOURCE_FILE.test(String(name))) {
          return
        }
        clearTimeout(timer)
        timer = setTimeout(() => {
          controller.reload().then(
            () => {
              app.logger.info('pb_hooks reloaded', { files: files.join(', ') })
              onReload?.()
            },
            (err: unknown) => {
              app.logger.error('pb_hooks reload failed; the previous hooks stay in force', { error: errorText(err) })
              onReload?.(err)
            },
          )
        }, RELOAD_DELAY_MS)
      })
      watcher.on('error', (err) => app.logger.warn('pb_hooks watcher failed', { error: String(err) }))
    },
    close() {
      clearTimeout(timer)
      watcher?.close()
      watcher = undefined
    },
  }
  return controller
}

async function runHooksFile(loader: HooksModuleLoader, path: string, app: App): Promise<void> {
  const where = relative(process.cwd(), path) || path
  let exported: unknown
  try {
    exported = loader.load(path)
  } catch (err) {
    throw new Error(`failed to load ${where}: ${errorText(err)}`, { cause: err })
  }
  const fn = typeof exported === 'function' ? exported : (exported as { default?: unknown } | null)?.default
  if (typeof fn !== 'function') {
    throw new Error(`${where}: the default export must be a function (app) => void`)
  }
  try {
    await (fn as (app: App) => unknown)(app)
  } catch (err) {
    throw new Error(`${where}: ${errorText(err)}`, { cause: err })
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
