/**
 * Differential fuzz (opt-in): the same fixed-seed random requests against Isobase and the reference
 * PocketBase binary, both live on 127.0.0.1 and seeded identically through the API. Statuses, error
 * messages and field error codes must agree, and list results must hold the same rows.
 *
 * Run with `ISOBASE_REF_PB=/work/main/.ref/base node scripts/run-tests.mjs records-fuzz-reference`
 * (skipped otherwise: `npm test` needs no PocketBase binary).
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { encodeBody, requestArb, type FuzzRequest } from './fuzz-requests.test-util.js'
import { seedFuzzWorld, type FuzzWorld } from './fuzz-seed.test-util.js'
import { startIsobase, startPocketBase, type LiveTarget, type RawResponse } from './live-target.test-util.js'

const RUNS = Number(process.env.ISOBASE_FUZZ_RUNS ?? 1500)
const SEED = Number(process.env.ISOBASE_FUZZ_SEED ?? 20260514)
const bin = process.env.ISOBASE_REF_PB

/**
 * Known, accepted differences, skipped (not sent to either server, so both keep the same data):
 * - `fields=…:excerpt(x)` (a non-numeric length): PocketBase fails while writing the response and
 *   sends a 200 with an empty body; Isobase answers 400.
 * - a multipart text part starting with U+FEFF: the Fetch API's multipart parser drops the BOM, Go
 *   keeps it (so a BOM-prefixed `@jsonPayload` is invalid JSON there only).
 * - a request line at the 1 MiB header limit: Go and Node count the limit slightly differently.
 */
function knownDifference(req: FuzzRequest): boolean {
  if (req.path.length > 1_000_000) {
    return true
  }
  if (/[?&]fields=[^&]*excerpt%28[^&0-9]/i.test(req.path)) {
    return true
  }
  return req.body !== undefined && 'parts' in req.body && req.body.parts.some((p) => 'value' in p && p.value.startsWith('\ufeff'))
}

/**
 * Filters over values that differ between two servers by design (generated record ids, token keys,
 * timestamps, the clock, the superuser's random id): only the status and error are compared.
 */
const NONDETERMINISTIC = /\bid\b|tokenKey|created|updated|@now|@yesterday|@month|@todayStart|@request\.auth\.id/

/** What must agree: status, error message and codes; for lists the totals and (when on one page) the rows. */
function summary(req: FuzzRequest, res: RawResponse): string {
  if (res.status === 204 || !res.contentType.startsWith('application/json')) {
    return String(res.status)
  }
  let body: any
  try {
    body = JSON.parse(res.text)
  } catch {
    return `${res.status} not JSON: ${JSON.stringify(res.text.slice(0, 60))}`
  }
  if (res.status >= 400) {
    return `${res.status} ${body.message} ${JSON.stringify(codes(body.data))}`
  }
  if (req.kind !== 'list') {
    return `${res.status} ${normaliseId(body.id)}`
  }
  if (NONDETERMINISTIC.test(decodeURIComponentSafe(req.path))) {
    return `${res.status} (rows not compared)`
  }
  // note: ids the servers generated differ (and so do filters comparing them), so a page is compared
  // by its seeded rows, and only when it holds the whole result
  const onePage = body.totalItems >= 0 && body.totalItems <= body.perPage
  if (!onePage) {
    return `${res.status} page ${body.page}/${body.perPage} (several pages)`
  }
  const seeded = body.items.map((i: any) => normaliseId(i.id)).filter((id: string) => id !== '*')
  return `${res.status} page ${body.page}/${body.perPage} [${seeded.sort().join(',')}]`
}

/** Seeded ids stay; ids the servers generated differ by design. */
const normaliseId = (id: unknown) => (typeof id === 'string' && /^(post|tag|comm|fuzz)/.test(id) ? id : '*')

/** The field error codes of an error's `data`, without the messages. */
function codes(data: any): unknown {
  if (!data || typeof data !== 'object') {
    return data
  }
  if (typeof data.code === 'string') {
    return data.code
  }
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, codes(v)]))
}

describe('records API: Isobase and PocketBase answer random requests alike', { skip: bin && existsSync(bin) ? false : 'set ISOBASE_REF_PB to the reference binary' }, () => {
  let iso: LiveTarget
  let ref: LiveTarget
  let isoWorld: FuzzWorld
  let refWorld: FuzzWorld
  before(async () => {
    iso = await startIsobase({ queryTimeoutMs: 30_000 })
    ref = await startPocketBase(bin!)
    isoWorld = await seedFuzzWorld(iso)
    refWorld = await seedFuzzWorld(ref)
  })
  after(async () => {
    await iso?.close()
    await ref?.close()
  })

  test(`${RUNS} random requests`, async (t) => {
    const requests = fc.sample(requestArb, { seed: SEED, numRuns: RUNS })
    const diffs: string[] = []
    const pocketbase5xx: string[] = []
    for (const [i, req] of requests.entries()) {
      if (knownDifference(req)) {
        continue
      }
      const send = async (target: LiveTarget, world: FuzzWorld) => {
        const { body, headers } = encodeBody(req)
        const token = req.role === 'guest' ? undefined : world.tokens[req.role]
        return target.send({
          method: req.method,
          path: req.path,
          headers: { ...headers, ...(token ? { authorization: token } : {}) },
          ...(body !== undefined ? { body } : {}),
        })
      }
      const a = summary(req, await send(iso, isoWorld))
      const refRes = await send(ref, refWorld)
      if (refRes.status >= 500) {
        // note: a PocketBase bug (Isobase never answers 5xx, see records-fuzz.test.ts); reported, not copied
        pocketbase5xx.push(`#${i} ${req.method} ${req.path.slice(0, 200)} → ${a}`)
        continue
      }
      const b = summary(req, refRes)
      if (a !== b) {
        diffs.push(`#${i} ${req.role} ${req.method} ${decodeURIComponentSafe(req.path).slice(0, 400)}\n   body ${JSON.stringify(req.body)?.slice(0, 300)}\n   isobase:    ${a}\n   pocketbase: ${b}`)
      }
    }
    t.diagnostic(`${diffs.length} of ${RUNS} differ`)
    for (const line of pocketbase5xx) {
      t.diagnostic(`PocketBase answered 5xx: ${line}`)
    }
    assert.equal(diffs.length, 0, diffs.slice(0, 40).join('\n'))
  })
})

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
