// Declarations for the parts of @journeyapps/wa-sqlite 2.0.6 this package imports. The package's own
// types lack the JSPI build and describe an older IDBBatchAtomicVFS (no static `create`).

declare module '@journeyapps/wa-sqlite/dist/wa-sqlite-async.mjs' {
  /** Emscripten module factory of the Asyncify build. */
  export default function ModuleFactory(config?: object): Promise<unknown>
}

declare module '@journeyapps/wa-sqlite/dist/wa-sqlite-jspi.mjs' {
  /** Emscripten module factory of the JSPI build (needs `WebAssembly.Suspending`). */
  export default function ModuleFactory(config?: object): Promise<unknown>
}

declare module '@journeyapps/wa-sqlite/src/examples/IDBBatchAtomicVFS.js' {
  /** A VFS storing database pages in IndexedDB; works in every context, Service Workers included. */
  export class IDBBatchAtomicVFS {
    static create(
      name: string,
      module: object,
      options?: { idbName?: string },
    ): Promise<IDBBatchAtomicVFS>
    readonly name: string
    close(): void
  }
}
