/**
 * @module Record hooks that keep the auth system collections consistent (PocketBase's
 * `registerOTPHooks`, `registerMFAHooks`, `registerExternalAuthHooks`, `registerAuthOriginHooks`):
 *
 * - `_otps`, `_mfas`, `_externalAuths`, `_authOrigins` rows must point at an existing auth record;
 * - deleting an auth record deletes its rows there;
 * - a new tokenKey deletes the record's OTPs; a new password deletes its MFA sessions and origins;
 * - an unverified → verified upgrade drops its OAuth2 links (pre-hijacking guard) and rotates tokenKey.
 */
import type { App } from '../app.js'
import { AUTH_ORIGINS, EXTERNAL_AUTHS, MFAS, OTPS } from '../collections/system-collections.js'
import { quoteIdent } from '../db/sql-ident.js'
import { ValidationErrors, type FieldError } from '../http/api-error.js'
import { validationError, errRequired } from '../fields/validators.js'
import type { RecordEvent } from '../records/record-events.js'
import { toString } from '../tools/cast.js'
import type { CollectionEvent } from '../collections/collection-events.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import { findRecordsWhere } from '../records/record-query.js'
import { deleteRecord } from '../records/record-save.js'
import { deleteRefRecords, findRefRecords } from './auth-ref-records.js'
import { OAUTH2_PROVIDER_NAMES } from './oauth2/provider-registry.js'

const REF_COLLECTIONS = [MFAS, OTPS, EXTERNAL_AUTHS, AUTH_ORIGINS]

/** Hook ids, so apps can unbind them. */
export const AUTH_MODEL_HOOK_IDS = {
  refValidate: '__pbAuthRefValidate__',
  externalAuthProvider: '__pbExternalAuthProviderValidate__',
  refCascadeDelete: '__pbAuthRefCascadeDelete__',
  verifiedUpgrade: '__pbExternalAuthVerifiedUpgrade__',
  tokenKeyChange: '__pbOTPTokenKeyChange__',
  passwordChange: '__pbMFAAuthOriginPasswordChange__',
  collectionRefCleanup: '__pbAuthRefCollectionDelete__',
  superusersCollection: 'pbSuperusersCollectionSaveExec',
} as const

async function checkCollectionRef(app: App, id: string): Promise<FieldError | undefined> {
  if (id === '') {
    return errRequired()
  }
  const row = await app.db().get<{ type: string }>('SELECT type FROM _collections WHERE id = ? LIMIT 1', [id])
  if (!row) {
    return validationError('validation_invalid_collection_id', 'Missing or invalid collection.')
  }
  if (row.type !== 'auth') {
    return validationError('validation_invalid_collection_type', 'Invalid collection type - must be auth.')
  }
  return undefined
}

async function checkRecordRef(app: App, collectionId: string, id: string): Promise<FieldError | undefined> {
  if (id === '') {
    return errRequired()
  }
  const collection = app.findCachedCollection(collectionId)
  if (!collection) {
    return validationError('validation_invalid_collection', 'Missing or invalid collection.')
  }
  const row = await app.db().get(`SELECT 1 AS x FROM ${quoteIdent(collection.name)} WHERE id = ? LIMIT 1`, [id])
  return row ? undefined : validationError('validation_invalid_record', 'Missing or invalid record.')
}

/** Registers the auth system collection hooks on `app`. */
export function bindAuthModelHooks(app: App): void {
  const hooks = app.recordHooks

  hooks.validate.bind({
    id: AUTH_MODEL_HOOK_IDS.refValidate,
    priority: 99,
    func: async (e: RecordEvent) => {
      if (REF_COLLECTIONS.includes(e.record.collection.name)) {
        const collectionRef = toString(e.record.get('collectionRef'))
        const collectionErr = await checkCollectionRef(e.app, collectionRef)
        if (collectionErr) {
          throw new ValidationErrors({ collectionRef: collectionErr })
        }
        const recordErr = await checkRecordRef(e.app, collectionRef, toString(e.record.get('recordRef')))
        if (recordErr) {
          throw new ValidationErrors({ recordRef: recordErr })
        }
      }
      await e.next()
    },
  })

  hooks.validate.bind({
    id: AUTH_MODEL_HOOK_IDS.externalAuthProvider,
    priority: 99,
    func: async (e: RecordEvent) => {
      if (e.record.collection.name === EXTERNAL_AUTHS) {
        const provider = toString(e.record.get('provider'))
        if (provider === '') {
          throw new ValidationErrors({ provider: errRequired() })
        }
        if (!OAUTH2_PROVIDER_NAMES.includes(provider)) {
          throw new ValidationErrors({ provider: validationError('validation_in_invalid', 'must be a valid value') })
        }
      }
      await e.next()
    },
  })

  hooks.deleteExecute.bind({
    id: AUTH_MODEL_HOOK_IDS.refCascadeDelete,
    priority: 99,
    func: async (e: RecordEvent) => {
      await e.next()
      if (e.record.collection.type !== 'auth') {
        return
      }
      for (const name of REF_COLLECTIONS) {
        if (e.app.findCachedCollection(name)) {
          await deleteRefRecords(e.app, name, e.record)
        }
      }
    },
  })

  hooks.updateExecute.bind({
    id: AUTH_MODEL_HOOK_IDS.verifiedUpgrade,
    priority: 99,
    func: async (e: RecordEvent) => {
      const original = e.record.original()
      const upgraded =
        e.record.collection.type === 'auth' && !original.isNew() && !original.getBool('verified') && e.record.getBool('verified')
      if (!upgraded || !e.app.findCachedCollection(EXTERNAL_AUTHS)) {
        await e.next()
        return
      }
      // the links go only if the record update commits too
      const rootApp = e.app
      try {
        await e.app.runInTransaction(async (txApp) => {
          e.app = txApp
          const links = await findRefRecords(txApp, EXTERNAL_AUTHS, e.record)
          if (links.length > 0) {
            await deleteRefRecords(txApp, EXTERNAL_AUTHS, e.record)
            e.record.set('tokenKey:autogenerate', '')
          }
          await e.next()
        })
      } finally {
        e.app = rootApp
      }
    },
  })

  hooks.updateExecute.bind({
    id: AUTH_MODEL_HOOK_IDS.tokenKeyChange,
    priority: 99,
    func: async (e: RecordEvent) => {
      await e.next()
      const original = e.record.original()
      if (
        e.record.collection.type === 'auth' &&
        !original.isNew() &&
        original.getString('tokenKey') !== e.record.getString('tokenKey') &&
        e.app.findCachedCollection(OTPS)
      ) {
        await deleteRefRecords(e.app, OTPS, e.record)
      }
    },
  })

  hooks.update.bind({
    id: AUTH_MODEL_HOOK_IDS.passwordChange,
    priority: 99,
    func: async (e: RecordEvent) => {
      await e.next()
      if (e.record.collection.type !== 'auth') {
        return
      }
      if (e.record.original().getString('password:hash') !== e.record.getString('password:hash')) {
        if (e.app.findCachedCollection(MFAS)) {
          await deleteRefRecords(e.app, MFAS, e.record)
        }
        if (e.app.findCachedCollection(AUTH_ORIGINS)) {
          await deleteRefRecords(e.app, AUTH_ORIGINS, e.record).catch((err: unknown) =>
            e.app.logger.warn('Failed to delete all previous auth origin fingerprints', {
              error: String(err),
              recordId: e.record.id,
            }),
          )
        }
      }
    },
  })

  // a deleted auth collection takes its OTPs, MFA sessions, OAuth2 links and origins along
  app.collectionHooks.deleteExecute.bind({
    id: AUTH_MODEL_HOOK_IDS.collectionRefCleanup,
    priority: 99,
    func: async (e: CollectionEvent) => {
      if (e.collection.type !== 'auth' || REF_COLLECTIONS.includes(e.collection.name)) {
        await e.next()
        return
      }
      const original = e.app
      try {
        await e.app.runInTransaction(async (txApp) => {
          e.app = txApp
          await e.next()
          for (const name of REF_COLLECTIONS) {
            if (!txApp.findCachedCollection(name)) continue
            for (const row of await findRecordsWhere(txApp, name, 'collectionRef = ?', [e.collection.id])) {
              await deleteRecord(txApp, row)
            }
          }
        })
      } finally {
        e.app = original
      }
    },
  })

  // note: PocketBase keeps `_superusers` on password auth, without OAuth2, and OTP only with MFA
  const superusersOptions = async (e: CollectionEvent) => {
    const c = e.collection
    if (c.name.toLowerCase() === SUPERUSERS.toLowerCase() || (e.original && e.original.name === SUPERUSERS)) {
      c.name = SUPERUSERS
      c.oauth2 = { ...((c.oauth2 as object | undefined) ?? {}), enabled: false, providers: null }
      c.passwordAuth = { ...((c.passwordAuth as object | undefined) ?? {}), enabled: true }
      if ((c.otp as { enabled?: boolean } | undefined)?.enabled) {
        c.mfa = { ...((c.mfa as object | undefined) ?? {}), enabled: true }
      }
    }
    await e.next()
  }
  app.collectionHooks.createExecute.bind({ id: AUTH_MODEL_HOOK_IDS.superusersCollection, priority: 99, func: superusersOptions })
  app.collectionHooks.updateExecute.bind({ id: AUTH_MODEL_HOOK_IDS.superusersCollection, priority: 99, func: superusersOptions })
}
