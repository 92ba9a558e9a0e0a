// Declarations @journeyapps/wa-sqlite 2.0.6 does not ship (its src/types/index.d.ts lacks FacadeVFS).

declare module '@journeyapps/wa-sqlite/src/FacadeVFS.js' {
  /** wa-sqlite's JS-friendly VFS base: `x*` methods get raw pointers, `j*` methods decoded arguments. */
  export class FacadeVFS {
    constructor(name: string, module: object)
    name: string
    mxPathname: number
    /** The Emscripten module the VFS is registered on. */
    _module: {
      HEAPU8: Uint8Array
      HEAP32: Int32Array
      _sqlite3_malloc(n: number): number
      _sqlite3_free(p: number): void
    }
    close(): void | Promise<void>
    isReady(): boolean | Promise<boolean>
    hasAsyncMethod(methodName: string): boolean
    jOpen(
      filename: string | null,
      pFile: number,
      flags: number,
      pOutFlags: DataView,
    ): number | Promise<number>
    jDelete(filename: string, syncDir: number): number | Promise<number>
    jAccess(filename: string, flags: number, pResOut: DataView): number | Promise<number>
    jFullPathname(filename: string, zOut: Uint8Array): number | Promise<number>
    xRead(
      pFile: number,
      pData: number,
      iAmt: number,
      iOffsetLo: number,
      iOffsetHi: number,
    ): number | Promise<number>
    xWrite(
      pFile: number,
      pData: number,
      iAmt: number,
      iOffsetLo: number,
      iOffsetHi: number,
    ): number | Promise<number>
    xTruncate(pFile: number, sizeLo: number, sizeHi: number): number | Promise<number>
    xSync(pFile: number, flags: number): number | Promise<number>
    xFileSize(pFile: number, pSize: number): number | Promise<number>
    xLock(pFile: number, lockType: number): number | Promise<number>
    xUnlock(pFile: number, lockType: number): number | Promise<number>
    xCheckReservedLock(pFile: number, pResOut: number): number | Promise<number>
    xFileControl(pFile: number, op: number, pArg: number): number | Promise<number>
    xSectorSize(pFile: number): number | Promise<number>
    xDeviceCharacteristics(pFile: number): number | Promise<number>
    xClose(pFile: number): number | Promise<number>
  }
}
