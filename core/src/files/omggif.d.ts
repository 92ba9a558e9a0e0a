// Types for the parts of omggif (CommonJS, no bundled types) the GIF codec uses.
declare module 'omggif' {
  export class GifReader {
    constructor(buf: Uint8Array)
    width: number
    height: number
    numFrames(): number
    decodeAndBlitFrameRGBA(frameNum: number, pixels: Uint8Array | Uint8ClampedArray): void
  }
  export class GifWriter {
    constructor(buf: Uint8Array, width: number, height: number, options?: { palette?: number[]; loop?: number })
    addFrame(x: number, y: number, w: number, h: number, indexedPixels: Uint8Array, options?: { palette?: number[] }): number
    end(): number
  }
}
