/**
 * @module One process owns a `pb_data` directory. The SQLite file VFS keeps its locks in process memory
 * (Node has no `fcntl`), so a second process writing the same files would corrupt them; this lock file
 * keeps it out with a clear message.
 *
 * The lock file (`<dir>/isobase.lock`) holds the owner's pid, its start time (Linux: `/proc/<pid>/stat`)
 * and boot id, so a lock left by a process that was killed (or by an earlier container whose pid is
 * reused) is recognised as stale and taken over. Creation is atomic (`link` of a fully written temp
 * file); a takeover replaces the stale file atomically (`rename`) while holding a short-lived
 * `isobase.lock.takeover` directory, and re-checks the owner under it, so two processes racing for a
 * stale lock cannot both win.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'

/** A held `pb_data` lock. */
export interface PbDataLock {
  /** The lock file. */
  readonly path: string
  /** Removes the lock file if it is still ours; safe to call more than once. */
  release(): void
}

/** Thrown when another live process holds the directory. The message is one line. */
export class PbDataLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `pb_data at ${dir} is already open in this process`
        : `pb_data at ${dir} is in use by another isobase process (pid ${pid})`,
    )
    this.name = 'PbDataLockedError'
  }
}

/** The name of the lock file inside `pb_data`. */
export const PB_DATA_LOCK_FILE = 'isobase.lock'

/** A takeover directory older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000

interface LockOwner {
  pid: number
  startTicks?: string
  bootId?: string
  startedAt?: string
  nonce: string
}

/**
 * Takes the lock on `dir` (which must exist) or throws {@link PbDataLockedError}. The lock is also
 * removed when the process exits normally.
 */
export function acquirePbDataLock(dir: string): PbDataLock {
  const root = resolve(dir)
  const lockPath = join(root, PB_DATA_LOCK_FILE)
  const me: LockOwner = {
    pid: process.pid,
    startTicks: processStartTicks(process.pid),
    bootId: bootId(),
    startedAt: new Date().toISOString(),
    nonce: randomBytes(12).toString('hex'),
  }
  const tmpPath = `${lockPath}.${process.pid}.${me.nonce}.tmp`
  writeDurably(tmpPath, JSON.stringify(me) + '\n')
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmpPath, lockPath)
        break
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw err
        }
      }
      const owner = readOwner(lockPath)
      if (owner !== undefined && isLive(owner)) {
        throw new PbDataLockedError(root, owner.pid)
      }
      if (takeOver(root, lockPath, tmpPath)) {
        break
      }
      if (attempt >= 50) {
        throw new Error(`cannot take over the stale lock ${lockPath}`)
      }
      sleepSync(20)
    }
  } finally {
    try {
      unlinkSync(tmpPath)
    } catch {
      // already renamed into place
    }
  }

  let released = false
  const release = () => {
    if (released) {
      return
    }
    released = true
    process.off('exit', release)
    if (readOwner(lockPath)?.nonce === me.nonce) {
      try {
        unlinkSync(lockPath)
      } catch {
        // gone already
      }
    }
  }
  process.on('exit', release)
  return { path: lockPath, release }
}

/**
 * Replaces a stale lock with ours under the takeover mutex. Returns false when someone else is taking
 * over right now (the caller retries); throws when the lock turned out to be live.
 */
function takeOver(root: string, lockPath: string, tmpPath: string): boolean {
  const mutex = `${lockPath}.takeover`
  try {
    mkdirSync(mutex)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw err
    }
    const age = Date.now() - (statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
    if (age > TAKEOVER_STALE_MS) {
      try {
        rmdirSync(mutex)
      } catch {
        // someone else cleared it
      }
    }
    return false
  }
  try {
    const owner = readOwner(lockPath)
    if (owner !== undefined && isLive(owner)) {
      throw new PbDataLockedError(root, owner.pid)
    }
    renameSync(tmpPath, lockPath)
    syncDir(root)
    return true
  } finally {
    rmdirSync(mutex)
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  let text: string
  try {
    text = readFileSync(lockPath, 'utf8')
  } catch {
    return undefined
  }
  try {
    const owner = JSON.parse(text) as LockOwner
    return Number.isInteger(owner.pid) && owner.pid > 0 ? owner : undefined
  } catch {
    // note: the file is only ever linked in fully written, so garbage means a damaged file: stale
    return undefined
  }
}

/** Whether the recorded owner is still running (the same process, not a reused pid). */
function isLive(owner: LockOwner): boolean {
  const currentBoot = bootId()
  if (owner.bootId !== undefined && currentBoot !== undefined && owner.bootId !== currentBoot) {
    return false
  }
  if (!pidExists(owner.pid)) {
    return false
  }
  const ticks = processStartTicks(owner.pid)
  if (owner.startTicks !== undefined && ticks !== undefined) {
    return owner.startTicks === ticks
  }
  return true
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // note: the command name (field 2) may contain spaces and parentheses; fields resume after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19]
  } catch {
    return undefined
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    return undefined
  }
}

function writeDurably(path: string, text: string): void {
  const fd = openSync(path, 'wx', 0o644)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // best effort: some filesystems refuse fsync on directories
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}
