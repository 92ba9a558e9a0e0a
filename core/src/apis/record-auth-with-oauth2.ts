/**
 * @module `POST /api/collections/:collection/auth-with-oauth2` (PocketBase
 * `apis/record_auth_with_oauth2.go`): exchanges the provider's code, finds or creates the auth record
 * (linked account, current auth, verified email, or a new record through the records API so the
 * createRule applies) and links it in `_externalAuths`.
 */
import { setRandomPassword } from '../auth/auth-record.js'
import { RecordAuthWithOAuth2RequestEvent } from '../auth/auth-request-events.js'
import { recordAuthResponse } from '../auth/auth-response.js'
import { createExternalAuth, deleteAllExternalAuthsByRecord, findExternalAuth } from '../auth/external-auths.js'
import { downloadAvatar } from '../auth/oauth2/avatar-download.js'
import type { OAuth2Provider, OAuth2User } from '../auth/oauth2/oauth2-provider.js'
import { findProviderConfig, initProvider } from '../auth/oauth2/provider-registry.js'
import type { App } from '../app.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import { quoteIdent } from '../db/sql-ident.js'
import { checkLength, errRequired, validationError } from '../fields/validators.js'
import { ApiError, badRequest, forbidden, internalError, NotFoundError } from '../http/api-error.js'
import { RequestEvent } from '../http/request-event.js'
import type { RecordModel } from '../records/record-model.js'
import { findAuthRecordByEmail, findRecordById } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { appStore } from '../tools/app-store.js'
import { formatDateTime } from '../tools/datetime.js'
import { findAuthCollection, FormErrors, LOAD_ERROR_MESSAGE, readBody, readStringFields } from './record-auth-form.js'
import { uniqueIndexCollate } from './record-auth-with-password.js'
import { APPLE_NAME_KEY_PREFIX } from './record-auth-with-oauth2-redirect.js'

interface MappedFields {
  id?: string
  name?: string
  username?: string
  avatarURL?: string
}

/** The OAuth2 user as `meta` (Go marshals the struct, then re-decodes it into a map: sorted keys). */
function userMeta(user: OAuth2User, isNew: boolean): Record<string, unknown> {
  return {
    accessToken: user.accessToken,
    avatarURL: user.avatarURL,
    avatarUrl: user.avatarURL,
    email: user.email,
    expiry: formatDateTime(user.expiry),
    id: user.id,
    isNew,
    name: user.name,
    rawUser: user.rawUser,
    refreshToken: user.refreshToken,
    username: user.username,
  }
}

/** Pre-0.23 behaviour kept by PocketBase: the mapped username only when valid and still free. */
async function canAssignUsername(app: App, collection: CollectionModel, field: string, username: string): Promise<boolean> {
  const f = collection.fields.find((x) => x.name === field)
  if (!f) {
    return false
  }
  if (f.type === 'text') {
    const min = typeof f.min === 'number' ? f.min : 0
    const max = typeof f.max === 'number' && f.max > 0 ? f.max : 5000
    const len = [...username].length
    if ((f.required && len === 0) || (len > 0 && (len < min || len > max))) {
      return false
    }
    if (typeof f.pattern === 'string' && f.pattern !== '' && len > 0 && !new RegExp(f.pattern).test(username)) {
      return false
    }
  }
  const collate = uniqueIndexCollate(collection.indexes, field)
  if (collate !== undefined) {
    const where = collate.toLowerCase() === 'nocase' ? `${quoteIdent(field)} = ? COLLATE NOCASE` : `${quoteIdent(field)} = ?`
    const row = await app.db().get(`SELECT 1 AS x FROM ${quoteIdent(collection.name)} WHERE ${where} LIMIT 1`, [username])
    if (row) {
      return false
    }
  }
  return true
}

/** Creates the new auth record through the records API (createRule, validation and hooks apply). */
async function createRecordViaApi(
  txApp: App,
  e: RequestEvent,
  collection: CollectionModel,
  payload: Record<string, unknown>,
): Promise<RecordModel> {
  const files: [string, File][] = []
  const json: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(payload)) {
    if (v instanceof File) files.push([k, v])
    else json[k] = v
  }
  let body: FormData | string
  const headers = new Headers()
  if (files.length > 0) {
    const form = new FormData()
    form.append('@jsonPayload', JSON.stringify(json))
    for (const [k, f] of files) form.append(k, f)
    body = form
  } else {
    body = JSON.stringify(json)
    headers.set('content-type', 'application/json')
  }
  const url = new URL(`/api/collections/${encodeURIComponent(collection.name)}/records`, e.url)
  const internal = new RequestEvent(new Request(url, { method: 'POST', headers, body }), e.context)
  internal.app = txApp
  internal.auth = e.auth
  internal.infoContext = 'oauth2'
  const res = await txApp.router.dispatch(internal)
  if (!res || res.status !== 200) {
    throw new Error('failed to create OAuth2 auth record')
  }
  const created = (await res.json()) as { id?: unknown }
  const record = typeof created.id === 'string' ? await findRecordById(txApp, collection, created.id) : undefined
  if (!record) {
    throw new Error('failed to create OAuth2 auth record')
  }
  return record
}

/**
 * Creates or updates the record and links it to the provider account, in one transaction (nested in a
 * handler's transaction when the event's app is one).
 */
async function oauth2Submit(ev: RecordAuthWithOAuth2RequestEvent, existingLink: RecordModel | undefined): Promise<void> {
  const e = ev.request
  const collection = ev.collection
  const providerName = ev.providerName
  const provider = ev.providerClient
  const user = ev.oauth2User
  const createData = ev.createData
  await e.app.runInTransaction(async (txApp) => {
    let link = existingLink
    if (!ev.record) {
      if (collection.name === SUPERUSERS) {
        throw new Error('superusers are not allowed to sign-up with OAuth2')
      }
      const mapped = ((collection.oauth2 ?? {}) as { mappedFields?: MappedFields }).mappedFields ?? {}
      const payload: Record<string, unknown> = { ...(createData ?? {}) }
      if (typeof payload.email !== 'string' || payload.email === '') {
        payload.email = user.email
      }
      if (mapped.id && !(mapped.id in payload)) {
        payload[mapped.id] = user.id
      }
      if (mapped.name && !(mapped.name in payload)) {
        payload[mapped.name] = user.name
      }
      if (mapped.username && !(mapped.username in payload) && (await canAssignUsername(txApp, collection, mapped.username, user.username))) {
        payload[mapped.username] = user.username
      }
      if (mapped.avatarURL && !(mapped.avatarURL in payload) && user.avatarURL !== '') {
        const field = collection.fields.find((f) => f.name === mapped.avatarURL)
        if (field?.type === 'file') {
          try {
            payload[mapped.avatarURL] = await downloadAvatar(user.avatarURL, provider.fetch)
          } catch (err) {
            txApp.logger.warn('Failed to retrieve OAuth2 avatar', { error: String(err) })
          }
        } else {
          payload[mapped.avatarURL] = user.avatarURL
        }
      }
      const record = await createRecordViaApi(txApp, e, collection, payload)
      if (record.getString('email') === user.email && !record.getBool('verified')) {
        // the provider vouches for this address (even an empty one)
        record.set('verified', true)
        await saveRecord(txApp, record)
      }
      ev.record = record
    } else {
      const record = ev.record
      let needUpdate = false
      const isLoggedAuthRecord = e.auth !== undefined && e.auth.id === record.id && e.auth.collection.id === record.collection.id
      // pre-hijacking guard: an unverified account may have been pre-registered by someone else
      if (!isLoggedAuthRecord && !record.getBool('verified')) {
        needUpdate = true
        setRandomPassword(record)
      }
      // at most one OAuth2 link for an unverified record
      if (!record.getBool('verified')) {
        await deleteAllExternalAuthsByRecord(txApp, record)
        link = undefined
      }
      if (record.getString('email') === '' && user.email !== '') {
        needUpdate = true
        record.set('email', user.email)
      }
      if (!record.getBool('verified') && (record.getString('email') === '' || record.getString('email') === user.email)) {
        needUpdate = true
        record.set('verified', true)
      }
      if (needUpdate) {
        await saveRecord(txApp, record)
      }
    }
    if (!link) {
      await createExternalAuth(txApp, ev.record!, providerName, user.id)
    }
  })
}

/** Handler of `POST …/auth-with-oauth2`. */
export async function recordAuthWithOAuth2(e: RequestEvent): Promise<Response | undefined> {
  const collection = findAuthCollection(e)
  if ((collection.oauth2 as { enabled?: boolean } | undefined)?.enabled !== true) {
    throw forbidden('The collection is not configured to allow OAuth2 authentication.')
  }
  const fallbackAuthRecord = e.auth && e.auth.collection.id === collection.id ? e.auth : undefined
  e.infoContext = 'oauth2'

  const form = await readStringFields(e, ['provider', 'code', 'codeVerifier', 'redirectURL', 'redirectUrl'])
  const rawCreateData = (await readBody(e)).createData
  if (rawCreateData !== undefined && rawCreateData !== null && (typeof rawCreateData !== 'object' || Array.isArray(rawCreateData))) {
    throw badRequest(LOAD_ERROR_MESSAGE)
  }
  const createData = (rawCreateData ?? undefined) as Record<string, unknown> | undefined
  if (form.redirectUrl !== '' && form.redirectURL === '') {
    e.app.logger.warn('[recordAuthWithOAuth2] redirectUrl body param is deprecated and will be removed in the future. Please replace it with redirectURL.')
    form.redirectURL = form.redirectUrl
  }
  const errors = new FormErrors()
  errors.add(
    'provider',
    form.provider === ''
      ? errRequired()
      : checkLength(form.provider, 0, 100) ??
          (findProviderConfig(collection, form.provider)
            ? undefined
            : validationError('validation_invalid_provider', 'Provider with name {{.name}} is missing or is not enabled.', {
                name: form.provider,
              })),
  )
  errors.add('code', form.code === '' ? errRequired() : undefined)
  // note: PocketBase reports these with its "loading" message
  errors.throwIfAny(LOAD_ERROR_MESSAGE)

  const config = findProviderConfig(collection, form.provider)
  if (!config) {
    throw internalError('Missing or invalid provider config.')
  }
  let provider: OAuth2Provider
  try {
    provider = initProvider(config)
  } catch (err) {
    throw internalError('Failed to init provider ' + form.provider, err)
  }
  provider.signal = AbortSignal.timeout(30_000)
  provider.redirectURL = form.redirectURL
  provider.now = () => e.app.now()

  let token
  try {
    token = await provider.fetchToken(form.code, provider.pkce ? { code_verifier: form.codeVerifier } : {})
  } catch (err) {
    throw badRequest('Failed to fetch OAuth2 token.', {}, err)
  }
  let user: OAuth2User
  try {
    user = await provider.fetchAuthUser(token)
  } catch (err) {
    throw badRequest('Failed to fetch OAuth2 user.', {}, err)
  }

  // Apple sends the user's name only with the first redirect (forwarded by the redirect endpoint)
  if (form.provider === 'apple' && user.name === '') {
    const store = appStore(e.app)
    const name = store.get<string>(APPLE_NAME_KEY_PREFIX + form.code)
    if (typeof name === 'string') {
      store.remove(APPLE_NAME_KEY_PREFIX + form.code)
      user.name = name
    }
  }

  const link = await findExternalAuth(e.app, collection.id, form.provider, user.id)
  let record: RecordModel | undefined
  if (link) {
    record = await findRecordById(e.app, collection, link.getString('recordRef'))
    if (!record) {
      throw new NotFoundError('missing linked OAuth2 auth record')
    }
  } else if (fallbackAuthRecord) {
    record = fallbackAuthRecord
  } else if (user.email !== '') {
    record = await findAuthRecordByEmail(e.app, collection, user.email)
  }

  const event = new RecordAuthWithOAuth2RequestEvent(
    e,
    collection,
    { name: form.provider, client: provider, user },
    record,
    createData,
  )
  await e.app.recordHooks.authWithOAuth2Request.trigger(event, async (ev) => {
    try {
      await oauth2Submit(ev, link)
    } catch (err) {
      throw err instanceof ApiError ? err : badRequest('Failed to authenticate.', {}, err)
    }
    await recordAuthResponse(ev.request, ev.record!, 'oauth2', userMeta(ev.oauth2User, ev.isNewRecord))
  })
  return e.response
}
