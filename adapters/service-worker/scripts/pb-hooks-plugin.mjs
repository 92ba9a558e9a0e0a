// An esbuild plugin that bundles an app's pb_hooks into the Service Worker: `src/pb-hooks.ts` (which binds
// nothing) is replaced by a generated module that imports every `*.pb.ts` / `*.pb.js` of the hooks
// directory (PocketBase's pattern, in name order) and calls each default export with the app.
//
//   npm run bundle -w @isobase/service-worker -- --hooks ./pb_hooks
//
// Hooks files import `@isobase/core` (resolved to the worker's own copy, wherever the directory is);
// `@isobase/node` and Node built-ins don't exist in a worker.
import { readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const HOOKS_FILE_PATTERN = /^.*(\.pb\.js|\.pb\.ts)$/
const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The hooks directory given as `--hooks <dir>` / `--hooks=<dir>` in `argv`, if any. */
export function hooksDirFromArgv(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--hooks') return argv[i + 1]
    if (argv[i].startsWith('--hooks=')) return argv[i].slice('--hooks='.length)
  }
  return undefined
}

/** The generated module's source for the hooks files of `dir`. */
export function pbHooksModule(dir) {
  const files = readdirSync(dir)
    .filter((name) => HOOKS_FILE_PATTERN.test(name) && statSync(join(dir, name)).isFile())
    .sort()
  const imports = files.map((name, i) => `import * as hooks${i} from ${JSON.stringify(join(dir, name))}`)
  const calls = files.map(
    (name, i) => `  await run(${JSON.stringify(name)}, hooks${i}.default, app)`,
  )
  return {
    files,
    contents: `${imports.join('\n')}
async function run(name, fn, app) {
  if (typeof fn !== 'function') throw new Error(name + ': the default export must be a function (app) => void')
  await fn(app)
}
export async function registerPbHooks(app) {
${calls.join('\n')}
}
`,
  }
}

/** esbuild plugins bundling the hooks of `dir` (none when `dir` is undefined). */
export function pbHooksPlugins(dir) {
  if (dir === undefined) {
    return []
  }
  const hooksDir = resolve(dir)
  return [
    {
      name: 'isobase-pb-hooks',
      setup(build) {
        build.onResolve({ filter: /[\\/]pb-hooks\.js$/ }, (args) =>
          args.importer.startsWith(pkgDir) && !args.importer.startsWith(hooksDir)
            ? { path: hooksDir, namespace: 'isobase-pb-hooks' }
            : undefined,
        )
        build.onLoad({ filter: /.*/, namespace: 'isobase-pb-hooks' }, () => {
          const { files, contents } = pbHooksModule(hooksDir)
          console.log(`service-worker: bundling pb_hooks ${files.join(', ') || '(none)'} from ${hooksDir}`)
          return { contents, loader: 'js', resolveDir: hooksDir, watchDirs: [hooksDir] }
        })
        // hooks files get the worker's own core, wherever their directory is
        build.onResolve({ filter: /^@isobase\/core$/ }, (args) =>
          args.importer.startsWith(hooksDir)
            ? build.resolve('@isobase/core', { resolveDir: pkgDir, kind: args.kind })
            : undefined,
        )
      },
    },
  ]
}
