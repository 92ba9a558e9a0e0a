/**
 * @module Entry of the `isobase-worker.js` bundle: the plain Isobase backend, no extra routes.
 */
import { exposeIsobaseWorker } from './worker-host.js'

exposeIsobaseWorker()
