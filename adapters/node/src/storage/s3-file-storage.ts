/**
 * @module Files in an S3-compatible bucket (PocketBase `filesystem.NewS3` with its `s3blob` driver):
 * the same keys as the local layout, the content type as the object's `Content-Type` and the
 * `original-filename` metadata as `x-amz-meta-original-filename`.
 */
import { Readable } from 'node:stream'
import type { ReadableStream as NodeWebStream } from 'node:stream/web'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import {
  assertSafeKey,
  bodyBytes,
  deleteListedPrefix,
  OCTET_STREAM,
  type ByteRange,
  type FileAttributes,
  type FileBody,
  type FileRead,
  type FileStorage,
  type ListedFile,
  type PutOptions,
  type S3StorageConfig,
} from '@isobase/core'

const isNotFound = (err: unknown) =>
  err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NotFound' || err.name === 'NoSuchKey')

/** PocketBase accepts endpoints with or without a scheme (https by default). */
export function s3EndpointUrl(endpoint: string): string | undefined {
  if (endpoint === '') {
    return undefined
  }
  return /^https?:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`
}

/** A {@link FileStorage} over one bucket. */
export class S3FileStorage implements FileStorage {
  readonly client: S3Client
  readonly bucket: string

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket
    const endpoint = s3EndpointUrl(config.endpoint)
    this.client = new S3Client({
      region: config.region || 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKey, secretAccessKey: config.secret },
      // note: S3-compatible servers often reject the SDK's default streaming checksums (aws-chunked)
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })
  }

  async put(key: string, body: FileBody, options: PutOptions): Promise<void> {
    assertSafeKey(key)
    let payload: Buffer | Readable
    let length: number
    if (body instanceof Blob) {
      payload = Readable.fromWeb(body.stream() as NodeWebStream<Uint8Array>)
      length = body.size
    } else {
      const bytes = await bodyBytes(body)
      payload = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      length = bytes.byteLength
    }
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: payload,
        ContentLength: length,
        ContentType: options.contentType,
        ...(options.metadata && Object.keys(options.metadata).length > 0 ? { Metadata: options.metadata } : {}),
      }),
    )
  }

  async attributes(key: string): Promise<FileAttributes | undefined> {
    assertSafeKey(key)
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
      return {
        size: head.ContentLength ?? 0,
        contentType: head.ContentType ?? OCTET_STREAM,
        modTime: head.LastModified ?? new Date(0),
        metadata: { ...(head.Metadata ?? {}) },
      }
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
  }

  async read(key: string, range?: ByteRange): Promise<FileRead | undefined> {
    const attrs = await this.attributes(key)
    if (!attrs) {
      return undefined
    }
    if (range && (range.length === 0 || range.offset >= attrs.size)) {
      return { attrs, body: new Blob([]).stream() }
    }
    const end = range?.length !== undefined ? range.offset + range.length - 1 : undefined
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.offset}-${end ?? ''}` } : {}),
        }),
      )
      const body = res.Body
      if (!body) {
        return { attrs, body: new Blob([]).stream() }
      }
      return { attrs, body: body.transformToWebStream() as ReadableStream<Uint8Array> }
    } catch (err) {
      if (isNotFound(err)) return undefined
      throw err
    }
  }

  /** Deletes the object; S3 does not say whether it existed, so this resolves `true`. */
  async delete(key: string): Promise<boolean> {
    assertSafeKey(key)
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
    return true
  }

  async list(prefix: string): Promise<ListedFile[]> {
    const out: ListedFile[] = []
    let token: string | undefined
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
      )
      for (const obj of page.Contents ?? []) {
        if (obj.Key !== undefined) {
          out.push({ key: obj.Key, size: obj.Size ?? 0, modTime: obj.LastModified ?? new Date(0) })
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  deletePrefix(prefix: string): Promise<Error[]> {
    return deleteListedPrefix(this, prefix)
  }

  /** Closes the HTTP agent. */
  close(): void {
    this.client.destroy()
  }
}
