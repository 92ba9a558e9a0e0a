/**
 * @module Loads the SQLite WebAssembly binary through Cache Storage, so a restarted Service Worker can
 * open its databases without the network, and compiles it once per worker instance.
 */

/** Cache Storage bucket holding the engine binaries; the version changes with the engine. */
export const WASM_CACHE = 'isobase-wasm-sqlite-2.0.6'
const CACHE_PREFIX = 'isobase-wasm-'

const compiled = new Map<string, Promise<WebAssembly.Module>>()

/**
 * Puts `urls` into the cache (call it from the `install` event so the worker works offline) and drops
 * the caches of other engine versions.
 */
export async function precacheWasm(urls: readonly string[]): Promise<void> {
  const cache = await caches.open(WASM_CACHE)
  await Promise.all(
    urls.map(async (url) => {
      if (!(await cache.match(url))) {
        await cache.add(url)
      }
    }),
  )
  const stale = (await caches.keys()).filter((k) => k.startsWith(CACHE_PREFIX) && k !== WASM_CACHE)
  await Promise.all(stale.map((k) => caches.delete(k)))
}

/** The compiled module at `url`: from the cache when present, else from the network (then cached). */
export function compileWasm(url: string): Promise<WebAssembly.Module> {
  let promise = compiled.get(url)
  if (!promise) {
    promise = (async () => {
      const cache = await caches.open(WASM_CACHE)
      let response = await cache.match(url)
      if (!response) {
        response = await fetch(url)
        if (!response.ok) {
          throw new Error(`cannot load ${url}: HTTP ${response.status}`)
        }
        await cache.put(url, response.clone())
      }
      return WebAssembly.compileStreaming(response)
    })()
    promise.catch(() => compiled.delete(url))
    compiled.set(url, promise)
  }
  return promise
}

/**
 * Emscripten's `instantiateWasm` hook over an already compiled module (compile first with
 * {@link compileWasm}, so a load failure rejects there instead of leaving the factory pending).
 */
export function instantiateFrom(module: WebAssembly.Module) {
  return (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): Record<string, never> => {
    WebAssembly.instantiate(module, imports).then(
      (instance) => receive(instance, module),
      (err: unknown) => console.error('isobase: cannot instantiate SQLite', err),
    )
    return {}
  }
}
