/**
 * @module Uploaded files of a record request (PocketBase `extractUploadedFiles` and the file part of
 * `recordDataFromRequest`): multipart parts under `name`, `+name` or `name+` of a file field become
 * {@link UploadedFile}s merged into the submitted data.
 */
import { badRequest } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import type { RecordModel } from '../records/record-model.js'
import { toUniqueStringSlice } from '../tools/cast.js'
import { UploadedFile } from './uploaded-file.js'

/** The uploads of the request by key (`name`, `+name`, `name+`), for every file field of the record. */
export async function extractUploadedFiles(e: RequestEvent, record: RecordModel, prefix = ''): Promise<Map<string, UploadedFile[]>> {
  const result = new Map<string, UploadedFile[]>()
  if (!(e.request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    return result
  }
  // note: PocketBase parses the multipart form only when the collection has file fields, and Go's
  // parser fails on an empty body (no part, no final boundary): "Failed to read the submitted data."
  if (
    record.collection.fields.some((f) => f.type === 'file') &&
    !e.hasProvidedBody() &&
    (e.request.body === null || e.request.headers.get('content-length') === '0')
  ) {
    throw badRequest('Failed to read the submitted data.')
  }
  const { files } = await e.body()
  for (const field of record.collection.fields) {
    if (field.type !== 'file') {
      continue
    }
    for (let key of [field.name, '+' + field.name, field.name + '+']) {
      if (prefix !== '') {
        key = prefix + '.' + key
      }
      const parts = files.get(key) ?? []
      if (parts.length > 0) {
        result.set(key, await Promise.all(parts.map((f) => UploadedFile.fromMultipart(f))))
      }
    }
  }
  return result
}

/**
 * Adds the request's uploads to `data` (already modifier-resolved from `body`): for a plain `name` key
 * the names submitted under the same key are kept (so existing files are not dropped by accident),
 * then modifiers are resolved again against the record.
 */
export async function withUploadedFiles(
  e: RequestEvent,
  record: RecordModel,
  body: Readonly<Record<string, unknown>>,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const uploaded = await extractUploadedFiles(e, record)
  if (uploaded.size === 0) {
    return data
  }
  const result = { ...data }
  for (const [key, files] of uploaded) {
    const value: unknown[] = []
    if (body[key] !== undefined && body[key] !== null && !key.startsWith('+') && !key.endsWith('+') && !key.endsWith('-')) {
      value.push(...toUniqueStringSlice(body[key]))
    }
    value.push(...files)
    result[key] = value
  }
  return record.replaceModifiers(result)
}
