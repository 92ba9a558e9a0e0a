// Runs the load generator (./load-worker.mjs, autocannon) in its own process and returns its result.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url))

/**
 * One bounded measurement: `spec` as ./load-worker.mjs documents it. Resolves with
 * { ok, non2xx, errors, timeouts, total, seconds, rps, p50, p99, max }.
 */
export function runLoad(spec) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (err += c))
    const killer = setTimeout(() => child.kill('SIGKILL'), ((spec.duration ?? 5) + 60) * 1000)
    child.once('exit', (code) => {
      clearTimeout(killer)
      if (code !== 0) return reject(new Error(`load generator failed (${code}): ${err}`))
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()))
      } catch (e) {
        reject(new Error(`load generator output: ${out} ${err}`))
      }
    })
  })
}
