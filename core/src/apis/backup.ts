/**
 * @module `/api/backups` (PocketBase `apis/backup.go`, `backup_create.go`, `backup_upload.go`): list,
 * create, upload, download (with a superuser file token), delete and restore backups. Superusers only,
 * except the download, which checks its `?token=`.
 */
import type { App } from '../app.js'
import { requireSuperuserAuth } from '../auth/auth-middleware.js'
import { findAuthRecordByToken } from '../auth/record-tokens.js'
import { activeBackupName, isBackupActive, markBackupActive } from '../backups/active-backup.js'
import { createBackup } from '../backups/backup-create.js'
import { BACKUP_NAME_REGEX } from '../backups/backup-names.js'
import { restoreBackup } from '../backups/backup-restore.js'
import { backupsStorage } from '../backups/backups-storage.js'
import {
  multipartBoundary,
  readMultipartFile,
  type MultipartFile,
} from '../backups/multipart-file-stream.js'
import { checkLength, errMatch, errRequired, validationError } from '../fields/validators.js'
import { fileExists, type FileStorage } from '../files/file-storage.js'
import { multipartBaseName, normalizeFileName } from '../files/file-name.js'
import { mimeIs, SNIFF_LIMIT, sniffContentType } from '../files/mime-sniff.js'
import { serveStoredFile } from '../files/serve-file.js'
import {
  badRequest,
  forbidden,
  internalError,
  notFound,
  type FieldError,
} from '../http/api-error.js'
import { isIPInList, requestIP } from '../http/real-ip.js'
import { setRequestBodyLimit } from '../http/request-body.js'
import type { RequestEvent } from '../http/request-event.js'
import { getSettings } from '../settings/settings-store.js'
import { formatDateTime } from '../tools/datetime.js'

/** How long a restore waits after answering, so the response (and its log entry) gets out first. */
const RESTORE_DELAY_MS = 1000

/** Registers the backup routes. */
export function bindBackupApi(app: App): void {
  const guard = requireSuperuserAuth()
  app.router.get('/api/backups', guard, backupsList)
  app.router.post('/api/backups', guard, backupCreate)
  app.router.post(
    '/api/backups/upload',
    (e: RequestEvent) => setRequestBodyLimit(e.request, 0), // note: BodyLimit(0), as PocketBase
    guard,
    backupUpload,
  )
  app.router.get('/api/backups/:key', backupDownload)
  app.router.delete('/api/backups/:key', guard, backupDelete)
  app.router.post('/api/backups/:key/restore', guard, backupRestore)
}

async function storageOr(e: RequestEvent, status: 'bad' | 'internal'): Promise<FileStorage> {
  try {
    return await backupsStorage(e.app)
  } catch (err) {
    throw status === 'bad'
      ? badRequest('Failed to load backups filesystem.', {}, err)
      : internalError('Failed to load backups filesystem.', err)
  }
}

async function backupsList(e: RequestEvent): Promise<Response> {
  const storage = await storageOr(e, 'bad')
  let files
  try {
    files = await storage.list('')
  } catch (err) {
    throw badRequest('Failed to retrieve backup items. Raw error: \n' + String(err), {}, err)
  }
  return e.json(
    200,
    files.map((f) => ({ key: f.key, size: f.size, modified: formatDateTime(f.modTime) })),
  )
}

async function backupCreate(e: RequestEvent): Promise<Response> {
  if (isBackupActive(e.app)) {
    throw badRequest('Try again later - another backup/restore process has already been started')
  }
  let name: string
  try {
    const raw = (await e.body()).data.name
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      throw new Error('name must be a string')
    }
    name = raw ?? ''
  } catch (err) {
    throw badRequest('An error occurred while loading the submitted data.', {}, err)
  }
  const storage = await storageOr(e, 'bad')
  const nameError =
    checkLength(name, 1, 150) ??
    (name !== '' && !BACKUP_NAME_REGEX.test(name) ? errMatch() : undefined) ??
    (name !== '' && (await fileExists(storage, name).catch(() => true))
      ? validationError(
          'validation_backup_name_exists',
          'The backup file name is invalid or already exists.',
        )
      : undefined)
  if (nameError) {
    throw badRequest('An error occurred while validating the submitted data.', { name: nameError })
  }
  try {
    await createBackup(e.app, name)
  } catch (err) {
    e.app.logger.error('Failed to create backup', { name, error: String(err) })
    throw badRequest('Failed to create backup.', {}, err)
  }
  return e.noContent()
}

async function backupUpload(e: RequestEvent): Promise<Response> {
  const storage = await storageOr(e, 'internal')
  const contentType = e.request.headers.get('content-type') ?? ''
  // note: the file is streamed into the backups storage, never buffered whole (backups can be huge);
  // PocketBase only looks for multipart parts, and an unreadable body means "no file"
  let part: MultipartFile | undefined
  if (multipartBoundary(contentType)) {
    part = await readMultipartFile(e.request.body, contentType, 'file').catch(() => undefined)
  }
  const fail = (error: FieldError) => {
    void part?.body.cancel().catch(() => {})
    return badRequest('An error occurred while validating the submitted data.', { file: error })
  }
  if (!part) {
    throw fail(errRequired())
  }
  const originalName = multipartBaseName(part.filename)
  const [head, body] = await peek(part.body, SNIFF_LIMIT)
  const sniffed = sniffContentType(head, head.length < SNIFF_LIMIT)
  if (!mimeIs(sniffed, 'application/zip')) {
    throw fail(
      validationError(
        'validation_invalid_mime_type',
        `${JSON.stringify(normalizeFileName(originalName, sniffed.extension))} mime type must be one of: application/zip.`,
      ),
    )
  }
  if (await fileExists(storage, originalName).catch(() => true)) {
    throw fail(
      validationError(
        'validation_backup_name_exists',
        'Backup file with the specified name already exists.',
      ),
    )
  }
  try {
    await storage.put(originalName, body, {
      contentType: sniffed.mime,
      metadata: { 'original-filename': originalName },
    })
  } catch (err) {
    throw badRequest('Failed to upload backup.', {}, err)
  }
  return e.noContent()
}

/** The first `n` bytes of a stream (fewer at its end) and a stream of the whole content. */
async function peek(
  stream: ReadableStream<Uint8Array>,
  n: number,
): Promise<[Uint8Array, ReadableStream<Uint8Array>]> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let done = false
  while (size < n) {
    const r = await reader.read()
    if (r.done) {
      done = true
      break
    }
    chunks.push(r.value)
    size += r.value.length
  }
  const head = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    head.set(c, at)
    at += c.length
  }
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length > 0) controller.enqueue(head)
      if (done) controller.close()
    },
    async pull(controller) {
      const r = await reader.read()
      if (r.done) controller.close()
      else controller.enqueue(r.value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return [head, rest]
}

async function backupDownload(e: RequestEvent): Promise<Response> {
  const token = e.url.searchParams.get('token') ?? ''
  let isSuperuser = false
  try {
    const record = await findAuthRecordByToken(e.app, token, 'file')
    isSuperuser = record.collection.name === '_superusers'
  } catch {
    isSuperuser = false
  }
  if (!isSuperuser) {
    throw forbidden('Insufficient permissions to access the resource.')
  }
  const allowedIPs = (await getSettings(e.app)).superuserIPs ?? []
  if (allowedIPs.length > 0 && !isIPInList(allowedIPs, await requestIP(e))) {
    throw forbidden('Insufficient permissions to access the resource.')
  }
  const storage = await storageOr(e, 'internal')
  const key = e.params.key ?? ''
  const name = key.slice(key.lastIndexOf('/') + 1)
  let response: Response | undefined
  try {
    response = await serveStoredFile(storage, e.request, key, { name })
  } catch (err) {
    throw notFound(undefined, err)
  }
  if (!response) {
    throw notFound()
  }
  e.response = response
  return response
}

async function backupDelete(e: RequestEvent): Promise<Response> {
  const storage = await storageOr(e, 'internal')
  const key = e.params.key ?? ''
  if (key !== '' && activeBackupName(e.app) === key) {
    throw badRequest('The backup is currently being used and cannot be deleted.')
  }
  let deleted: boolean
  try {
    deleted = await storage.delete(key)
  } catch (err) {
    throw badRequest('Invalid or already deleted backup file. Raw error: \n' + String(err), {}, err)
  }
  if (!deleted) {
    throw badRequest(
      `Invalid or already deleted backup file. Raw error: \nblob (key ${JSON.stringify(key)}) (code=NotFound)`,
    )
  }
  return e.noContent()
}

async function backupRestore(e: RequestEvent): Promise<Response> {
  if (isBackupActive(e.app)) {
    throw badRequest('Try again later - another backup/restore process has already been started.')
  }
  const key = e.params.key ?? ''
  const storage = await storageOr(e, 'internal')
  if (!(await fileExists(storage, key).catch(() => false))) {
    throw badRequest('Missing or invalid backup file.')
  }
  // note: marked at once, so a backup or another restore can't start in the delay below
  const release = markBackupActive(e.app, key)
  const app = e.app
  setTimeout(() => {
    restoreBackup(app, key, release).catch((err: unknown) => {
      app.logger.error('Failed to restore backup', {
        key,
        error: err instanceof Error ? err.message : String(err),
      })
    })
  }, RESTORE_DELAY_MS)
  return e.noContent()
}
