/**
 * @module pb_data directories on the Node side of the e2e tests: unpacking and packing pb_data zips
 * (with core's zip code) and running the reference PocketBase binary on one.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, relative, sep } from 'node:path'
import { bytesZipSource, createPbDataZip, readPbDataZip } from '@isobase/core'
import { REPO_ROOT } from './web-mounts.js'

/** Writes the regular files of a pb_data zip under `dir`. */
export async function unzipPbData(zip: Uint8Array, dir: string): Promise<string[]> {
  const paths: string[] = []
  for (const file of await readPbDataZip(bytesZipSource(zip))) {
    const target = join(dir, ...file.path.split('/'))
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, await file.bytes())
    paths.push(file.path)
  }
  return paths.sort()
}

/** A zip of every file under `dir` (PocketBase's backup layout), skipping `backups/`. */
export async function zipPbData(dir: string): Promise<Uint8Array> {
  const files: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name)
      if (statSync(path).isDirectory()) {
        if (relative(dir, path) !== 'backups') walk(path)
      } else if (!name.endsWith('-shm') && !name.endsWith('-wal') && name !== '.lock' && !name.endsWith('.lock')) {
        files.push(path)
      }
    }
  }
  walk(dir)
  const zip = createPbDataZip(files.map((f) => ({ path: relative(dir, f).split(sep).join('/'), body: readFileSync(f) })))
  return new Uint8Array(await new Response(zip).arrayBuffer())
}

/** The reference PocketBase binary, when present (`$ISOBASE_REF_PB` or `.ref/base`). */
export function refPocketBase(): string | undefined {
  const path = process.env.ISOBASE_REF_PB ?? `${REPO_ROOT}.ref/base`
  return existsSync(path) ? path : undefined
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Runs `<binary> serve` on `dir` until `stop()`; resolves once `/api/health` answers. */
export async function startPocketBase(binary: string, dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(binary, ['serve', '--http', `127.0.0.1:${port}`, '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await exited
    }
  }
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) {
      throw new Error(`PocketBase exited (${child.exitCode}): ${output}`)
    }
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) {
      return { url, stop }
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error(`PocketBase did not start: ${output}`)
}
