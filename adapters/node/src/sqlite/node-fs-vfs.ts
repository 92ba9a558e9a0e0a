/**
 * @module A wa-sqlite VFS over Node's synchronous `fs` calls, so the sync WASM build reads and writes
 * real files durably: `xSync` is `fsync`/`fdatasync`, deletes and freshly created journals/WALs also
 * sync their directory (as SQLite's unix VFS does), and short reads are zero-filled.
 *
 * Locks: Node has no `fcntl`, so locks live in an in-process table keyed by path. That is correct for
 * any number of connections inside this process and invisible to other processes, which is why one
 * process must own a `pb_data` directory (see `pb-data-lock.ts`) and no other program may write the
 * files while it runs.
 *
 * WAL: the wal-index ("shared memory") lives in the WASM heap, shared by this process's connections
 * (`xShmMap`/`xShmLock`). No `-shm` file is written; after a crash SQLite rebuilds the index from the
 * WAL on the next open. This lets a read connection read while the writer holds a write transaction.
 *
 * The hot methods override the raw `x*` entry points to skip FacadeVFS's per-call proxy objects.
 */
import {
  closeSync,
  constants,
  accessSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { FacadeVFS } from '@journeyapps/wa-sqlite/src/FacadeVFS.js'
import { SqliteError, type WaSqliteModule } from '@isobase/core'

const SQLITE_OK = 0
const SQLITE_BUSY = 5
const SQLITE_NOTFOUND = 12
const SQLITE_FULL = 13
const SQLITE_CANTOPEN = 14
const SQLITE_IOERR_READ = 266
const SQLITE_IOERR_SHORT_READ = 522
const SQLITE_IOERR_WRITE = 778
const SQLITE_IOERR_FSYNC = 1034
const SQLITE_IOERR_DIR_FSYNC = 1290
const SQLITE_IOERR_TRUNCATE = 1546
const SQLITE_IOERR_FSTAT = 1802
const SQLITE_IOERR_DELETE = 2570
const SQLITE_IOERR_CLOSE = 4106
const SQLITE_IOERR_SHMMAP = 5642
const SQLITE_IOERR_DELETE_NOENT = 5898

const OPEN_READONLY = 0x01
const OPEN_READWRITE = 0x02
const OPEN_CREATE = 0x04
const OPEN_DELETEONCLOSE = 0x08
const OPEN_EXCLUSIVE = 0x10
const OPEN_MAIN_JOURNAL = 0x800
const OPEN_SUPER_JOURNAL = 0x4000
const OPEN_WAL = 0x80000

const LOCK_NONE = 0
const LOCK_SHARED = 1
const LOCK_RESERVED = 2
const LOCK_PENDING = 3
const LOCK_EXCLUSIVE = 4

const SHM_UNLOCK = 1
const SHM_SHARED = 4
const SHM_NLOCK = 8

const ACCESS_READWRITE = 1
const SYNC_DATAONLY = 0x10
const IOCAP_POWERSAFE_OVERWRITE = 0x1000
const SECTOR_SIZE = 4096
const TWO_32 = 4294967296

/** Lock and wal-index state shared by every handle open on one path. */
interface FileNode {
  readonly path: string
  handles: number
  /** Handles holding SHARED or more. */
  shared: number
  /** The handle holding RESERVED, PENDING or EXCLUSIVE. */
  writer: OpenFile | undefined
  pending: boolean
  exclusive: boolean
  shm: ShmNode | undefined
}

/** The wal-index: regions in the WASM heap plus SQLite's 8 shm lock slots. */
interface ShmNode {
  readonly regions: number[]
  readonly sharedCount: number[]
  readonly exclusiveOwner: Array<OpenFile | undefined>
  users: number
}

interface OpenFile {
  readonly fd: number
  readonly path: string
  readonly node: FileNode
  lock: number
  /** Sync the directory on the first xSync (a journal or WAL was opened with CREATE). */
  dirSync: boolean
  shmMapped: boolean
  shmShared: number
  shmExclusive: number
}

/** Counters for tests and measurements. */
export interface NodeFsVfsStats {
  fileSyncs: number
  dirSyncs: number
}

/** The name {@link registerNodeFsVfs} registers under by default. */
export const NODE_FS_VFS_NAME = 'isobase-node-fs'

/** A synchronous file VFS for the wa-sqlite sync build in Node. */
export class NodeFsVfs extends FacadeVFS {
  readonly stats: NodeFsVfsStats = { fileSyncs: 0, dirSyncs: 0 }
  readonly #files = new Map<number, OpenFile>()
  readonly #nodes = new Map<string, FileNode>()

  constructor(name: string, module: WaSqliteModule) {
    super(name, module)
    this.mxPathname = 1024
  }

  override jOpen(
    filename: string | null,
    pFile: number,
    flags: number,
    pOutFlags: DataView,
  ): number {
    let path: string
    let fd: number
    try {
      if (filename === null || filename === '') {
        // note: nameless temp files (temp_store=FILE) are unlinked at once, like the unix VFS does
        path = join(
          tmpdir(),
          `isobase-sqlite-${process.pid}-${Math.random().toString(36).slice(2)}`,
        )
        fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600)
        unlinkSync(path)
      } else {
        path = resolve(filename)
        let mode = flags & OPEN_READWRITE ? constants.O_RDWR : constants.O_RDONLY
        if (flags & OPEN_CREATE) {
          mode |= constants.O_CREAT
        }
        if (flags & OPEN_EXCLUSIVE) {
          mode |= constants.O_EXCL
        }
        try {
          fd = openSync(path, mode, 0o644)
        } catch (err) {
          // note: like the unix VFS, a file we may not write is opened read-only (SQLite then refuses writes)
          const code = (err as NodeJS.ErrnoException).code
          if (
            !(flags & OPEN_READWRITE) ||
            (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM')
          ) {
            throw err
          }
          fd = openSync(path, constants.O_RDONLY)
          flags = (flags & ~(OPEN_READWRITE | OPEN_CREATE)) | OPEN_READONLY
        }
        if (flags & OPEN_DELETEONCLOSE) {
          unlinkSync(path)
        }
      }
    } catch {
      return SQLITE_CANTOPEN
    }
    let node = this.#nodes.get(path)
    if (node === undefined) {
      node = {
        path,
        handles: 0,
        shared: 0,
        writer: undefined,
        pending: false,
        exclusive: false,
        shm: undefined,
      }
      this.#nodes.set(path, node)
    }
    node.handles++
    const journal = flags & (OPEN_MAIN_JOURNAL | OPEN_SUPER_JOURNAL | OPEN_WAL)
    this.#files.set(pFile, {
      fd,
      path,
      node,
      lock: LOCK_NONE,
      dirSync: journal !== 0 && (flags & OPEN_CREATE) !== 0,
      shmMapped: false,
      shmShared: 0,
      shmExclusive: 0,
    })
    pOutFlags.setInt32(0, flags, true)
    return SQLITE_OK
  }

  override xClose(pFile: number): number {
    const file = this.#files.get(pFile)
    if (file === undefined) {
      return SQLITE_OK
    }
    this.#shmRelease(file)
    this.xUnlock(pFile, LOCK_NONE)
    this.#files.delete(pFile)
    const node = file.node
    if (--node.handles === 0 && node.shm === undefined) {
      this.#nodes.delete(node.path)
    }
    try {
      closeSync(file.fd)
    } catch {
      return SQLITE_IOERR_CLOSE
    }
    return SQLITE_OK
  }

  override xRead(pFile: number, pData: number, iAmt: number, lo: number, hi: number): number {
    const file = this.#files.get(pFile)!
    const buffer = this._module.HEAPU8.subarray(pData, pData + iAmt)
    const offset = hi * TWO_32 + (lo >>> 0)
    let n = 0
    try {
      while (n < iAmt) {
        const got = readSync(file.fd, buffer, n, iAmt - n, offset + n)
        if (got === 0) {
          break
        }
        n += got
      }
    } catch {
      return SQLITE_IOERR_READ
    }
    if (n < iAmt) {
      buffer.fill(0, n)
      return SQLITE_IOERR_SHORT_READ
    }
    return SQLITE_OK
  }

  override xWrite(pFile: number, pData: number, iAmt: number, lo: number, hi: number): number {
    const file = this.#files.get(pFile)!
    const buffer = this._module.HEAPU8.subarray(pData, pData + iAmt)
    const offset = hi * TWO_32 + (lo >>> 0)
    try {
      let n = 0
      while (n < iAmt) {
        n += writeSync(file.fd, buffer, n, iAmt - n, offset + n)
      }
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ENOSPC' ? SQLITE_FULL : SQLITE_IOERR_WRITE
    }
    return SQLITE_OK
  }

  override xTruncate(pFile: number, lo: number, hi: number): number {
    const file = this.#files.get(pFile)!
    try {
      ftruncateSync(file.fd, hi * TWO_32 + (lo >>> 0))
    } catch {
      return SQLITE_IOERR_TRUNCATE
    }
    return SQLITE_OK
  }

  override xSync(pFile: number, flags: number): number {
    const file = this.#files.get(pFile)!
    try {
      if (flags & SYNC_DATAONLY) {
        fdatasyncSync(file.fd)
      } else {
        fsyncSync(file.fd)
      }
      this.stats.fileSyncs++
    } catch {
      return SQLITE_IOERR_FSYNC
    }
    if (file.dirSync) {
      // note: like the unix VFS, once, and ignoring failures (some filesystems can't fsync a directory)
      file.dirSync = false
      this.#syncDirectory(file.path)
    }
    return SQLITE_OK
  }

  override xFileSize(pFile: number, pSize: number): number {
    const file = this.#files.get(pFile)!
    let size: number
    try {
      size = fstatSync(file.fd).size
    } catch {
      return SQLITE_IOERR_FSTAT
    }
    const heap = this._module.HEAP32
    heap[pSize >> 2] = size | 0
    heap[(pSize >> 2) + 1] = Math.floor(size / TWO_32)
    return SQLITE_OK
  }

  override xLock(pFile: number, lockType: number): number {
    const file = this.#files.get(pFile)!
    const node = file.node
    if (file.lock >= lockType) {
      return SQLITE_OK
    }
    switch (lockType) {
      case LOCK_SHARED:
        if (node.pending || node.exclusive) {
          return SQLITE_BUSY
        }
        node.shared++
        file.lock = LOCK_SHARED
        return SQLITE_OK
      case LOCK_RESERVED:
        if (node.writer !== undefined && node.writer !== file) {
          return SQLITE_BUSY
        }
        node.writer = file
        file.lock = LOCK_RESERVED
        return SQLITE_OK
      default: {
        // EXCLUSIVE, through PENDING: no new readers once pending; wait for the others to leave
        if (node.writer !== undefined && node.writer !== file) {
          return SQLITE_BUSY
        }
        node.writer = file
        node.pending = true
        if (node.shared > 1) {
          file.lock = LOCK_PENDING
          return SQLITE_BUSY
        }
        node.exclusive = true
        file.lock = LOCK_EXCLUSIVE
        return SQLITE_OK
      }
    }
  }

  override xUnlock(pFile: number, lockType: number): number {
    const file = this.#files.get(pFile)
    if (file === undefined || file.lock <= lockType) {
      return SQLITE_OK
    }
    const node = file.node
    if (file.lock > LOCK_SHARED && node.writer === file) {
      node.writer = undefined
      node.pending = false
      node.exclusive = false
    }
    if (lockType === LOCK_NONE) {
      node.shared--
    }
    file.lock = lockType
    return SQLITE_OK
  }

  override xCheckReservedLock(pFile: number, pResOut: number): number {
    const file = this.#files.get(pFile)!
    this._module.HEAP32[pResOut >> 2] = file.node.writer !== undefined ? 1 : 0
    return SQLITE_OK
  }

  override xFileControl(): number {
    return SQLITE_NOTFOUND
  }

  override xSectorSize(): number {
    return SECTOR_SIZE
  }

  override xDeviceCharacteristics(): number {
    return IOCAP_POWERSAFE_OVERWRITE
  }

  override jDelete(filename: string, syncDir: number): number {
    const path = resolve(filename)
    try {
      unlinkSync(path)
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? SQLITE_IOERR_DELETE_NOENT
        : SQLITE_IOERR_DELETE
    }
    if (syncDir && !this.#syncDirectory(path)) {
      return SQLITE_IOERR_DIR_FSYNC
    }
    return SQLITE_OK
  }

  override jAccess(filename: string, flags: number, pResOut: DataView): number {
    let found = false
    try {
      if (flags === ACCESS_READWRITE) {
        accessSync(filename, constants.R_OK | constants.W_OK)
        found = true
      } else {
        // note: like the unix VFS, an empty regular file does not "exist" (no hot journal in it)
        const st = statSync(filename, { throwIfNoEntry: false })
        found = st !== undefined && (!st.isFile() || st.size > 0)
      }
    } catch {
      found = false
    }
    pResOut.setInt32(0, found ? 1 : 0, true)
    return SQLITE_OK
  }

  override jFullPathname(filename: string, zOut: Uint8Array): number {
    return super.jFullPathname(resolve(filename), zOut) as number
  }

  xShmMap(pFile: number, iRegion: number, regionSize: number, extend: number, pp: number): number {
    const file = this.#files.get(pFile)!
    const node = file.node
    const shm = (node.shm ??= {
      regions: [],
      sharedCount: new Array<number>(SHM_NLOCK).fill(0),
      exclusiveOwner: new Array<OpenFile | undefined>(SHM_NLOCK).fill(undefined),
      users: 0,
    })
    if (!file.shmMapped) {
      file.shmMapped = true
      shm.users++
    }
    const m = this._module
    while (shm.regions.length <= iRegion) {
      if (!extend) {
        m.HEAP32[pp >> 2] = 0
        return SQLITE_OK
      }
      const p = m._sqlite3_malloc(regionSize)
      if (p === 0) {
        return SQLITE_IOERR_SHMMAP
      }
      m.HEAPU8.fill(0, p, p + regionSize)
      shm.regions.push(p)
    }
    m.HEAP32[pp >> 2] = shm.regions[iRegion]!
    return SQLITE_OK
  }

  xShmLock(pFile: number, offset: number, n: number, flags: number): number {
    const file = this.#files.get(pFile)!
    const shm = file.node.shm
    if (shm === undefined) {
      return SQLITE_IOERR_SHMMAP
    }
    const mask = ((1 << n) - 1) << offset
    if (flags & SHM_UNLOCK) {
      for (let i = offset; i < offset + n; i++) {
        if (file.shmShared & (1 << i)) {
          shm.sharedCount[i]!--
        }
        if (shm.exclusiveOwner[i] === file) {
          shm.exclusiveOwner[i] = undefined
        }
      }
      file.shmShared &= ~mask
      file.shmExclusive &= ~mask
      return SQLITE_OK
    }
    if (flags & SHM_SHARED) {
      if ((file.shmShared & mask) === mask) {
        return SQLITE_OK
      }
      for (let i = offset; i < offset + n; i++) {
        const owner = shm.exclusiveOwner[i]
        if (owner !== undefined && owner !== file) {
          return SQLITE_BUSY
        }
      }
      for (let i = offset; i < offset + n; i++) {
        if (!(file.shmShared & (1 << i))) {
          shm.sharedCount[i]!++
        }
      }
      file.shmShared |= mask
      return SQLITE_OK
    }
    for (let i = offset; i < offset + n; i++) {
      const owner = shm.exclusiveOwner[i]
      if (
        (owner !== undefined && owner !== file) ||
        shm.sharedCount[i]! > (file.shmShared & (1 << i) ? 1 : 0)
      ) {
        return SQLITE_BUSY
      }
    }
    for (let i = offset; i < offset + n; i++) {
      shm.exclusiveOwner[i] = file
    }
    file.shmExclusive |= mask
    return SQLITE_OK
  }

  xShmBarrier(): void {
    // one thread: every write to the wal-index is already visible to the other connections
  }

  xShmUnmap(pFile: number): number {
    const file = this.#files.get(pFile)
    if (file !== undefined) {
      this.#shmRelease(file)
    }
    return SQLITE_OK
  }

  /** Drops a handle's wal-index locks and mapping; the last user frees the regions. */
  #shmRelease(file: OpenFile): void {
    const node = file.node
    const shm = node.shm
    if (shm === undefined || !file.shmMapped) {
      return
    }
    for (let i = 0; i < SHM_NLOCK; i++) {
      if (file.shmShared & (1 << i)) {
        shm.sharedCount[i]!--
      }
      if (shm.exclusiveOwner[i] === file) {
        shm.exclusiveOwner[i] = undefined
      }
    }
    file.shmShared = 0
    file.shmExclusive = 0
    file.shmMapped = false
    if (--shm.users === 0) {
      for (const p of shm.regions) {
        this._module._sqlite3_free(p)
      }
      node.shm = undefined
      if (node.handles === 0) {
        this.#nodes.delete(node.path)
      }
    }
  }

  /** Fsyncs the file's directory; false only when the fsync itself fails (not when it can't be opened). */
  #syncDirectory(path: string): boolean {
    let fd: number
    try {
      fd = openSync(dirname(path), constants.O_RDONLY)
    } catch {
      return true
    }
    try {
      fsyncSync(fd)
      this.stats.dirSyncs++
      return true
    } catch {
      return false
    } finally {
      closeSync(fd)
    }
  }
}

/** Registers a {@link NodeFsVfs} on `module` under `name` (not as the default VFS) and returns it. */
export function registerNodeFsVfs(module: WaSqliteModule, name = NODE_FS_VFS_NAME): NodeFsVfs {
  const vfs = new NodeFsVfs(name, module)
  const rc = module.vfs_register(vfs, false)
  if (rc !== SQLITE_OK) {
    throw new SqliteError(`cannot register the ${name} VFS`, rc)
  }
  installFastDispatch(module, vfs)
  return vfs
}

interface CallbackTable {
  _sqlite3_vfs_find(zName: number): number
  _sqlite3_malloc(n: number): number
  _sqlite3_free(p: number): void
  HEAPU8: Uint8Array
  UTF8ToString(ptr: number): string
  getCallback?(key: number): unknown
  setCallback?(key: number, target: unknown): void
}

/**
 * wa-sqlite 2.0.6 reaches a JS VFS object by decoding the method name (a C string literal) with
 * `TextDecoder` on every call, which is about a third of the cost of a cached point select. Given a
 * function instead of an object it passes the name's pointer through, so this dispatcher caches
 * pointer → bound method. Applied only when the module's callback table holds exactly our VFS object;
 * otherwise the slower default stays.
 */
function installFastDispatch(module: WaSqliteModule, vfs: NodeFsVfs): void {
  const m = module as unknown as CallbackTable
  if (typeof m.getCallback !== 'function' || typeof m.setCallback !== 'function') {
    return
  }
  const bytes = new TextEncoder().encode(vfs.name)
  const zName = m._sqlite3_malloc(bytes.byteLength + 1)
  m.HEAPU8.set(bytes, zName)
  m.HEAPU8[zName + bytes.byteLength] = 0
  const key = m._sqlite3_vfs_find(zName)
  m._sqlite3_free(zName)
  if (key === 0 || m.getCallback(key) !== vfs) {
    return
  }
  type VfsMethod = (...args: Array<number | undefined>) => number | void
  const methods = new Map<number, VfsMethod>()
  const target = vfs as unknown as Record<string, VfsMethod | undefined>
  m.setCallback(
    key,
    (namePtr: number, a?: number, b?: number, c?: number, d?: number, e?: number) => {
      let method = methods.get(namePtr)
      if (method === undefined) {
        const methodName = m.UTF8ToString(namePtr)
        const fn = target[methodName]
        if (typeof fn !== 'function') {
          throw new Error(`the VFS has no method ${methodName}`)
        }
        const bound: VfsMethod = fn.bind(vfs)
        methods.set(namePtr, bound)
        method = bound
      }
      return method(a, b, c, d, e)
    },
  )
}
