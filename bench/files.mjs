#!/usr/bin/env node
// Files benchmark against a real `isobase serve` child process on 127.0.0.1 (fresh temp pb_data):
//   - upload 1 MB: multipart record create with one 1 MB file, ms per request
//   - first thumb: 100x100 of a 2000x2000 JPEG, generated on request, ms per request
//   - cached thumb: the same thumb served again from storage, ms per request
//   - 100 MB download: the server's peak RSS (VmRSS, sampled every 20 ms) above its level before
//
//   node bench/run.mjs files [--uploads 30] [--thumbs 5] [--cached 200] [--big-mb 100]
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { newAuthToken, RecordModel, saveRecord } from '@isobase/core'
import { openNodeApp } from '@isobase/node'

const { values: opts } = parseArgs({
  options: {
    uploads: { type: 'string', default: '30' },
    thumbs: { type: 'string', default: '5' },
    cached: { type: 'string', default: '200' },
    'big-mb': { type: 'string', default: '100' },
  },
})
const require = createRequire(join(fileURLToPath(import.meta.url), '../../core/package.json'))
const BIN = fileURLToPath(new URL('../adapters/node/bin/isobase.js', import.meta.url))

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]
const fmt = (xs) => `median ${median(xs).toFixed(1)}  p95 ${p95(xs).toFixed(1)}  (n=${xs.length})`

/** A photo-like 2000x2000 JPEG (smooth gradients plus texture), made with the same mozjpeg build. */
async function makeJpeg(size) {
  const { default: encode, init } = await import(require.resolve('@jsquash/jpeg/encode.js'))
  await init(await WebAssembly.compile(readFileSync(require.resolve('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm'))))
  const data = new Uint8ClampedArray(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4
      data[i] = (x * 255) / size
      data[i + 1] = (y * 255) / size
      data[i + 2] = 128 + 60 * Math.sin(x / 37) * Math.cos(y / 23)
      data[i + 3] = 255
    }
  }
  return new Uint8Array(await encode({ data, width: size, height: size }, { quality: 85 }))
}

/** Prepares pb_data: a superuser and a public `bench` collection with a large file field. */
async function prepare(dir) {
  const node = await openNodeApp({ dir })
  const su = new RecordModel(node.app.findCachedCollection('_superusers'))
  su.load({ email: 'bench@example.com', password: '1234567890', passwordConfirm: '1234567890' })
  await saveRecord(node.app, su)
  const res = await node.app.request('/api/collections', {
    method: 'POST',
    headers: { authorization: await newAuthToken(node.app, su), 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'bench',
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '',
      fields: [{ name: 'f', type: 'file', maxSelect: 1, maxSize: 200 << 20 }],
    }),
  })
  if (res.status !== 200) throw new Error(`collection: ${res.status} ${await res.text()}`)
  await node.close()
}

function startServer(dir) {
  const port = 20000 + Math.floor(Math.random() * 20000)
  const child = spawn(process.execPath, [BIN, 'serve', '--http', `127.0.0.1:${port}`, '--dir', dir], { stdio: ['ignore', 'ignore', 'inherit'] })
  return { child, url: `http://127.0.0.1:${port}` }
}

async function waitUp(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url + '/api/health')).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('server did not start')
}

const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1])

async function upload(url, bytes, name) {
  const fd = new FormData()
  fd.append('f', new Blob([bytes]), name)
  const res = await fetch(`${url}/api/collections/bench/records`, { method: 'POST', body: fd })
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`)
  return res.json()
}

async function timed(fn) {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

const dir = mkdtempSync(join(tmpdir(), 'isobase-bench-files-'))
let server
try {
  await prepare(dir)
  server = startServer(dir)
  await waitUp(server.url)
  const { url, child } = server

  const oneMb = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff)
  await upload(url, oneMb, 'warmup.bin')
  const uploads = []
  for (let i = 0; i < Number(opts.uploads); i++) uploads.push(await timed(() => upload(url, oneMb, `f${i}.bin`)))

  const jpeg = await makeJpeg(2000)
  const firstThumbs = []
  let last
  for (let i = 0; i < Number(opts.thumbs); i++) {
    last = await upload(url, jpeg, `photo${i}.jpg`)
    const thumbUrl = `${url}/api/files/bench/${last.id}/${last.f}?thumb=100x100`
    firstThumbs.push(
      await timed(async () => {
        const res = await fetch(thumbUrl)
        if (res.headers.get('content-disposition') !== `inline; filename=100x100_${last.f}`) throw new Error('no thumb made')
        await res.arrayBuffer()
      }),
    )
  }
  const cached = []
  const thumbUrl = `${url}/api/files/bench/${last.id}/${last.f}?thumb=100x100`
  for (let i = 0; i < Number(opts.cached); i++) cached.push(await timed(async () => (await fetch(thumbUrl)).arrayBuffer()))

  const bigMb = Number(opts['big-mb'])
  const big = await upload(url, new Uint8Array(bigMb << 20), 'big.bin')
  // a fresh server process, so the upload's buffers don't hide what the download costs
  child.kill()
  await new Promise((r) => child.once('exit', r))
  server = startServer(dir)
  await waitUp(server.url)
  const fresh = server
  await fetch(`${fresh.url}/api/files/bench/${big.id}/${big.f}`, { headers: { range: 'bytes=0-0' } }).then((r) => r.arrayBuffer())
  const before = rssKb(fresh.child.pid)
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(fresh.child.pid))), 20)
  let received = 0
  const downloadMs = await timed(async () => {
    const res = await fetch(`${fresh.url}/api/files/bench/${big.id}/${big.f}`)
    for await (const chunk of res.body) received += chunk.length
  })
  clearInterval(sampler)
  if (received !== bigMb << 20) throw new Error(`download size ${received}`)

  console.log('files benchmark (isobase serve child process, local pb_data/storage, 127.0.0.1)')
  console.log(`  upload 1 MB file (record create), ms          ${fmt(uploads)}`)
  console.log(`  first thumb 100x100 of a 2000x2000 JPEG, ms   ${fmt(firstThumbs)}`)
  console.log(`  serve a cached thumb, ms                      ${fmt(cached)}`)
  console.log(
    `  stream a ${bigMb} MB download: ${downloadMs.toFixed(0)} ms, server RSS ${(before / 1024).toFixed(0)} MB before, ` +
      `peak +${((peak - before) / 1024).toFixed(1)} MB during`,
  )
} finally {
  server?.child.kill()
  rmSync(dir, { recursive: true, force: true })
}
