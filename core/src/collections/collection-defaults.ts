/**
 * @module New collections as PocketBase initialises them: default id, system fields, auth options,
 * and the unique indexes auth collections need.
 */
import { fieldKind } from '../fields/field-registry.js'
import { DEFAULT_ID_PATTERN } from '../fields/field-text.js'
import { crc32Checksum } from '../tools/crc32.js'
import { randomString } from '../tools/random.js'
import {
  DEFAULT_AUTH_ALERT_TEMPLATE,
  DEFAULT_CONFIRM_EMAIL_CHANGE_TEMPLATE,
  DEFAULT_OTP_TEMPLATE,
  DEFAULT_RESET_PASSWORD_TEMPLATE,
  DEFAULT_VERIFICATION_TEMPLATE,
} from './auth-templates.js'
import type { CollectionModel, CollectionType, FieldModel, FieldType } from './collection-model.js'

/** PocketBase's default collection id: `pbc_` + crc32(type + name). */
export function defaultCollectionId(type: string, name: string): string {
  return 'pbc_' + crc32Checksum(type + name)
}

/** PocketBase's default field id: type + crc32(name). */
export function defaultFieldId(type: string, name: string): string {
  return type + crc32Checksum(name)
}

/** A field with its type's default options, then `props` on top (id defaults from type + name). */
export function newField(type: FieldType, name: string, props: Partial<FieldModel> = {}): FieldModel {
  const base: FieldModel = {
    ...fieldKind(type).defaults(),
    help: '',
    hidden: false,
    id: '',
    name,
    presentable: false,
    system: false,
    type,
  }
  if (type === 'autodate') {
    delete base.help
  }
  const field = { ...base, ...props } as FieldModel
  if (!field.id) {
    field.id = defaultFieldId(type, name)
  }
  return field
}

/** Default auth-collection options (fresh token secrets each time). */
export function defaultAuthOptions(): Record<string, unknown> {
  const token = (duration: number) => ({ secret: randomString(50), duration })
  return {
    authRule: '',
    manageRule: null,
    authAlert: { enabled: true, emailTemplate: { ...DEFAULT_AUTH_ALERT_TEMPLATE } },
    oauth2: { providers: [], mappedFields: { id: '', name: '', username: '', avatarURL: '' }, enabled: false },
    passwordAuth: { enabled: true, identityFields: ['email'] },
    mfa: { enabled: false, duration: 600, rule: '' },
    otp: { enabled: false, duration: 180, length: 8, emailTemplate: { ...DEFAULT_OTP_TEMPLATE } },
    authToken: token(432000),
    passwordResetToken: token(1800),
    emailChangeToken: token(1800),
    verificationToken: token(86400),
    fileToken: token(180),
    verificationTemplate: { ...DEFAULT_VERIFICATION_TEMPLATE },
    resetPasswordTemplate: { ...DEFAULT_RESET_PASSWORD_TEMPLATE },
    confirmEmailChangeTemplate: { ...DEFAULT_CONFIRM_EMAIL_CHANGE_TEMPLATE },
  }
}

/**
 * A new collection of the given type, like PocketBase's `NewBaseCollection`/`NewAuthCollection`/
 * `NewViewCollection`: default id, system fields and (auth) options and indexes.
 */
export function newCollection(type: CollectionType, name: string, id = ''): CollectionModel {
  const collection: CollectionModel = {
    id: id || defaultCollectionId(type, name),
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
    name,
    type,
    fields: [],
    indexes: [],
    created: '',
    updated: '',
    system: false,
  }
  if (type === 'auth') {
    Object.assign(collection, defaultAuthOptions())
  }
  if (type === 'view') {
    collection.viewQuery = ''
  }
  ensureSystemFields(collection)
  return collection
}

/**
 * Adds missing system fields and enforces their system settings (PocketBase's `initDefaultFields`), and
 * for auth collections the unique indexes on `tokenKey` and `email`. A system name held by a field of
 * another type is replaced by the default field (as PocketBase's `Fields.Add` does), except `id`, whose
 * default field is prepended (the clash is then a duplicate-name validation error).
 */
export function ensureSystemFields(c: CollectionModel): void {
  if (c.type === 'view') {
    return
  }
  const typed = (name: string, type: FieldType) => c.fields.find((f) => f.name === name && f.type === type)
  // PocketBase `FieldsList.Add` of a field without id: replaces a same-named field in place, else appends
  const add = (field: FieldModel) => {
    const i = c.fields.findIndex((f) => f.name === field.name)
    if (i >= 0) {
      field.id = c.fields[i]!.id
      c.fields[i] = field
    } else {
      c.fields.push(field)
    }
  }

  const id = typed('id', 'text')
  if (!id) {
    c.fields.unshift(
      newField('text', 'id', {
        system: true,
        primaryKey: true,
        required: true,
        min: 15,
        max: 15,
        pattern: DEFAULT_ID_PATTERN,
        autogeneratePattern: '[a-z0-9]{15}',
      }),
    )
  } else {
    Object.assign(id, { system: true, required: true, primaryKey: true, hidden: false })
    if (!id.pattern) {
      id.pattern = DEFAULT_ID_PATTERN
    }
  }

  if (c.type !== 'auth') {
    return
  }

  const password = typed('password', 'password')
  if (!password) {
    add(newField('password', 'password', { system: true, hidden: true, required: true, min: 8 }))
  } else {
    Object.assign(password, { system: true, hidden: true, required: true })
  }

  const tokenKey = typed('tokenKey', 'text')
  if (!tokenKey) {
    add(
      newField('text', 'tokenKey', {
        system: true,
        hidden: true,
        min: 30,
        max: 60,
        required: true,
        autogeneratePattern: '[a-zA-Z0-9]{50}',
      }),
    )
  } else {
    Object.assign(tokenKey, { system: true, hidden: true, required: true })
  }
  if (!hasSingleColumnUniqueIndex(c.indexes, 'tokenKey')) {
    c.indexes.push(`CREATE UNIQUE INDEX \`${fieldIndexName(c, 'tokenKey')}\` ON \`${c.name}\` (\`tokenKey\`)`)
  }

  const email = typed('email', 'email')
  if (!email) {
    add(newField('email', 'email', { system: true, required: true }))
  } else {
    Object.assign(email, { system: true, hidden: false })
  }
  if (!hasSingleColumnUniqueIndex(c.indexes, 'email')) {
    c.indexes.push(
      `CREATE UNIQUE INDEX \`${fieldIndexName(c, 'email')}\` ON \`${c.name}\` (\`email\`) WHERE \`email\` != ''`,
    )
  }

  for (const name of ['emailVisibility', 'verified']) {
    const f = typed(name, 'bool')
    if (!f) {
      add(newField('bool', name, { system: true }))
    } else {
      f.system = true
    }
  }
}

function fieldIndexName(c: CollectionModel, field: string): string {
  // note: PocketBase cuts the name to 64 characters
  return `idx_${field}_${c.id || c.name || randomString(10)}`.slice(0, 64)
}

/** Whether one of `indexes` is a UNIQUE index over exactly the one `column`. */
export function hasSingleColumnUniqueIndex(indexes: readonly string[], column: string): boolean {
  return indexes.some((idx) => {
    const m = /^\s*CREATE\s+UNIQUE\s+INDEX\s+[^(]*\(([^)]*)\)/is.exec(idx)
    if (!m) {
      return false
    }
    const columns = m[1]!.split(',').map((c) => c.trim().replace(/^[`"[]|[`"\]]$/g, '').split(/\s+/)[0])
    return columns.length === 1 && columns[0]!.toLowerCase() === column.toLowerCase()
  })
}
