/**
 * @module What the e2e entries add to the product app (a plain use of core as a library), never part of
 * a product bundle: a known superuser, so the SDK suite can sign in on a fresh backend of any kind
 * (server, Service Worker, Worker, in-page), and the identity of the running backend instance, to
 * prove a restart happened.
 */
import type { App, BootstrapEvent } from '@isobase/core'
import { ensureSuperuser } from '@isobase/browser/seed'

/** `GET` returns `{ instance }`, a random id made when the routes were bound (once per backend start). */
export const E2E_INSTANCE_PATH = '/api/_e2e/instance'

/** `GET` returns `{ adapter }`: a route added by an `onServe` handler (absent where serve never fired). */
export const E2E_ADAPTER_PATH = '/api/_e2e/adapter'

/** The superuser every e2e backend has. */
export const E2E_SUPERUSER = Object.freeze({
  email: 'e2e-superuser@example.com',
  password: 'e2e-superuser-pass',
})

/**
 * Registers the e2e route and makes sure the e2e superuser exists: now when `app` is already
 * bootstrapped, else once it bootstraps. Usable as a `setup` hook of every adapter.
 */
export async function bindE2eRoutes(app: App): Promise<void> {
  const instance = crypto.randomUUID()
  app.router.get(E2E_INSTANCE_PATH, (e) => e.json(200, { instance }))
  app.onServe().bindFunc(async (se) => {
    se.router.get(E2E_ADAPTER_PATH, (e) => e.json(200, { adapter: se.adapter }))
    await se.next()
  })
  if (app.isBootstrapped()) {
    await ensureSuperuser(app, E2E_SUPERUSER.email, E2E_SUPERUSER.password)
    return
  }
  app.onBootstrap().bind({
    id: 'e2eSuperuser',
    func: async (e: BootstrapEvent) => {
      await e.next()
      await ensureSuperuser(e.app, E2E_SUPERUSER.email, E2E_SUPERUSER.password)
    },
  })
}
