// Ports of the BeforeTestFuncs in apis/middlewares_test.go: each registers a custom route
// (`e.Router.GET("/my/test", ...)`) guarded by one of PocketBase's route middlewares. The route is
// a hooks file per target: `routerAdd(...)` with `$apis.*` for the reference binary, an `onServe`
// handler adding the route with `@isobase/core`'s guards for Isobase.
import { forIds, trustXTestIp } from './helpers.js'
import type { ScenarioSetup, SetupTable } from './setup-types.js'

const id = (n: number) => `apis/middlewares_test.go#${n}`

/** A route middleware, as source text for each target. */
interface Guard {
  /** A JSVM expression (a `$apis.*` handler or a function). */
  pocketbase: string
  /** An expression over `@isobase/core`'s exports (in scope as `core`). */
  isobase: string
}

/**
 * Go: `e.Router.GET(path, func(e) { return e.String(200, "test123") }).Bind(guard)`. `path` is
 * written PocketBase's way (`/my/test/{id}`); Isobase's router spells a parameter `:id`.
 */
function customRoute(path: string, guard?: Guard, handler?: Guard): ScenarioSetup {
  const pbHandler = handler?.pocketbase ?? '(e) => e.string(200, "test123")'
  const isoHandler = handler?.isobase ?? "() => new Response('test123')"
  const isoPath = path.replace(/\{(\w+)\}/g, ':$1')
  const pbArgs = [JSON.stringify(path), pbHandler, ...(guard ? [guard.pocketbase] : [])]
  const isoArgs = [JSON.stringify(isoPath), ...(guard ? [guard.isobase] : []), isoHandler]
  return {
    shared: true,
    hooks: {
      pocketbase: `routerAdd("GET", ${pbArgs.join(', ')})\n`,
      isobase: `import * as core from '@isobase/core'

export default (app) => {
  app.onServe().bindFunc((se) => {
    se.router.get(${isoArgs.join(', ')})
    return se.next()
  })
}
`,
    },
  }
}

const GUARDS = {
  guestOnly: { pocketbase: '$apis.requireGuestOnly()', isobase: 'core.requireGuestOnly()' },
  auth: (...names: string[]): Guard => ({
    pocketbase: `$apis.requireAuth(${names.map((n) => JSON.stringify(n)).join(', ')})`,
    isobase: `core.requireAuth(${names.map((n) => JSON.stringify(n)).join(', ')})`,
  }),
  superuser: { pocketbase: '$apis.requireSuperuserAuth()', isobase: 'core.requireSuperuserAuth()' },
  superuserOrOwner: (param: string): Guard => ({
    pocketbase: `$apis.requireSuperuserOrOwnerAuth(${JSON.stringify(param)})`,
    isobase: `core.requireSuperuserOrOwnerAuth(${JSON.stringify(param)})`,
  }),
  sameCollection: (param: string): Guard => ({
    pocketbase: sameCollectionJsvm(param),
    isobase: `core.requireSameCollectionContextAuth(${JSON.stringify(param)})`,
  }),
}

/**
 * PocketBase's JSVM binds every `apis.Require*` guard but `RequireSameCollectionContextAuth`, so
 * the reference hook transcribes it (apis/middlewares.go): 401 without auth, 403 unless the auth
 * record's collection is the one the path parameter names.
 */
function sameCollectionJsvm(param: string): string {
  return `(e) => {
  if (!e.auth) {
    throw new UnauthorizedError("The request requires valid record authorization token.")
  }
  let collection = null
  try {
    collection = e.app.findCachedCollectionByNameOrId(e.request.pathValue(${JSON.stringify(param || 'collection')}))
  } catch (_) {}
  if (!collection || e.auth.collection().id != collection.id) {
    throw new ForbiddenError("The request requires auth record from " + e.auth.collection().name + " collection.")
  }
  return e.next()
}`
}
const SAME_COLLECTION_PARTIAL =
  "PocketBase's JSVM does not expose apis.RequireSameCollectionContextAuth: the reference hook transcribes it in JS"


/**
 * Go panics inside the route or its middleware (`panic("123")`). The reference binary's JSVM hook
 * panics for real: `$security.randomStringWithAlphabet(5, "")` ends in Go's `rand.Int` with a zero
 * bound, which panics, and goja passes Go panics through, so PocketBase's panic-recover
 * middleware answers. JavaScript has no panics (an error thrown by a JSVM or Isobase handler is
 * an ordinary error, 400); Isobase's hook throws `internalError()` instead.
 */
const PANIC: Guard = {
  pocketbase: '(e) => { $security.randomStringWithAlphabet(5, "") }',
  isobase: '() => { throw core.internalError() }',
}
const PANIC_PARTIAL =
  'JavaScript has no panics: PocketBase panics in Go (a native call with a zero bound), Isobase throws a 500 ApiError'

/** Go: trusted `x-test-ip` header, `SuperuserIPs = ips`, saved, plus a plain route. */
function whitelist(...ips: string[]): ScenarioSetup {
  return { ...customRoute('/my/test'), beforeStart: trustXTestIp(ips) }
}

const requireAuthAny = customRoute('/my/test', GUARDS.auth())
const ownerById = customRoute('/my/test/{id}', GUARDS.superuserOrOwner(''))
const ownerByTest = customRoute('/my/test/{test}', GUARDS.superuserOrOwner('test'))
const sameCollection: ScenarioSetup = customRoute('/my/test/{collection}', GUARDS.sameCollection(''))
const whitelistNoMatch = whitelist('0.0.0.0')

export const MIDDLEWARES_SETUPS: SetupTable = {
  // TestPanicRecover
  [id(0)]: { ...customRoute('/my/test', undefined, PANIC), partial: PANIC_PARTIAL },
  [id(1)]: { ...customRoute('/my/test', PANIC), partial: PANIC_PARTIAL },
  // TestRequireGuestOnly (one BeforeTestFunc for all four)
  ...forIds([id(2), id(3), id(4), id(5)], customRoute('/my/test', GUARDS.guestOnly)),
  // TestRequireAuth
  ...forIds([id(6), id(7), id(8), id(9), id(10), id(13)], requireAuthAny),
  [id(11)]: customRoute('/my/test', GUARDS.auth('users', 'demo1')),
  [id(12)]: customRoute('/my/test', GUARDS.auth('users', '_superusers')),
  // TestRequireSuperuserAuth
  ...forIds([id(14), id(15), id(16), id(17)], customRoute('/my/test', GUARDS.superuser)),
  // TestRequireSuperuserOrOwnerAuth
  ...forIds([id(18), id(19), id(20), id(21), id(24)], ownerById),
  [id(22)]: customRoute('/my/test/{id}', GUARDS.superuserOrOwner('test')),
  [id(23)]: ownerByTest,
  // TestRequireSameCollectionContextAuth (two of its scenarios bind the owner middleware)
  ...forIds([id(25), id(26), id(27), id(28), id(31)], {
    ...sameCollection,
    partial: SAME_COLLECTION_PARTIAL,
  }),
  [id(29)]: ownerById,
  [id(30)]: ownerByTest,
  // TestSuperuserIPsWhitelist
  ...forIds([id(32), id(33), id(34)], whitelistNoMatch),
  [id(35)]: whitelist('0.0.0.0', '127.0.0.1'),
  [id(36)]: whitelist(),
}
