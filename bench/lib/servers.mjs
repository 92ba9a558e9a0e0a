// Starting and watching the two servers under test: `isobase serve` (this checkout's Node adapter) and
// the reference PocketBase binary, each a child process on 127.0.0.1 with its own copy of the data.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PB_BINARY =
  process.env.PB_BINARY || fileURLToPath(new URL('../../.ref/base', import.meta.url))
const ISOBASE_BIN = fileURLToPath(new URL('../../adapters/node/bin/isobase.js', import.meta.url))

/** Whether the reference binary is built. */
export const hasPocketBase = () => existsSync(PB_BINARY)

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Reads a `/proc/<pid>/status` field in bytes (VmRSS, VmHWM). */
function procBytes(pid, field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : 0
}

/**
 * Starts `target` ('isobase' | 'pocketbase') serving `dataDir` on `port`. `nodeArgs` go to the isobase
 * node (e.g. `--cpu-prof`). PocketBase runs with `--automigrate=false` and a migrations dir of its own.
 */
export async function startServer(target, { dataDir, workDir, port, nodeArgs = [] }) {
  mkdirSync(workDir, { recursive: true })
  const base = ['serve', '--http', `127.0.0.1:${port}`, '--dir', dataDir]
  const [cmd, args] =
    target === 'pocketbase'
      ? [
          PB_BINARY,
          [
            ...base,
            '--automigrate=false',
            '--migrationsDir',
            join(workDir, 'pb_migrations'),
            '--hooksDir',
            join(workDir, 'pb_hooks'),
          ],
        ]
      : [process.execPath, [...nodeArgs, ISOBASE_BIN, ...base, '--hooksDir', join(workDir, 'pb_hooks')]]
  const child = spawn(cmd, args, { cwd: workDir, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (c) => {
    stderr = (stderr + c).slice(-4000)
  })
  const exited = new Promise((r) => child.once('exit', r))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${target} exited: ${stderr}`)
    try {
      if ((await fetch(`${url}/api/health`)).ok) break
    } catch {}
    if (i > 600) throw new Error(`${target} did not start: ${stderr}`)
    await sleep(50)
  }
  return {
    target,
    url,
    pid: child.pid,
    /** Resident memory now, bytes. */
    rss: () => procBytes(child.pid, 'VmRSS'),
    /** Peak resident memory since start or the last {@link resetPeak}, bytes. */
    peakRss: () => procBytes(child.pid, 'VmHWM'),
    /** Resets the peak (Linux `clear_refs` 5); false where the kernel refuses. */
    resetPeak() {
      try {
        writeFileSync(`/proc/${child.pid}/clear_refs`, '5')
        return true
      } catch {
        return false
      }
    },
    /** Total CPU seconds (user + system) used so far. */
    cpuSeconds() {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
      return (Number(f[11]) + Number(f[12])) / 100
    },
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(t)
    },
  }
}
