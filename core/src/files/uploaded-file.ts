/**
 * @module A file waiting to be stored (PocketBase's `filesystem.File`): the content, the name the client
 * sent and the normalised name it will be stored under. Record file fields hold these next to the
 * names of files already stored until the record is saved.
 */
import { normalizeFileName, multipartBaseName } from './file-name.js'
import { sniffBlob, type SniffedType } from './mime-sniff.js'

/** An upload (or any new file) to store with a record. */
export class UploadedFile {
  /** The stored name (normalised, with a random part). */
  name: string
  /** The name as the client sent it (metadata `original-filename`, cut to 255 chars when stored). */
  readonly originalName: string
  readonly size: number
  /** The content. */
  readonly blob: Blob
  #sniffed: Promise<SniffedType> | undefined

  private constructor(blob: Blob, originalName: string, name: string) {
    this.blob = blob
    this.originalName = originalName
    this.name = name
    this.size = blob.size
  }

  /** A new upload from a Blob/File; the stored name is derived from `originalName` (or the File's name). */
  static async fromBlob(blob: Blob, originalName?: string): Promise<UploadedFile> {
    const original = originalName ?? (typeof (blob as File).name === 'string' ? (blob as File).name : '')
    const file = new UploadedFile(blob, original, '')
    file.name = normalizeFileName(original, (await file.sniff()).extension)
    return file
  }

  /** A new upload from a multipart part (Go strips the client's directories from the part's file name). */
  static fromMultipart(file: File): Promise<UploadedFile> {
    return UploadedFile.fromBlob(file, multipartBaseName(file.name))
  }

  /** A new upload from bytes (PocketBase `NewFileFromBytes`); empty content is rejected. */
  static fromBytes(bytes: Uint8Array, originalName: string): Promise<UploadedFile> {
    if (bytes.length === 0) {
      throw new Error('cannot create an empty file')
    }
    return UploadedFile.fromBlob(new Blob([bytes as Uint8Array<ArrayBuffer>]), originalName)
  }

  /** The sniffed content type (computed once). */
  sniff(): Promise<SniffedType> {
    this.#sniffed ??= sniffBlob(this.blob)
    return this.#sniffed
  }

  /** The value rules and JSON see (PocketBase's `File.AsMap`). */
  toJSON(): { name: string; originalName: string; size: number } {
    return { name: this.name, originalName: this.originalName, size: this.size }
  }
}

/** Whether `value` is an upload (as opposed to a stored file name). */
export function isUploadedFile(value: unknown): value is UploadedFile {
  return value instanceof UploadedFile
}
