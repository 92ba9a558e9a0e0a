/**
 * @module The e2e backend Worker: the product worker host plus the test-only routes.
 */
import { exposeIsobaseWorker } from '@isobase/browser/worker'
import { bindE2eRoutes } from '../src/routes/e2e-routes.js'

exposeIsobaseWorker({ setup: bindE2eRoutes })
