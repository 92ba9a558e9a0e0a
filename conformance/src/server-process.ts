import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'

/** Where and how to start one server. */
export interface ServerLaunch {
  file: string
  args: string[]
  env: NodeJS.ProcessEnv
  port: number
  /** How long to wait for `/api/health` to answer 200. */
  readyTimeoutMs?: number
}

const live = new Set<ServerProcess>()
const OUTPUT_TAIL_BYTES = 16 * 1024

// note: children are not killed with their parent; if this process ends abruptly (a test
// timeout, an uncaught error), no server may outlive it
process.on('exit', () => {
  for (const s of live) s.kill()
})

/** A server child process plus the tail of its output, for error messages. */
export class ServerProcess {
  readonly port: number
  private readonly child: ChildProcess
  private output = ''
  private exitInfo: string | undefined
  private readonly exited: Promise<void>

  private constructor(launch: ServerLaunch) {
    this.port = launch.port
    this.child = spawn(launch.file, launch.args, {
      env: launch.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    live.add(this)
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES)
    }
    this.child.stdout?.on('data', keep)
    this.child.stderr?.on('data', keep)
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`
        live.delete(this)
        resolve()
      })
      this.child.on('error', (err) => {
        this.exitInfo = `failed to spawn: ${err.message}`
        live.delete(this)
        resolve()
      })
    })
  }

  /** Starts the server and resolves once `GET /api/health` answers 200. */
  static async start(launch: ServerLaunch): Promise<ServerProcess> {
    const server = new ServerProcess(launch)
    const deadline = Date.now() + (launch.readyTimeoutMs ?? 20000)
    while (Date.now() < deadline) {
      if (server.exitInfo) {
        throw new Error(`server ${server.exitInfo} before it was ready${server.outputTail()}`)
      }
      if (await healthOk(launch.port)) return server
      await sleep(40)
    }
    await server.stop()
    throw new Error(
      `server not ready within ${launch.readyTimeoutMs ?? 20000}ms${server.outputTail()}`,
    )
  }

  /** Why the process is gone, or undefined while it runs. */
  get exitReason(): string | undefined {
    return this.exitInfo
  }

  /** The last lines the server printed, formatted for an error message. */
  outputTail(maxLines = 12): string {
    const lines = this.output.trimEnd().split('\n').slice(-maxLines)
    return lines.length && lines[0] ? `\n  server output:\n    ${lines.join('\n    ')}` : ''
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exitInfo) return
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs)
    await this.exited
    clearTimeout(timer)
  }

  /** Immediate SIGKILL (used on Ctrl-C). */
  kill(): void {
    if (!this.exitInfo) this.child.kill('SIGKILL')
  }

  /** Resolves when the process is gone. */
  waitExit(): Promise<void> {
    return this.exited
  }
}

/** Kills every server still running and waits (briefly) until they are gone. */
export async function killAllServers(waitMs = 2000): Promise<void> {
  const all = [...live]
  for (const s of all) s.kill()
  await Promise.race([Promise.all(all.map((s) => s.waitExit())), sleep(waitMs)])
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function healthOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/health', method: 'GET', agent: false, timeout: 1000 },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode === 200))
        res.on('error', () => resolve(false))
      },
    )
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}
