/**
 * @module The e2e Service Worker: the product installer plus the test-only routes. The script URL's
 * `?build=` (auto | asyncify | jspi) picks the SQLite build.
 */
import { createIdbSqliteOpener, installIsobase, type SqliteBuild } from '@isobase/service-worker'
import { bindE2eRoutes } from '../src/routes/e2e-routes.js'

const build = (new URL(location.href).searchParams.get('build') ?? 'auto') as SqliteBuild
const sqlite = createIdbSqliteOpener({ build })
installIsobase({ sqlite, setup: bindE2eRoutes, onInstall: () => sqlite.precache() })
