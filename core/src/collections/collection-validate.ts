/**
 * @module Collection validation (PocketBase `core/collection_validate.go` and the auth/view option
 * validators): every check, code and message PocketBase uses, in its order (the first failing check of
 * each key wins; keys are independent).
 */
import type { App } from '../app.js'
import {
  buildIndex,
  findSingleColumnUniqueIndex,
  isValidIndex,
  parseIndex,
} from '../db/index-parser.js'
import { fieldKind, hasFieldKind } from '../fields/field-registry.js'
import { parseUrl } from '../fields/field-url.js'
import {
  checkLength,
  errMatch,
  errMax,
  errMin,
  errRequired,
  validationError,
} from '../fields/validators.js'
import {
  isFieldError,
  ValidationErrors,
  type ErrorData,
  type FieldError,
} from '../http/api-error.js'
import { toString } from '../tools/cast.js'
import { newCollection } from './collection-defaults.js'
import type { CollectionModel } from './collection-model.js'
import { validateRule } from './collection-rule.js'
import { errorText } from './go-error-text.js'
import { createViewFields, dryRunView, hasTable } from './view-collection.js'
import { OAUTH2_CATALOG_NAMES } from './oauth2-providers.js'

type Check = FieldError | ErrorData | undefined
type Rule = () => Check | Promise<Check>

const NAME_REGEX = /^\w+$/
const RESERVED_AUTH_KEYS = ['passwordConfirm', 'oldPassword']

/** Runs the rules of one key in order and returns the first failure (ozzo `validation.Field`). */
async function first(...rules: (Rule | false | undefined)[]): Promise<Check> {
  for (const rule of rules) {
    if (!rule) continue
    const err = await rule()
    if (err && (isFieldError(err) || Object.keys(err).length > 0)) {
      return err
    }
  }
  return undefined
}

/** Collects `key → first failure` of several keys into one error map (ozzo `ValidateStruct`). */
async function struct(entries: [string, Check | Promise<Check>][]): Promise<ErrorData> {
  const out: ErrorData = {}
  for (const [key, check] of entries) {
    const err = await check
    if (err && (isFieldError(err) || Object.keys(err).length > 0)) {
      out[key] = err
    }
  }
  return out
}

const errNil = () => validationError('validation_nil', 'must be blank')
const errIn = () => validationError('validation_in_invalid', 'must be a valid value')

/** What one validation run compares: the collection to save and its last saved state. */
export interface CollectionValidationContext {
  readonly app: App
  readonly collection: CollectionModel
  /** The saved state; `undefined` for a new collection. */
  readonly original: CollectionModel | undefined
}

/**
 * Validates a collection against its saved state. For view collections the fields are (re)generated
 * from the view query first, as PocketBase does.
 *
 * @throws ValidationErrors with PocketBase's field errors.
 */
export async function validateCollection(
  app: App,
  collection: CollectionModel,
  original?: CollectionModel,
): Promise<void> {
  const errors = await collectCollectionErrors(app, collection, original)
  if (Object.keys(errors).length > 0) {
    throw new ValidationErrors(errors)
  }
}

/** The validation errors of a collection (empty when valid). See {@link validateCollection}. */
export async function collectCollectionErrors(
  app: App,
  c: CollectionModel,
  saved?: CollectionModel,
): Promise<ErrorData> {
  const isNew = saved === undefined
  // note: a new collection is compared with a blank one of its type (its default id field etc.)
  const original = saved ?? newCollection(c.type, '')
  if (c.type === 'view') {
    try {
      c.fields = await createViewFields(app, toString(c.viewQuery))
    } catch {
      c.fields = []
    }
  }
  const v = new Checks(app, c, original, isNew)
  const base = await struct([
    ['id', v.id()],
    ['system', first(() => v.systemFlag())],
    [
      'type',
      first(
        () => (c.type ? undefined : errRequired()),
        () => v.typeIn(),
        () => v.typeChange(),
      ),
    ],
    ['name', v.name()],
    ['fields', v.fields()],
    [
      'listRule',
      first(
        () => v.rule(c.listRule),
        () => v.systemRule(c.listRule, original.listRule),
      ),
    ],
    [
      'viewRule',
      first(
        () => v.rule(c.viewRule),
        () => v.systemRule(c.viewRule, original.viewRule),
      ),
    ],
    ...(['createRule', 'updateRule', 'deleteRule'] as const).map(
      (key) =>
        [
          key,
          first(
            c.type === 'view' && (() => (c[key] !== null ? errNil() : undefined)),
            () => v.rule(c[key]),
            () => v.systemRule(c[key], original[key]),
          ),
        ] as [string, Promise<Check>],
    ),
    ['indexes', first(() => v.indexes())],
  ])
  const options =
    c.type === 'auth' ? await v.authOptions() : c.type === 'view' ? await v.viewOptions() : {}
  return { ...base, ...options }
}

class Checks {
  constructor(
    readonly app: App,
    readonly c: CollectionModel,
    readonly original: CollectionModel,
    readonly isNew: boolean,
  ) {}

  id(): Promise<Check> {
    const id = this.c.id
    if (!this.isNew) {
      return first(
        () => (id === '' ? errRequired() : undefined),
        () =>
          id !== this.original.id
            ? validationError('validation_values_mismatch', "Values don't match.")
            : undefined,
      )
    }
    return first(
      () => (id === '' ? errRequired() : undefined),
      () => checkLength(id, 1, 100),
      () => (NAME_REGEX.test(id) ? undefined : errMatch()),
      async () => {
        const row = await this.app
          .db()
          .get('SELECT id FROM `_collections` WHERE id = ? LIMIT 1', [id])
        return row
          ? validationError(
              'validation_invalid_or_existing_id',
              'The model id is invalid or already exists.',
            )
          : undefined
      },
    )
  }

  systemFlag(): Check {
    if (!this.isNew && this.c.system !== this.original.system) {
      return validationError(
        'validation_collection_system_flag_change',
        'System collection state cannot be changed.',
      )
    }
    return undefined
  }

  typeIn(): Check {
    return ['base', 'auth', 'view'].includes(this.c.type) ? undefined : errIn()
  }

  typeChange(): Check {
    if (!this.isNew && this.c.type !== this.original.type) {
      return validationError(
        'validation_collection_type_change',
        'Collection type cannot be changed.',
      )
    }
    return undefined
  }

  name(): Promise<Check> {
    const name = this.c.name
    return first(
      () => (name === '' ? errRequired() : undefined),
      () => checkLength(name, 1, 255),
      () =>
        name.toLowerCase().includes('_via_')
          ? validationError('validation_found_via', 'The value cannot contain "_via_".')
          : undefined,
      () => (NAME_REGEX.test(name) ? undefined : errMatch()),
      () =>
        !this.isNew && this.original.system && name !== this.original.name
          ? validationError(
              'validation_collection_system_name_change',
              'System collection name cannot be changed.',
            )
          : undefined,
      () => this.uniqueName(),
    )
  }

  async isNameUnique(name: string, excludeId?: string): Promise<boolean> {
    if (name === '') {
      return false
    }
    const row = await this.app
      .db()
      .get<{
        total: number
      }>(excludeId ? 'SELECT count(*) AS total FROM `_collections` WHERE LOWER(name) = LOWER(?) AND id != ?' : 'SELECT count(*) AS total FROM `_collections` WHERE LOWER(name) = LOWER(?)', excludeId ? [name, excludeId] : [name])
    return Number(row?.total ?? 0) === 0
  }

  async uniqueName(): Promise<Check> {
    const name = this.c.name
    if (!(await this.isNameUnique(name, this.original.id))) {
      return validationError(
        'validation_collection_name_exists',
        'Collection name must be unique (case insensitive).',
      )
    }
    if (await this.app.db().get('SELECT 1 AS x FROM `_collections` WHERE id = ? LIMIT 1', [name])) {
      return validationError(
        'validation_collection_name_id_duplicate',
        'The name must not match an existing collection id.',
      )
    }
    if (
      this.original.name !== name &&
      (await this.isNameUnique(name)) &&
      (await hasTable(this.app, name))
    ) {
      return validationError(
        'validation_collection_name_invalid',
        "The name shouldn't match with an existing internal table.",
      )
    }
    return undefined
  }

  // ------------------------------------------------------------------ fields

  fields(): Promise<Check> {
    const isView = this.c.type === 'view'
    return first(
      () => this.fieldDuplicates(),
      () => this.minFields(),
      !isView && (() => this.systemFieldsChange()),
      !isView && (() => this.fieldsTypeChange()),
      this.c.type === 'auth' && (() => this.reservedAuthKeys()),
      () => this.fieldSettings(),
    )
  }

  fieldDuplicates(): Check {
    const ids: string[] = []
    const names: string[] = []
    for (const [i, f] of this.c.fields.entries()) {
      if (ids.includes(f.id)) {
        return {
          [String(i)]: {
            id: validationError(
              'validation_duplicated_field_id',
              `Duplicated or invalid field id ${JSON.stringify(f.id)}`,
            ),
          },
        }
      }
      const lower = f.name.toLowerCase()
      if (names.includes(lower)) {
        return {
          [String(i)]: {
            name: validationError(
              'validation_duplicated_field_name',
              'Duplicated or invalid field name {{.fieldName}}',
              {
                fieldName: f.name,
              },
            ),
          },
        }
      }
      ids.push(f.id)
      names.push(lower)
    }
    return undefined
  }

  minFields(): Check {
    const fields = this.c.fields
    if (fields.length === 0) {
      return errRequired()
    }
    const byName = (name: string, type: string) =>
      fields.find((f) => f.name === name && f.type === type)
    const id = byName('id', 'text')
    if (!id || !id.primaryKey) {
      return validationError('validation_missing_primary_key', 'Missing or invalid "id" PK field.')
    }
    if (this.c.type !== 'auth') {
      return undefined
    }
    const mustBeSystemAndHidden = () =>
      validationError(
        'validation_must_be_system_and_hidden',
        'The field must be marked as "System" and "Hidden".',
      )
    const mustBeSystem = () =>
      validationError('validation_must_be_system', 'The field must be marked as "System".')
    const password = byName('password', 'password')
    if (!password)
      return validationError(
        'validation_missing_password_field',
        'System "password" field is required.',
      )
    if (!password.hidden || !password.system) return { password: mustBeSystemAndHidden() }
    const tokenKey = byName('tokenKey', 'text')
    if (!tokenKey)
      return validationError(
        'validation_missing_tokenKey_field',
        'System "tokenKey" field is required.',
      )
    if (!tokenKey.hidden || !tokenKey.system) return { tokenKey: mustBeSystemAndHidden() }
    const email = byName('email', 'email')
    if (!email)
      return validationError('validation_missing_email_field', 'System "email" field is required.')
    if (!email.system) return { email: mustBeSystem() }
    const visibility = byName('emailVisibility', 'bool')
    if (!visibility) {
      return validationError(
        'validation_missing_emailVisibility_field',
        'System "emailVisibility" field is required.',
      )
    }
    if (!visibility.system) return { emailVisibility: mustBeSystem() }
    const verified = byName('verified', 'bool')
    if (!verified)
      return validationError(
        'validation_missing_verified_field',
        'System "verified" field is required.',
      )
    if (!verified.system) return { verified: mustBeSystem() }
    return undefined
  }

  systemFieldsChange(): Check {
    if (this.isNew) {
      return undefined
    }
    for (const old of this.original.fields) {
      if (!old.system) continue
      const current = this.c.fields.find((f) => f.id === old.id)
      if (!current || current.name !== old.name) {
        return validationError(
          'validation_system_field_change',
          'System fields cannot be deleted or renamed.',
        )
      }
    }
    return undefined
  }

  fieldsTypeChange(): Check {
    const errors: ErrorData = {}
    for (const [i, f] of this.c.fields.entries()) {
      const old = this.original.fields.find((o) => o.id === f.id)
      if (old && old.type !== f.type) {
        errors[String(i)] = validationError(
          'validation_field_type_change',
          'Field type cannot be changed.',
        )
      }
    }
    return errors
  }

  reservedAuthKeys(): Check {
    const errors: ErrorData = {}
    for (const [i, f] of this.c.fields.entries()) {
      if (RESERVED_AUTH_KEYS.includes(f.name)) {
        errors[String(i)] = {
          name: validationError(
            'validation_reserved_field_name',
            'The field name is reserved and cannot be used.',
          ),
        }
      }
    }
    return errors
  }

  async fieldSettings(): Promise<Check> {
    const errors: ErrorData = {}
    const oldCollection = this.isNew ? undefined : this.app.findCachedCollection(this.c.id)
    for (const [i, f] of this.c.fields.entries()) {
      if (!hasFieldKind(f.type)) {
        errors[String(i)] = validationError('validation_invalid_value', 'Invalid value.')
        continue
      }
      const err = await fieldKind(f.type).validateSettings(f, {
        app: this.app,
        collection: this.c,
        oldCollection,
      })
      if (Object.keys(err).length > 0) {
        errors[String(i)] = err
      }
    }
    return errors
  }

  // ------------------------------------------------------------------ rules

  rule(rule: unknown): Check {
    if (rule === null || rule === undefined || rule === '') {
      return undefined
    }
    const message = validateRule(this.app, this.c, toString(rule))
    return message === undefined
      ? undefined
      : validationError('validation_invalid_rule', 'Invalid rule. Raw error: ' + message)
  }

  systemRule(rule: unknown, oldRule: unknown): Check {
    if (this.isNew || !this.original.system) {
      return undefined
    }
    if ((rule ?? null) === (oldRule ?? null)) {
      return undefined
    }
    return validationError(
      'validation_collection_system_rule_change',
      'System collection API rule cannot be changed.',
    )
  }

  // ------------------------------------------------------------------ indexes

  async indexes(): Promise<Check> {
    const indexes = this.c.indexes
    if (this.c.type === 'view' && indexes.length > 0) {
      return validationError(
        'validation_indexes_not_supported',
        "View collections don't support indexes.",
      )
    }
    const names = new Set<string>()
    const definitions = new Set<string>()
    for (const [i, raw] of indexes.entries()) {
      const parsed = parseIndex(raw)
      // note: the table name is ignored here; saving rewrites it to the collection name
      parsed.tableName = 'validator'
      if (!isValidIndex(parsed)) {
        return {
          [String(i)]: validationError(
            'validation_invalid_index_expression',
            'Invalid CREATE INDEX expression.',
          ),
        }
      }
      const lowerName = parsed.indexName.toLowerCase()
      if (names.has(lowerName)) {
        return {
          [String(i)]: validationError(
            'validation_duplicated_index_name',
            'The index name already exists.',
          ),
        }
      }
      names.add(lowerName)
      const used = await this.app
        .db()
        .get<{
          tbl_name: string
        }>("SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND LOWER(tbl_name) != LOWER(?) AND LOWER(tbl_name) != LOWER(?) AND LOWER(name) = LOWER(?) LIMIT 1", [this.original.name, this.c.name, parsed.indexName])
      if (used && used.tbl_name) {
        return {
          [String(i)]: validationError(
            'validation_existing_index_name',
            'The index name is already used in {{.usedTableName}} collection.',
            { usedTableName: String(used.tbl_name) },
          ),
        }
      }
      parsed.schemaName = 'validator'
      parsed.indexName = 'validator'
      const definition = buildIndex(parsed)
      if (definitions.has(definition)) {
        return {
          [String(i)]: validationError(
            'validation_duplicated_index_definition',
            'The index definition already exists.',
          ),
        }
      }
      definitions.add(definition)
    }

    // unique indexes on system fields may not be dropped or changed
    if (!this.isNew) {
      for (const oldRaw of this.original.indexes) {
        const old = parseIndex(oldRaw)
        if (!old.unique) continue
        for (const col of old.columns) {
          col.collate = ''
          col.sort = ''
        }
        const oldDef = buildIndex(old)
        const systemField = old.columns
          .map((col) =>
            this.original.fields.find(
              (f) => f.system && f.name.toLowerCase() === col.name.toLowerCase(),
            ),
          )
          .find((f) => f !== undefined)
        if (!systemField) continue
        const kept = this.c.indexes.some((rawNew) => {
          const n = parseIndex(rawNew)
          n.schemaName = old.schemaName
          n.indexName = old.indexName
          n.tableName = old.tableName
          n.where = old.where
          for (const col of n.columns) {
            col.collate = ''
            col.sort = ''
          }
          return buildIndex(n) === oldDef
        })
        if (!kept) {
          return validationError(
            'validation_invalid_unique_system_field_index',
            'Unique index definition on system fields ({{.fieldName}}) is invalid or missing.',
            { fieldName: systemField.name },
          )
        }
      }
    }

    if (this.c.type === 'auth') {
      for (const name of ['tokenKey', 'email']) {
        if (!findSingleColumnUniqueIndex(indexes, name)) {
          return validationError(
            'validation_missing_required_unique_index',
            'Missing required unique index for field "{{.fieldName}}".',
            {
              fieldName: name,
            },
          )
        }
      }
    }
    return undefined
  }

  // ------------------------------------------------------------------ view options

  async viewOptions(): Promise<ErrorData> {
    const query = toString(this.c.viewQuery)
    return struct([
      [
        'viewQuery',
        first(
          () => (query === '' ? errRequired() : undefined),
          async () => {
            try {
              await dryRunView(this.app, query, 10)
              return undefined
            } catch (err) {
              const raw = errorText(err).slice(0, 500)
              return validationError('validation_invalid_view_query', 'Invalid query - ' + raw)
            }
          },
        ),
      ],
    ])
  }

  // ------------------------------------------------------------------ auth options

  async authOptions(): Promise<ErrorData> {
    const o = this.c as Record<string, unknown>
    const orig = this.original as Record<string, unknown>
    const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {})
    const errors = await struct([
      [
        'authRule',
        first(
          () => this.rule(o.authRule),
          () => this.systemRule(o.authRule, orig.authRule),
        ),
      ],
      [
        'manageRule',
        first(
          () =>
            o.manageRule === ''
              ? validationError('validation_nil_or_not_empty_required', 'cannot be blank')
              : undefined,
          () => this.rule(o.manageRule),
          () => this.systemRule(o.manageRule, orig.manageRule),
        ),
      ],
      [
        'authAlert',
        struct([['emailTemplate', emailTemplateErrors(obj(o.authAlert).emailTemplate)]]),
      ],
      ['passwordAuth', passwordAuthErrors(obj(o.passwordAuth))],
      ['oauth2', oauth2Errors(obj(o.oauth2))],
      ['otp', otpErrors(obj(o.otp))],
      ['mfa', mfaErrors(obj(o.mfa))],
      ...(
        [
          'authToken',
          'passwordResetToken',
          'emailChangeToken',
          'verificationToken',
          'fileToken',
        ] as const
      ).map((key) => [key, tokenConfigErrors(obj(o[key]))] as [string, Promise<Check>]),
      ...(
        ['verificationTemplate', 'resetPasswordTemplate', 'confirmEmailChangeTemplate'] as const
      ).map((key) => [key, emailTemplateErrors(o[key])] as [string, Promise<Check>]),
    ])
    if (Object.keys(errors).length > 0) {
      return errors
    }

    const mfa = obj(o.mfa)
    if (mfa.enabled) {
      const enabled = [
        obj(o.passwordAuth).enabled,
        obj(o.oauth2).enabled,
        obj(o.otp).enabled,
      ].filter(Boolean).length
      if (enabled < 2) {
        return {
          mfa: {
            enabled: validationError(
              'validation_mfa_not_enough_auths',
              'MFA requires at least 2 auth methods to be enabled.',
            ),
          },
        }
      }
      const rule = toString(mfa.rule)
      if (rule !== '') {
        const err = await first(
          () => this.rule(rule),
          () => this.systemRule(rule, obj(orig.mfa).rule ?? ''),
        )
        if (err) {
          return { mfa: { rule: err } }
        }
      }
    }

    const passwordAuth = obj(o.passwordAuth)
    if (passwordAuth.enabled) {
      const identityFields = Array.isArray(passwordAuth.identityFields)
        ? passwordAuth.identityFields.map(String)
        : []
      for (const name of identityFields) {
        if (!this.c.fields.some((f) => f.name === name)) {
          return {
            passwordAuth: {
              identityFields: validationError(
                'validation_missing_field',
                'Invalid or missing field {{.fieldName}}',
                {
                  fieldName: name,
                },
              ),
            },
          }
        }
        if (!findSingleColumnUniqueIndex(this.c.indexes, name)) {
          return {
            passwordAuth: {
              identityFields: validationError(
                'validation_missing_unique_constraint',
                "The field {{.fieldName}} doesn't have a UNIQUE constraint.",
                { fieldName: name },
              ),
            },
          }
        }
      }
    }
    return {}
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0)

function emailTemplateErrors(tpl: unknown): Promise<Check> {
  const t = tpl && typeof tpl === 'object' ? (tpl as Record<string, unknown>) : {}
  return struct([
    ['subject', toString(t.subject) === '' ? errRequired() : undefined],
    ['body', toString(t.body) === '' ? errRequired() : undefined],
  ])
}

/** ozzo's `Required, Min(min), Max(max)` on an integer (zero = blank). */
function requiredRange(value: unknown, min: number, max: number): Check {
  const n = num(value)
  if (n === 0) return errRequired()
  if (n < min) return errMin(min)
  if (n > max) return errMax(max)
  return undefined
}

function tokenConfigErrors(t: Record<string, unknown>): Promise<Check> {
  const secret = toString(t.secret)
  return struct([
    ['secret', secret === '' ? errRequired() : checkLength(secret, 30, 255)],
    ['duration', requiredRange(t.duration, 10, 94670856)],
  ])
}

function otpErrors(t: Record<string, unknown>): Promise<Check> {
  const enabled = Boolean(t.enabled)
  return struct([
    ['duration', enabled ? requiredRange(t.duration, 10, 86400) : undefined],
    [
      'length',
      enabled
        ? num(t.length) === 0
          ? errRequired()
          : num(t.length) < 4
            ? errMin(4)
            : undefined
        : undefined,
    ],
    ['emailTemplate', emailTemplateErrors(t.emailTemplate)],
  ])
}

function mfaErrors(t: Record<string, unknown>): Promise<Check> {
  return struct([['duration', t.enabled ? requiredRange(t.duration, 10, 86400) : undefined]])
}

function passwordAuthErrors(t: Record<string, unknown>): Promise<Check> {
  if (!t.enabled) {
    return Promise.resolve(undefined)
  }
  const fields = Array.isArray(t.identityFields) ? t.identityFields : []
  return struct([['identityFields', fields.length === 0 ? errRequired() : undefined]])
}

async function oauth2Errors(t: Record<string, unknown>): Promise<Check> {
  if (!t.enabled) {
    return undefined
  }
  const providers = Array.isArray(t.providers) ? (t.providers as Record<string, unknown>[]) : []
  const seen = new Set<string>()
  for (const [i, p] of providers.entries()) {
    const name = toString(p.name)
    if (name === '') continue
    if (seen.has(name)) {
      return {
        providers: {
          [String(i)]: {
            name: validationError(
              'validation_duplicated_provider',
              'The provider {{.name}} is already registered.',
              { name },
            ),
          },
        },
      }
    }
    seen.add(name)
  }
  const items: ErrorData = {}
  for (const [i, p] of providers.entries()) {
    const name = toString(p.name)
    const url = (v: unknown) => {
      const s = toString(v)
      return s !== '' && !parseUrl(s)
        ? validationError('validation_is_url', 'must be a valid URL')
        : undefined
    }
    const err = await struct([
      [
        'name',
        name === ''
          ? errRequired()
          : OAUTH2_CATALOG_NAMES.includes(name)
            ? undefined
            : validationError(
                'validation_missing_provider',
                'Invalid or missing provider with name {{.name}}.',
                { name },
              ),
      ],
      ['clientId', toString(p.clientId) === '' ? errRequired() : undefined],
      ['clientSecret', toString(p.clientSecret) === '' ? errRequired() : undefined],
      ['authURL', url(p.authURL)],
      ['tokenURL', url(p.tokenURL)],
      ['userInfoURL', url(p.userInfoURL)],
    ])
    if (err && Object.keys(err).length > 0) {
      items[String(i)] = err
    }
  }
  return Object.keys(items).length > 0 ? { providers: items } : undefined
}
