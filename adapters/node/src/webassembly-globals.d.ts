// The `WebAssembly` global as the Node adapter uses it. Node has it at run time, but TypeScript
// declares it only in the DOM/WebWorker libs, which this Node-typed project does not load (the
// declarations used to arrive as a side effect of `@whatwg-node/server`'s typings).
export {}

declare global {
  namespace WebAssembly {
    /** A compiled module. */
    interface Module {}
    /** Compiles a binary into a module. */
    function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>
  }
}
