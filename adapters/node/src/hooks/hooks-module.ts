/**
 * @module Evaluates `pb_hooks` files: TypeScript and ES modules are turned into CommonJS with sucrase
 * (pure JS, so it also works inside the single executable, where no esbuild binary exists) and run with
 * a `require` that:
 * - gives `@isobase/core` and `@isobase/node` the host's own modules (one copy of every class, so
 *   `instanceof ApiError` holds; inside the single executable there is no node_modules to load them from),
 * - loads relative `.ts`/`.js` files of the hooks directory through this same loader,
 * - resolves anything else with Node's `require` from the file's folder.
 *
 * Each reload evaluates the files afresh (a new module cache per generation), so edits take effect.
 * Not supported, because the files run as CommonJS: top-level `await` (put async work in the default
 * export, which may be async) and `import.meta`.
 */
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, extname, resolve } from 'node:path'
import { compileFunction } from 'node:vm'
import * as core from '@isobase/core'
import { transform } from 'sucrase'

/** Modules handed to hooks files as they are (`@isobase/node` registers itself in `index.ts`). */
const hostModules = new Map<string, object>([['@isobase/core', core]])
const cjsViews = new WeakMap<object, Record<string, unknown>>()

/** Registers a module that hooks files get from the host instead of from node_modules. */
export function provideHostModule(specifier: string, namespace: object): void {
  hostModules.set(specifier, namespace)
}

function hostModule(specifier: string): Record<string, unknown> | undefined {
  const namespace = hostModules.get(specifier)
  if (!namespace) {
    return undefined
  }
  let view = cjsViews.get(namespace)
  if (!view) {
    // note: sucrase's interop treats `__esModule` objects as ES module namespaces
    view = Object.freeze({ ...(namespace as Record<string, unknown>), __esModule: true })
    cjsViews.set(namespace, view)
  }
  return view
}

interface CjsModule {
  exports: unknown
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs']

/** A module cache for one load of the hooks directory. */
export class HooksModuleLoader {
  readonly #root: string
  readonly #cache = new Map<string, CjsModule>()

  /** `root`: the hooks directory; relative imports inside it are loaded by this loader. */
  constructor(root: string) {
    this.#root = resolve(root)
  }

  /** Evaluates a file (once per loader) and returns its `module.exports`. */
  load(file: string): unknown {
    const path = resolve(file)
    const cached = this.#cache.get(path)
    if (cached) {
      return cached.exports
    }
    const module: CjsModule = { exports: {} }
    this.#cache.set(path, module)
    try {
      const code = compileHooksSource(readFileSync(path, 'utf8'), path)
      const fn = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], {
        filename: path,
      })
      fn(module.exports, this.#requireFor(path), module, path, dirname(path))
    } catch (err) {
      this.#cache.delete(path)
      throw err
    }
    return module.exports
  }

  #requireFor(from: string): (specifier: string) => unknown {
    const nodeRequire = createRequire(from)
    return (specifier: string) => {
      const host = hostModule(specifier)
      if (host) {
        return host
      }
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = this.#resolveLocal(resolve(dirname(from), specifier))
        if (target) {
          return this.load(target)
        }
      }
      return nodeRequire(specifier)
    }
  }

  /** A source file inside the hooks directory, tried with the extensions TypeScript allows omitting. */
  #resolveLocal(path: string): string | undefined {
    if (!path.startsWith(this.#root)) {
      return undefined
    }
    // note: TypeScript sources import './x.js' for './x.ts'
    const base = /\.(m?js)$/.test(path) ? path.replace(/\.(m?)js$/, '.$1ts') : undefined
    const candidates = [path, ...(base ? [base] : []), ...SOURCE_EXTENSIONS.map((ext) => path + ext)]
    return candidates.find((c) => SOURCE_EXTENSIONS.includes(extname(c)) && isFile(c))
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** TypeScript/ESM → CommonJS (line numbers kept, so stack traces point at the source lines). */
export function compileHooksSource(source: string, filePath: string): string {
  const typescript = /\.(m|c)?ts$/.test(filePath)
  return transform(source, {
    transforms: typescript ? ['typescript', 'imports'] : ['imports'],
    filePath,
    disableESTransforms: true,
  }).code
}
