/**
 * @module Isobase as a framework (PocketBase's `pocketbase.New()` + `app.Start()`): a program creates
 * the app, binds hooks and routes, then runs the `isobase` CLI from its own entry point.
 *
 * ```ts
 * import { Isobase } from '@isobase/node'
 *
 * const app = new Isobase()
 * app.onServe().bindFunc((se) => {
 *   se.router.get('/hello/:name', (e) => e.json(200, { message: `Hello ${e.params.name}` }))
 *   return se.next()
 * })
 * await app.start() // `node main.js serve --http 127.0.0.1:8090`
 * ```
 */
import { resolve } from 'node:path'
import { App } from '@isobase/core'
import type { Command } from 'commander'
import { buildCli, runCli } from './cli.js'
import { nodePlatform } from './node-app.js'

/** Options of {@link Isobase}; unset ones come from the command line (as PocketBase reads them). */
export interface IsobaseConfig {
  /** The data directory (`--dir`, default `pb_data`). */
  dir?: string
  /** Dev mode: debug logs, `pb_hooks` reload on change (`--dev`). */
  dev?: boolean
  /** The `pb_hooks` directory (`--hooksDir`, default `<dir>/../pb_hooks`). */
  hooksDir?: string
  /** Reload `pb_hooks` on change while serving (`--hooksWatch`, default: on in dev mode). */
  hooksWatch?: boolean
  /** The command line to read flags from and run; default `process.argv`. */
  argv?: string[]
  /** Seconds after which a read-only query is interrupted (`--queryTimeout`, default 30). */
  queryTimeout?: number
}

/** The global flags known before the command line is parsed (PocketBase pre-parses them too). */
export interface GlobalFlags {
  dir: string
  dev: boolean
  hooksDir: string
  hooksWatch: boolean
  queryTimeout: number
}

/**
 * A Node app over a data directory with the `isobase` commands (`serve`, `superuser …`). Every hook of
 * {@link App} is available before `start()`; `rootCmd` takes extra commands.
 */
export class Isobase extends App {
  readonly dataDir: string
  readonly dev: boolean
  readonly hooksDir: string
  readonly hooksWatch: boolean
  /** The CLI (commander); add commands with `app.rootCmd.command('name')…`. */
  readonly rootCmd: Command
  readonly #argv: string[]

  constructor(config: IsobaseConfig = {}) {
    const argv = config.argv ?? process.argv
    const flags = preParseFlags(argv.slice(2))
    const dir = resolve(config.dir ?? flags.dir ?? 'pb_data')
    const dev = config.dev ?? flags.dev ?? false
    const queryTimeout = config.queryTimeout ?? flags.queryTimeout
    // note: like PocketBase, a zero or negative --queryTimeout means the default
    super(nodePlatform(dir, dev, queryTimeout !== undefined && queryTimeout > 0 ? { queryTimeoutMs: queryTimeout * 1000 } : {}))
    this.dataDir = dir
    this.dev = dev
    this.hooksDir = resolve(config.hooksDir ?? flags.hooksDir ?? resolve(dir, '../pb_hooks'))
    this.hooksWatch = config.hooksWatch ?? flags.hooksWatch ?? dev
    this.#argv = argv
    this.rootCmd = buildCli(this)
  }

  /** Runs the command line (`serve`, `superuser upsert …`, `--help`); resolves when the command ends. */
  start(argv: string[] = this.#argv): Promise<void> {
    return runCli(this.rootCmd, argv)
  }
}

/** Reads the global flags from raw arguments (`--dir x`, `--dir=x`, `--dev`, `--dev=false`). */
export function preParseFlags(args: string[]): Partial<GlobalFlags> {
  const out: Partial<GlobalFlags> = {}
  const value = (i: number, inline: string | undefined): string | undefined => inline ?? args[i + 1]
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === '--') {
      break
    }
    const m = /^--([A-Za-z]+)(?:=(.*))?$/.exec(arg)
    if (!m) {
      continue
    }
    const [, name, inline] = m
    if (name === 'dir' || name === 'hooksDir') {
      const v = value(i, inline)
      if (v !== undefined) {
        out[name] = v
      }
    } else if (name === 'dev' || name === 'hooksWatch') {
      out[name] = inline === undefined ? true : parseBool(inline)
    } else if (name === 'queryTimeout') {
      const v = Number(value(i, inline))
      if (Number.isInteger(v)) {
        out.queryTimeout = v
      }
    }
  }
  return out
}

/** Go's `strconv.ParseBool` spellings; anything else is false. */
export function parseBool(text: string): boolean {
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)
}
