/**
 * @module Files: `GET /api/files/:collection/:recordId/:filename` (download, thumbs, protected files)
 * and `POST /api/files/token` (PocketBase `apis/file.go`). Also deletes a record's or collection's
 * storage directory after it is deleted (PocketBase's files manager hook).
 */
import type { App } from '../app.js'
import { canAccessRecord } from '../auth/auth-rules.js'
import { requireAuth } from '../auth/auth-middleware.js'
import { findAuthRecordByToken, newFileToken } from '../auth/record-tokens.js'
import { appFileStorage } from '../files/app-file-storage.js'
import { findFileFieldByFile, findRecordByViewFile } from '../files/record-file-lookup.js'
import { FileDownloadRequestEvent, FileTokenRequestEvent } from '../files/file-request-events.js'
import { serveStoredFile } from '../files/serve-file.js'
import { collectionFilesPath, recordFilesPath, thumbKey } from '../files/storage-keys.js'
import { ensureThumb } from '../files/thumb-cache.js'
import { DEFAULT_THUMB_SIZES } from '../files/thumb-size.js'
import { THUMB_SOURCE_TYPES } from '../files/thumb-maker.js'
import { notFound, unauthorized } from '../http/api-error.js'
import { collectionPathRateLimit, excludeFromGlobalRateLimit } from '../http/rate-limit.js'
import { isIPInList, requestIP } from '../http/real-ip.js'
import { authExport, type RequestEvent } from '../http/request-event.js'
import { findRecordById } from '../records/record-query.js'
import type { RecordModel } from '../records/record-model.js'
import { getSettings } from '../settings/settings-store.js'
import { toString } from '../tools/cast.js'

/** Set in `e.store` for file downloads: PocketBase drops `X-Frame-Options` so files can be embedded. */
export const FILE_DOWNLOAD_STORE_KEY = 'pbFileDownload'

/** Registers the file routes and the storage clean-up after record and collection deletes. */
export function bindFileApi(app: App): void {
  app.router.post('/api/files/token', requireAuth(), fileToken)
  app.router.get('/api/files/:collection/:recordId/:filename', collectionPathRateLimit('', 'file'), download)
  excludeFromGlobalRateLimit(app, { method: 'GET', path: /^\/api\/files\/[^/]+\/[^/]+\/[^/]+$/ })

  app.recordHooks.afterDeleteSuccess.bind({
    id: '__pbFilesManagerDelete__',
    priority: -99,
    func: async (e) => {
      if (e.record.collection.type !== 'view') {
        await deleteStoragePrefix(e.app, recordFilesPath(e.record) + '/')
      }
      await e.next()
    },
  })
  app.collectionHooks.afterDeleteSuccess.bind({
    id: '__pbFilesManagerDelete__',
    priority: -99,
    func: async (e) => {
      if (e.collection.type !== 'view') {
        await deleteStoragePrefix(e.app, collectionFilesPath(e.collection) + '/')
      }
      await e.next()
    },
  })
}

async function deleteStoragePrefix(app: App, prefix: string): Promise<void> {
  try {
    const failed = await (await appFileStorage(app)).deletePrefix(prefix)
    if (failed.length > 0) {
      throw new Error(failed.map(String).join('; '))
    }
  } catch (err) {
    // note: like PocketBase, a failed clean-up is logged, never turned into a failed delete
    app.logger.error('Failed to delete storage prefix (non critical error; usually could happen because of S3 api limits)', {
      prefix,
      error: String(err),
    })
  }
}

async function fileToken(e: RequestEvent): Promise<Response | undefined> {
  if (!e.auth) {
    throw unauthorized('Missing auth context.')
  }
  const token = await newFileToken(e.app, e.auth)
  const event = new FileTokenRequestEvent(e, e.auth, token)
  await e.app.fileHooks.tokenRequest.trigger(event, async (ev) => {
    // note: answered once a handler's transaction (if any) commits, like PocketBase's execAfterSuccessTx
    await ev.app.afterCommit(async () => {
      ev.request.json(200, { token: ev.token })
    })
  })
  return e.response
}

/** The auth record of a file token, or null (superusers outside the IP allow list are treated as guests). */
async function fileTokenAuth(e: RequestEvent, token: string): Promise<RecordModel | null> {
  let record: RecordModel | null = null
  try {
    record = await findAuthRecordByToken(e.app, token, 'file')
  } catch {
    return null
  }
  if (record.collection.name === '_superusers') {
    const allowed = (await getSettings(e.app)).superuserIPs ?? []
    if (allowed.length > 0 && !isIPInList(allowed, await requestIP(e))) {
      return null
    }
  }
  return record
}

async function download(e: RequestEvent): Promise<Response | undefined> {
  const collection = e.app.findCachedCollection(e.params.collection ?? '')
  if (!collection) {
    throw notFound()
  }
  const recordId = e.params.recordId ?? ''
  if (recordId === '') {
    throw notFound()
  }
  const record = await findRecordById(e.app, collection, recordId).catch(() => undefined)
  if (!record) {
    throw notFound()
  }
  const filename = e.params.filename ?? ''
  const field = findFileFieldByFile(record, filename)
  if (!field) {
    throw notFound()
  }

  if (field.protected === true) {
    const original = await e.requestInfo()
    const authRecord = await fileTokenAuth(e, e.url.searchParams.get('token') ?? '')
    const info = { ...original, context: 'protectedFile' as const, auth: authRecord ? authExport(authRecord) : null }
    const ok = await canAccessRecord(e.app, record, info, collection.viewRule).catch(() => false)
    if (!ok) {
      throw notFound()
    }
  }

  let base = recordFilesPath(record)
  if (collection.type === 'view') {
    const owner = await findRecordByViewFile(e.app, filename)
    if (!owner) {
      throw notFound()
    }
    base = recordFilesPath(owner)
  }

  const storage = await appFileStorage(e.app)
  const originalKey = `${base}/${filename}`
  const event = new FileDownloadRequestEvent(e, collection, record, field, originalKey, filename)

  const thumbSize = e.url.searchParams.get('thumb') ?? ''
  const thumbs = Array.isArray(field.thumbs) ? field.thumbs.map(toString) : []
  if (thumbSize !== '' && (DEFAULT_THUMB_SIZES.includes(thumbSize) || thumbs.includes(thumbSize))) {
    const attrs = await storage.attributes(originalKey)
    if (!attrs) {
      throw notFound()
    }
    if (THUMB_SOURCE_TYPES.includes(attrs.contentType)) {
      const key = thumbKey(base, filename, thumbSize)
      try {
        await ensureThumb(e.app, storage, originalKey, key, thumbSize)
        event.servedPath = key
        event.servedName = `${thumbSize}_${filename}`
      } catch (err) {
        e.app.logger.warn(`Fallback to original - failed to create thumb ${thumbSize}_${filename}`, {
          error: String(err),
          original: originalKey,
          thumb: key,
        })
        event.thumbError = err instanceof Error ? err : new Error(String(err))
      }
    }
  }
  if (thumbSize !== '' && !event.thumbError && event.servedPath === originalKey) {
    event.thumbError = new Error(
      `the thumb size ${JSON.stringify(thumbSize)} or the original file format are not supported`,
    )
  }

  // note: marked outside the hook, as PocketBase drops X-Frame-Options before triggering it
  e.store.set(FILE_DOWNLOAD_STORE_KEY, true)
  await e.app.fileHooks.downloadRequest.trigger(event, async (ev) => {
    await ev.app.afterCommit(async () => {
      // note: any failure to serve (missing file, a bad path set by a handler) is a 404, as in PocketBase
      const response = await serveStoredFile(storage, ev.request.request, ev.servedPath, {
        name: ev.servedName,
      }).catch(() => null)
      if (!response) {
        throw notFound()
      }
      ev.request.response = response
    })
  })
  return e.response
}
