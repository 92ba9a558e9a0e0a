/**
 * @module `file` fields (PocketBase `core/field_file.go`).
 *
 * A field value holds the names of stored files and, until the record is saved, {@link UploadedFile}s
 * (new files). On create/update execution the uploads are stored under the record's directory before
 * the SQL write (and deleted again when the write fails); files the record no longer references are
 * deleted only after the change commits, so a failed request neither orphans nor loses files.
 */
import type { App } from '../app.js'
import type { FieldModel } from '../collections/collection-model.js'
import { appFileStorage } from '../files/app-file-storage.js'
import { fileExists, isEmptyDir, METADATA_ORIGINAL_NAME } from '../files/file-storage.js'
import { mimeIs } from '../files/mime-sniff.js'
import { isPlainFileName, recordFilesPath, thumbsPrefix } from '../files/storage-keys.js'
import { isUploadedFile, UploadedFile } from '../files/uploaded-file.js'
import { findRecordById } from '../records/record-query.js'
import type { RecordModel } from '../records/record-model.js'
import { toString, toUniqueStringSlice } from '../tools/cast.js'
import type { FieldCheck, FieldKind, FieldSetter, InterceptorAction } from './field-kind.js'
import { isMultiple, multiValueColumnType } from './multi-value.js'
import { checkCommonSettings, errLength, errMatch, errMax, errMin, errRequired, validationError } from './validators.js'

const THUMB_SIZE = /^(\d+)x(\d+)(t|b|f)?$/
const MAX_SAFE_JSON_INT = 2 ** 53 - 1
const LOOSE_FILE_NAME = /^[^./\\][^/\\]+$/

/** PocketBase's default per-file limit (`DefaultFileFieldMaxSize`): 5 MiB. */
export const DEFAULT_FILE_MAX_SIZE = 5 << 20

// note: record-model's INTERNAL_KEY_PREFIX, spelled out (record-model imports the field registry)
const DELETED_KEY = '@pbInternal_deletedFilesPrefix_'
const UPLOADED_KEY = '@pbInternal_uploadedFilesPrefix_'

/** A value item: a stored file name or a new upload. */
export type FileValue = string | UploadedFile

/** The most files a field accepts (`maxSelect`, at least 1). */
export function fileMaxSelect(field: FieldModel): number {
  return Math.max(typeof field.maxSelect === 'number' ? field.maxSelect : 0, 1)
}

/** The largest upload a field accepts (`maxSize`, 5 MiB when unset). */
export function fileMaxSize(field: FieldModel): number {
  return typeof field.maxSize === 'number' && field.maxSize > 0 ? field.maxSize : DEFAULT_FILE_MAX_SIZE
}

/** The body size a field may add to a record request (PocketBase `CalculateMaxBodySize`). */
export function fileMaxBodySize(field: FieldModel): number {
  return fileMaxSize(field) * fileMaxSelect(field)
}

const fileName = (v: FileValue): string => (typeof v === 'string' ? v : v.name)

/** Any input as a list of distinct (by name) names and uploads. */
export function toFileValues(raw: unknown): FileValue[] {
  let items: FileValue[]
  if (raw === null || raw === undefined) {
    items = []
  } else if (isUploadedFile(raw)) {
    items = [raw]
  } else if (Array.isArray(raw)) {
    items = []
    for (const v of raw) {
      const one = toFileValues(v)
      if (one.length === 1) {
        items.push(one[0]!)
      }
    }
  } else {
    items = toUniqueStringSlice(raw)
  }
  const seen = new Set<string>()
  return items.filter((v) => {
    const name = fileName(v)
    if (seen.has(name)) {
      return false
    }
    seen.add(name)
    return true
  })
}

/** The stored shape: a list for multiple fields, else the last item (or ''). */
function normalizeFileValue(field: FieldModel, raw: unknown): FileValue | FileValue[] {
  const files = toFileValues(raw)
  if (isMultiple(field)) {
    return files
  }
  return files.length > 0 ? files[files.length - 1]! : ''
}

const plainNames = (files: FileValue[]): string[] => files.filter((f): f is string => typeof f === 'string')
const uploads = (files: FileValue[]): UploadedFile[] => files.filter(isUploadedFile)

function excludeFiles(base: FileValue[], exclude: FileValue[]): FileValue[] {
  const names = new Set(exclude.map(fileName))
  return base.filter((f) => !names.has(fileName(f)))
}

/** The field value as last committed (re-read for updates, as a concurrent save may have changed it). */
async function latestOldValue(app: App, field: FieldModel, record: RecordModel): Promise<unknown> {
  if (!record.isNew()) {
    const latest = await findRecordById(app, record.collection, record.lastSavedPK()).catch(() => undefined)
    if (latest) {
      return latest.getRaw(field.name)
    }
  }
  return record.original().getRaw(field.name)
}

async function validateUpload(field: FieldModel, upload: UploadedFile): Promise<FieldCheck> {
  // loosely check the name in case it was changed after the normalisation
  const runes = [...upload.name].length
  if (runes < 1 || runes > 150) {
    return errLength(1, 150)
  }
  if (!LOOSE_FILE_NAME.test(upload.name)) {
    return errMatch()
  }
  const maxSize = fileMaxSize(field)
  if (upload.size > maxSize) {
    return validationError(
      'validation_file_size_limit',
      'Failed to upload {{.file}} - the maximum allowed file size is {{.maxSize}} bytes.',
      { file: upload.originalName.slice(0, 300), maxSize },
    )
  }
  const mimeTypes = Array.isArray(field.mimeTypes) ? field.mimeTypes.map(toString) : []
  if (mimeTypes.length > 0) {
    const sniffed = await upload.sniff()
    if (!mimeTypes.some((t) => mimeIs(sniffed, t))) {
      return validationError(
        'validation_invalid_mime_type',
        `${JSON.stringify(upload.name)} mime type must be one of: ${mimeTypes.join(', ')}.`,
      )
    }
  }
  return undefined
}

async function validateFileValue(app: App, field: FieldModel, record: RecordModel): Promise<FieldCheck> {
  const files = toFileValues(record.getRaw(field.name))
  if (files.length === 0) {
    return field.required ? errRequired() : undefined
  }
  // plain names may only refer to files the record already had; new files must be uploads
  const old = toFileValues(await latestOldValue(app, field, record))
  const added = excludeFiles(plainNames(files), old)
  if (added.length > 0) {
    return validationError('validation_invalid_file', 'Invalid new files: {{.invalidFiles}}.', {
      invalidFiles: added.map((f) => fileName(f).slice(0, 250)),
    })
  }
  const maxSelect = fileMaxSelect(field)
  if (files.length > maxSelect) {
    return validationError('validation_too_many_files', 'The maximum allowed files is {{.maxSelect}}', { maxSelect })
  }
  for (const upload of uploads(files)) {
    const err = await validateUpload(field, upload)
    if (err) {
      return err
    }
  }
  return undefined
}

/** Deletes record files by name (and their thumbs); returns the names that could not be deleted. */
async function deleteFilesByName(app: App, record: RecordModel, names: string[]): Promise<string[]> {
  if (names.length === 0) {
    return []
  }
  const storage = await appFileStorage(app)
  const base = recordFilesPath(record)
  const failed: string[] = []
  for (const name of [...new Set(names)]) {
    if (!isPlainFileName(name)) {
      continue
    }
    try {
      await storage.delete(`${base}/${name}`)
      const thumbErrors = await storage.deletePrefix(thumbsPrefix(base, name))
      if (thumbErrors.length > 0) {
        app.logger.warn('Failed to delete file thumbs', { error: thumbErrors.map(String).join('; ') })
      }
    } catch (err) {
      app.logger.warn('Failed to delete file', { file: name, error: String(err) })
      failed.push(name)
    }
  }
  return failed
}

/** Stores the field's uploads; on a failure deletes the ones already stored and throws. */
async function uploadNewFiles(app: App, field: FieldModel, record: RecordModel): Promise<void> {
  const pending = uploads(toFileValues(record.getRaw(field.name)))
  if (pending.length === 0) {
    return
  }
  if (record.id === '') {
    throw new Error('uploading files requires the record to have a valid nonempty id')
  }
  const storage = await appFileStorage(app)
  const base = recordFilesPath(record)
  const stored: string[] = []
  for (const upload of pending) {
    try {
      const sniffed = await upload.sniff()
      await storage.put(`${base}/${upload.name}`, upload.blob, {
        contentType: sniffed.mime,
        metadata: { [METADATA_ORIGINAL_NAME]: upload.originalName.slice(0, 255) },
      })
      stored.push(upload.name)
    } catch (err) {
      await deleteFilesByName(app, record, stored)
      throw new Error(`failed to upload all files: ${JSON.stringify(upload.name)}: ${String(err)}`, { cause: err })
    }
  }
}

/** After a successful write: the value keeps names only; the uploads are remembered for error clean-up. */
function replaceUploadsWithNames(field: FieldModel, record: RecordModel): void {
  const uploaded = (record.getRaw(UPLOADED_KEY + field.name) as UploadedFile[] | undefined) ?? []
  const value = toFileValues(record.getRaw(field.name)).map((v) => {
    if (isUploadedFile(v)) {
      uploaded.push(v)
      return v.name
    }
    return v
  })
  record.setRaw(field.name, normalizeFileValue(field, value))
  record.setRaw(UPLOADED_KEY + field.name, uploaded)
}

/** Remembers the files the new value dropped, to delete once the change is committed. */
function rememberFilesToDelete(field: FieldModel, record: RecordModel, oldValue: unknown): void {
  const dropped = excludeFiles(plainNames(toFileValues(oldValue)), plainNames(toFileValues(record.getRaw(field.name))))
  const pending = (record.getRaw(DELETED_KEY + field.name) as string[] | undefined) ?? []
  record.setRaw(DELETED_KEY + field.name, [...pending, ...dropped.map(fileName)])
}

async function processFilesToDelete(app: App, field: FieldModel, record: RecordModel): Promise<void> {
  const marked = (record.getRaw(DELETED_KEY + field.name) as string[] | undefined) ?? []
  if (marked.length === 0) {
    return
  }
  const current = new Set(plainNames(toFileValues(record.getRaw(field.name))))
  const failed = await deleteFilesByName(app, record, marked.filter((n) => !current.has(n)))
  record.setRaw(DELETED_KEY + field.name, failed)
}

async function deleteNewlyUploaded(app: App, field: FieldModel, record: RecordModel): Promise<void> {
  const uploaded = (record.getRaw(UPLOADED_KEY + field.name) as UploadedFile[] | undefined) ?? []
  if (uploaded.length === 0) {
    return
  }
  const failed = await deleteFilesByName(app, record, uploaded.map((u) => u.name))
  if (failed.length > 0) {
    app.logger.warn('Failed to cleanup all new files after record commit failure', { failedToDelete: failed })
  } else {
    record.setRaw(UPLOADED_KEY + field.name, undefined)
  }
}

async function interceptFiles(
  app: App,
  field: FieldModel,
  record: RecordModel,
  action: InterceptorAction,
  next: () => Promise<void>,
): Promise<void> {
  switch (action) {
    case 'createExecute':
    case 'updateExecute': {
      const oldValue = await latestOldValue(app, field, record)
      await uploadNewFiles(app, field, record)
      try {
        await next()
      } catch (err) {
        const names = uploads(toFileValues(record.getRaw(field.name))).map((u) => u.name)
        const failed = await deleteFilesByName(app, record, names)
        if (failed.length > 0) {
          app.logger.warn('Failed to cleanup the new uploaded file after record db write failure', { failedToDelete: failed })
        }
        throw err
      }
      // the write may still be rolled back by an enclosing transaction (e.g. a batch): undo the uploads then
      const uploadedNames = uploads(toFileValues(record.getRaw(field.name))).map((u) => u.name)
      if (uploadedNames.length > 0) {
        app.afterRollback(async (rootApp) => {
          const failed = await deleteFilesByName(rootApp, record, uploadedNames)
          if (failed.length > 0) {
            rootApp.logger.warn('Failed to cleanup the new uploaded files after a transaction rollback', { failedToDelete: failed })
          }
        })
      }
      rememberFilesToDelete(field, record, oldValue)
      replaceUploadsWithNames(field, record)
      return
    }
    case 'afterCreateError':
    case 'afterUpdateError': {
      // note: inside a transaction the failed write already removed its uploads
      if (app.isTransactional()) {
        return next()
      }
      await deleteNewlyUploaded(app, field, record)
      record.setRaw(DELETED_KEY + field.name, undefined)
      if (record.isNew()) {
        try {
          const storage = await appFileStorage(app)
          const dir = recordFilesPath(record)
          if (await isEmptyDir(storage, dir)) {
            await storage.deletePrefix(dir + '/')
          }
        } catch (err) {
          app.logger.warn('Failed to delete empty dir after new record commit failure', { error: String(err) })
        }
      }
      return next()
    }
    case 'afterCreate':
    case 'afterUpdate':
      record.setRaw(UPLOADED_KEY + field.name, undefined)
      try {
        await processFilesToDelete(app, field, record)
      } catch (err) {
        // note: the change is committed; a failed clean-up is logged, never a failed save
        app.logger.warn('Failed to delete the replaced files', { error: String(err) })
      }
      return next()
    default:
      return next()
  }
}

function fileSetter(field: FieldModel, key: string): FieldSetter | undefined {
  const name = field.name
  const current = (record: RecordModel) => toFileValues(record.getRaw(name))
  const set = (record: RecordModel, value: FileValue[]) => record.setRaw(name, normalizeFileValue(field, value))
  if (key === '+' + name) {
    return (record, raw) => set(record, [...toFileValues(raw), ...current(record)])
  }
  if (key === name + '+') {
    return (record, raw) => set(record, [...current(record), ...toFileValues(raw)])
  }
  if (key === name + '-') {
    return (record, raw) => set(record, excludeFiles(current(record), toFileValues(raw)))
  }
  return undefined
}

export const fileField: FieldKind = {
  type: 'file',
  defaults: () => ({ maxSelect: 1, maxSize: 0, mimeTypes: [], protected: false, required: false, thumbs: [] }),
  columnType: multiValueColumnType,
  prepareValue: (field, raw) => normalizeFileValue(field, raw),
  driverValue(field, record) {
    const names = toFileValues(record.getRaw(field.name)).map(fileName)
    if (isMultiple(field)) {
      return JSON.stringify(names)
    }
    return names.length > 0 ? names[names.length - 1]! : ''
  },
  isMultiple,
  validateValue: validateFileValue,
  validateSettings(field) {
    const errors = checkCommonSettings(field, {})
    for (const key of ['maxSelect', 'maxSize'] as const) {
      const v = field[key]
      if (typeof v === 'number') {
        if (v < 0) errors[key] = errMin(0)
        else if (v > MAX_SAFE_JSON_INT) errors[key] = errMax(MAX_SAFE_JSON_INT)
      }
    }
    if (Array.isArray(field.thumbs)) {
      const thumbErrors: Record<string, ReturnType<typeof validationError>> = {}
      field.thumbs.forEach((t, i) => {
        const s = toString(t)
        if (['0x0', '0x0t', '0x0b', '0x0f'].includes(s)) {
          thumbErrors[String(i)] = validationError('validation_not_in_invalid', 'must not be in list')
        } else if (!THUMB_SIZE.test(s)) {
          thumbErrors[String(i)] = validationError('validation_match_invalid', 'must be in a valid format')
        }
      })
      if (Object.keys(thumbErrors).length > 0) {
        errors.thumbs = thumbErrors
      }
    }
    return errors
  },
  findSetter: fileSetter,
  findGetter(field, key) {
    if (key === field.name + ':unsaved' || key === field.name + ':uploaded') {
      return (record) => uploads(toFileValues(record.getRaw(field.name)))
    }
    return undefined
  },
  intercept: interceptFiles,
}

/** Whether a stored object exists for a file name of `record` (used by tests and tools). */
export async function recordFileExists(app: App, record: RecordModel, name: string): Promise<boolean> {
  return fileExists(await appFileStorage(app), `${recordFilesPath(record)}/${name}`)
}
