/**
 * @module The collections of a fresh install, as PocketBase's init migrations create them:
 * `_mfas`, `_otps`, `_externalAuths`, `_authOrigins`, `_superusers` and `users`.
 */
import type { CollectionModel } from './collection-model.js'
import { newCollection, newField } from './collection-defaults.js'

export const SUPERUSERS = '_superusers'
export const MFAS = '_mfas'
export const OTPS = '_otps'
export const EXTERNAL_AUTHS = '_externalAuths'
export const AUTH_ORIGINS = '_authOrigins'

const OWNER_RULE = "@request.auth.id != '' && recordRef = @request.auth.id && collectionRef = @request.auth.collectionId"

const requiredRef = (name: string) => newField('text', name, { system: true, required: true })
const systemDates = (system: boolean) => [
  newField('autodate', 'created', { system, onCreate: true, onUpdate: false }),
  newField('autodate', 'updated', { system, onCreate: true, onUpdate: true }),
]

function systemBase(name: string, extraFields: CollectionModel['fields'], indexes: string[], withDelete: boolean): CollectionModel {
  const c = newCollection('base', name)
  c.system = true
  c.listRule = OWNER_RULE
  c.viewRule = OWNER_RULE
  c.deleteRule = withDelete ? OWNER_RULE : null
  c.fields.push(requiredRef('collectionRef'), requiredRef('recordRef'), ...extraFields, ...systemDates(true))
  c.indexes = indexes
  return c
}

/** The system and default collections of a fresh install, in creation order. */
export function freshInstallCollections(): CollectionModel[] {
  const mfas = systemBase(
    MFAS,
    [requiredRef('method')],
    ['CREATE INDEX `idx_mfas_collectionRef_recordRef` ON `_mfas` (collectionRef,recordRef)'],
    false,
  )
  const otps = systemBase(
    OTPS,
    [
      newField('password', 'password', { system: true, hidden: true, required: true, cost: 8 }),
      newField('text', 'sentTo', { system: true, hidden: true }),
    ],
    ['CREATE INDEX `idx_otps_collectionRef_recordRef` ON `_otps` (collectionRef, recordRef)'],
    false,
  )
  const externalAuths = systemBase(
    EXTERNAL_AUTHS,
    [requiredRef('provider'), requiredRef('providerId')],
    [
      'CREATE UNIQUE INDEX `idx_externalAuths_record_provider` ON `_externalAuths` (collectionRef, recordRef, provider)',
      'CREATE UNIQUE INDEX `idx_externalAuths_collection_provider` ON `_externalAuths` (collectionRef, provider, providerId)',
    ],
    true,
  )
  const authOrigins = systemBase(
    AUTH_ORIGINS,
    [requiredRef('fingerprint')],
    ['CREATE UNIQUE INDEX `idx_authOrigins_unique_pairs` ON `_authOrigins` (collectionRef, recordRef, fingerprint)'],
    true,
  )

  const superusers = newCollection('auth', SUPERUSERS)
  superusers.system = true
  superusers.fields.push(...systemDates(true))
  ;(superusers.authToken as { duration: number }).duration = 86400
  ;(superusers.oauth2 as { providers: unknown }).providers = null

  const users = newCollection('auth', 'users', '_pb_users_auth_')
  users.listRule = 'id = @request.auth.id'
  users.viewRule = 'id = @request.auth.id'
  users.createRule = ''
  users.updateRule = 'id = @request.auth.id'
  users.deleteRule = 'id = @request.auth.id'
  users.fields.push(
    newField('text', 'name', { max: 255 }),
    newField('file', 'avatar', {
      maxSelect: 1,
      mimeTypes: ['image/jpeg', 'image/png', 'image/svg+xml', 'image/gif', 'image/webp'],
      thumbs: null,
    }),
    ...systemDates(false),
  )
  const oauth2 = users.oauth2 as { providers: unknown; mappedFields: Record<string, string> }
  oauth2.providers = null
  oauth2.mappedFields.name = 'name'
  oauth2.mappedFields.avatarURL = 'avatar'

  return [mfas, otps, externalAuths, authOrigins, superusers, users]
}
