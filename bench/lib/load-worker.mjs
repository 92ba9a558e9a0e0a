#!/usr/bin/env node
// The load generator process: runs one autocannon measurement described by a JSON argument and prints
// the result as one JSON line. It runs apart from the bench driver and the servers (a separate process,
// as the rules of measurement ask), on 127.0.0.1 only, bounded by `duration` and `maxRequests`.
//
// Spec: { url, method, path | paths[], headers, body | bodyTemplate, connections, duration, maxRequests }
// - `paths` are taken round-robin (e.g. random record ids), `bodyTemplate` gets `[<n>]` replaced by a
//   counter unique in this run (unique names for creates).
import autocannon from 'autocannon'

const spec = JSON.parse(process.argv[2])
const url = new URL(spec.url)
if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
  throw new Error(`load generator: loopback only, got ${url.hostname}`)
}
let n = 0
let p = 0
const request = {
  method: spec.method ?? 'GET',
  path: spec.path ?? spec.paths?.[0] ?? '/',
  headers: spec.headers ?? {},
  body: spec.body,
}
if (spec.paths || spec.bodyTemplate) {
  request.setupRequest = (req) => {
    const out = { ...req }
    if (spec.paths) out.path = spec.paths[p++ % spec.paths.length]
    if (spec.bodyTemplate) out.body = spec.bodyTemplate.replaceAll('[<n>]', `${spec.prefix ?? ''}${n++}`)
    return out
  }
}
const started = performance.now()
const result = await autocannon({
  url: url.origin,
  connections: spec.connections ?? 10,
  duration: spec.duration ?? 5,
  maxOverallRequests: spec.maxRequests,
  timeout: spec.timeout ?? 30,
  requests: [request],
})
const seconds = (performance.now() - started) / 1000
process.stdout.write(
  JSON.stringify({
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
    seconds: result.duration || seconds,
    rps: result['2xx'] / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  }) + '\n',
)
