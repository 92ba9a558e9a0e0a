// Declarations for the parts of @journeyapps/wa-sqlite 2.0.6 this package imports (the package's own
// types have none for OPFSCoopSyncVFS).

declare module '@journeyapps/wa-sqlite/dist/wa-sqlite.mjs' {
  /** Emscripten module factory of the synchronous build. */
  export default function ModuleFactory(config?: object): Promise<unknown>
}

declare module '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js' {
  /**
   * A synchronous VFS over OPFS sync access handles (dedicated Workers only); files are plain OPFS
   * files, and several connections (tabs) take turns through Web Locks.
   */
  export class OPFSCoopSyncVFS {
    static create(name: string, module: object): Promise<OPFSCoopSyncVFS>
    readonly name: string
    close(): void
  }
}
