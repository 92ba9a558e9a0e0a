#!/usr/bin/env node
// Browser benchmark: the same official-SDK calls, made from a Chromium page on this machine, against
//   - the Node adapter (an HTTP server over a temp pb_data, reached over loopback with CORS),
//   - the Service Worker backend (JSPI and Asyncify builds, SQLite in IndexedDB),
//   - the Worker backend (OPFS) and the in-page backend (memory), for reference;
// ms per create / list (page of 50, filtered and sorted) / view, each sequential, as a superuser on a
// plain `bench` collection. Then the Service Worker's cold start: the first GET /api/health after the
// worker was stopped (an idle kill: engine compile from Cache Storage, databases opened, app bootstrapped).
//
//   node bench/run.mjs browser [--n 200] [--cold 7]
//
// Uses the e2e harness and bundles (npm run build first) and /usr/bin/chromium (CHROMIUM_PATH).
import { parseArgs } from 'node:util'

const { values: opts } = parseArgs({
  options: { n: { type: 'string', default: '200' }, cold: { type: 'string', default: '7' } },
})
const N = Number(opts.n)
const COLD = Number(opts.cold)

const harness = new URL('../e2e/dist-test/harness/', import.meta.url)
const { BrowserSession } = await import(new URL('browser-session.js', harness).href).catch(() => {
  console.error('bench browser: e2e harness not built (run npm run build)')
  process.exit(2)
})
const { nodeSdkTarget, swSdkTarget, pageBackendSdkTarget } = await import(new URL('sdk-targets.js', harness).href)
const { E2E_SUPERUSER } = await import(new URL('../routes/e2e-routes.js', harness).href)

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]
const cell = (xs) => `${median(xs).toFixed(2)} / ${p95(xs).toFixed(2)}`

/** Creates the `bench` collection and times create, list and view in the page (ms per call). */
function measure(page) {
  return page.evaluate(
    async ({ n, su }) => {
      const pb = window.e2e.client('bench_su')
      await pb.collection('_superusers').authWithPassword(su.email, su.password)
      await pb.collections.create({
        name: 'bench',
        type: 'base',
        fields: [
          { name: 'title', type: 'text' },
          { name: 'n', type: 'number' },
        ],
        indexes: ['CREATE INDEX idx_bench_n ON bench (n)'],
      })
      // warm-up (JIT, statement caches), not timed
      for (let i = 0; i < 10; i++) {
        const r = await pb.collection('bench').create({ title: `warm ${i}`, n: -1 })
        await pb.collection('bench').getOne(r.id)
        await pb.collection('bench').getList(1, 50, { sort: '-n', filter: 'n >= 10' })
      }
      const out = { create: [], list: [], view: [] }
      const ids = []
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        const r = await pb.collection('bench').create({ title: `row ${i}`, n: i })
        out.create.push(performance.now() - t0)
        ids.push(r.id)
      }
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        await pb.collection('bench').getList(1, 50, { sort: '-n', filter: 'n >= 10' })
        out.list.push(performance.now() - t0)
      }
      for (let i = 0; i < n; i++) {
        const t0 = performance.now()
        await pb.collection('bench').getOne(ids[(i * 7) % ids.length])
        out.view.push(performance.now() - t0)
      }
      return out
    },
    { n: N, su: E2E_SUPERUSER },
  )
}

/** Stops the running Service Workers of `page`'s origin (DevTools protocol). */
async function stopServiceWorkers(page) {
  const origin = new URL(page.url()).origin
  const cdp = await page.context().newCDPSession(page)
  try {
    const running = new Set()
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) {
        if (v.scriptURL.startsWith(origin + '/') && v.runningStatus !== 'stopped') running.add(v.versionId)
        else running.delete(v.versionId)
      }
    })
    await cdp.send('ServiceWorker.enable')
    await new Promise((r) => setTimeout(r, 20))
    for (const versionId of running) await cdp.send('ServiceWorker.stopWorker', { versionId })
  } finally {
    await cdp.detach()
  }
}

/** ms to the first answer of /api/health after an idle kill, `times` times. */
async function coldStarts(page, times) {
  const out = []
  for (let i = 0; i < times; i++) {
    await stopServiceWorkers(page)
    await new Promise((r) => setTimeout(r, 100))
    out.push(
      await page.evaluate(async () => {
        const t0 = performance.now()
        await (await fetch('/api/health')).text()
        return performance.now() - t0
      }),
    )
  }
  return out
}

const session = await BrowserSession.start()
const rows = []
const cold = []
try {
  const targets = [
    ['Node adapter (HTTP, loopback)', () => nodeSdkTarget(session)],
    ['Service Worker, JSPI (IndexedDB)', () => swSdkTarget(session, 'jspi')],
    ['Service Worker, Asyncify (IndexedDB)', () => swSdkTarget(session, 'asyncify')],
    ['Worker (OPFS)', () => pageBackendSdkTarget(session, { worker: 'opfs' })],
    ['in-page (memory)', () => pageBackendSdkTarget(session, 'in-page')],
  ]
  for (const [name, make] of targets) {
    const target = await make()
    try {
      const t = await measure(target.page)
      rows.push([name, t])
      console.error(`${name}: done`)
      if (name.startsWith('Service Worker')) {
        cold.push([name, await coldStarts(target.page, COLD)])
      }
    } finally {
      await target[Symbol.asyncDispose]()
    }
  }
} finally {
  await session.close()
}

console.log(`\n## Browser backends vs Node (ms per call, median / p95, n=${N}, sequential, from one Chromium page)\n`)
console.log('| backend | create | list (50, filter+sort) | view |')
console.log('|---|---|---|---|')
for (const [name, t] of rows) {
  console.log(`| ${name} | ${cell(t.create)} | ${cell(t.list)} | ${cell(t.view)} |`)
}
console.log(`\n## Service Worker cold start: first GET /api/health after an idle kill (ms, n=${COLD})\n`)
console.log('| build | median | min | max |')
console.log('|---|---|---|---|')
for (const [name, xs] of cold) {
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} |`)
}
