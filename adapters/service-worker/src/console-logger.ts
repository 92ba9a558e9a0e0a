/**
 * @module The default logger of a backend in the browser: warnings and errors to the console (the
 * worker's DevTools console), debug and info dropped. Request activity (a 4xx is an "error" entry)
 * stays out of the console: it is in the dashboard's Logs.
 */
import type { Logger } from '@isobase/core'

/** Logs warnings and errors with `console`; `debug: true` also logs debug and info lines. */
export function consoleLogger(options: { debug?: boolean } = {}): Logger {
  const line = (message: string, attrs?: Record<string, unknown>) =>
    attrs && Object.keys(attrs).length > 0 ? [`isobase: ${message}`, attrs] : [`isobase: ${message}`]
  return {
    debug: (m, a) => options.debug && console.debug(...line(m, a)),
    info: (m, a) => options.debug && console.info(...line(m, a)),
    warn: (m, a) => isRequest(a) || console.warn(...line(m, a)),
    error: (m, a) => isRequest(a) || console.error(...line(m, a)),
  }
}

function isRequest(attrs: Record<string, unknown> | undefined): boolean {
  return attrs?.type === 'request'
}
