/**
 * @module The app's `pb_hooks` in the Service Worker. This file binds nothing; bundling with
 * `npm run bundle -w @isobase/service-worker -- --hooks <dir>` replaces it with a module that imports
 * every `*.pb.ts` / `*.pb.js` of `<dir>` (see `scripts/pb-hooks-plugin.mjs`), so the same hooks files
 * the Node server loads run in the worker too.
 */
import type { App } from '@isobase/core'

/** Calls each bundled hooks file's default export with the app (in file name order). */
export async function registerPbHooks(_app: App): Promise<void> {}
