/**
 * @module Page side: registers the Isobase Service Worker and waits until it controls the page.
 */

/** The message asking an active Isobase worker to take control of the pages in its scope. */
export const CLAIM_MESSAGE = 'isobase:claim'

/** Options of {@link registerIsobase}. */
export interface RegisterIsobaseOptions {
  /** URL of the Service Worker script (the `isobase-sw.js` bundle, or an app's own entry). */
  url: string | URL
  /** Registration scope; defaults to the script's directory. The page must lie inside it. */
  scope?: string
}

/**
 * Registers the Service Worker (as a module) and resolves once it controls this page, i.e. once the
 * page's `fetch('…/api/…')` calls are answered by it. Resolves at once when it already does.
 *
 * @example
 * ```ts
 * await registerIsobase({ url: '/isobase-sw.js', scope: '/' })
 * const pb = new PocketBase('/')
 * ```
 */
export async function registerIsobase(
  options: RegisterIsobaseOptions,
): Promise<ServiceWorkerRegistration> {
  const container = navigator.serviceWorker
  if (!container) {
    throw new Error(
      'Service Workers are not available here (they need a secure context: https or localhost)',
    )
  }
  const scriptUrl = new URL(options.url, location.href).href
  const registration = await container.register(scriptUrl, {
    type: 'module',
    scope: options.scope,
    updateViaCache: 'none',
  })
  if (!location.href.startsWith(registration.scope)) {
    throw new Error(
      `this page (${location.href}) is outside the Service Worker scope ${registration.scope}`,
    )
  }
  await new Promise<void>((resolve, reject) => {
    const controls = () => container.controller?.scriptURL === scriptUrl
    if (controls()) {
      resolve()
      return
    }
    const onChange = () => {
      if (controls()) {
        container.removeEventListener('controllerchange', onChange)
        resolve()
      }
    }
    container.addEventListener('controllerchange', onChange)
    if (registration.active?.scriptURL === scriptUrl) {
      // note: an active worker never claims a page loaded later without it (e.g. a hard reload); ask it to
      registration.active.postMessage({ type: CLAIM_MESSAGE })
    }
    // a worker whose script throws or whose install fails turns redundant and never takes control
    const pending = registration.installing ?? registration.waiting
    pending?.addEventListener('statechange', () => {
      if (pending.state === 'redundant' && !controls()) {
        container.removeEventListener('controllerchange', onChange)
        reject(new Error(`the Service Worker ${scriptUrl} failed to install`))
      }
    })
  })
  return registration
}
