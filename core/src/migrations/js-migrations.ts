/**
 * @module JS/TS migration files (PocketBase's `pb_migrations`, jsvm flavour): each file calls
 * `migrate(up, down?)` once; `up`/`down` get the migration `app` ({@link JsMigrationApp}) and may return
 * a promise. The files see PocketBase's globals: `Collection`, `Record`, `Field` and the typed field
 * constructors (`TextField`, `NumberField`, …), `FieldsList` and `unmarshal(data, target)`.
 *
 * Evaluating is separate from running: a platform turns each file's code into calls of `migrate` (the
 * default uses `new Function`; Node compiles TypeScript and names the file in stack traces), and a file
 * that fails to evaluate stops the whole load before any migration runs.
 */
import type { FieldType } from '../collections/collection-model.js'
import { RecordModel } from '../records/record-model.js'
import { FieldsList, toField } from './js-fields-list.js'
import { JsCollection } from './js-collection.js'
import { JsMigrationApp, JsSettings } from './js-app.js'
import { JsRecord } from './js-record.js'
import type { Migration, MigrationFn } from './migrations-runner.js'

/** A migration file's name (the history key) and its source. */
export interface MigrationSource {
  readonly file: string
  readonly code: string
}

/** Runs a file's code with `globals` in scope (names → values). */
export type MigrationEvaluator = (
  source: MigrationSource,
  globals: Readonly<Record<string, unknown>>,
) => void

/** A migration file that could not be evaluated. */
export class MigrationLoadError extends Error {
  readonly file: string
  constructor(message: string, file: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MigrationLoadError'
    this.file = file
  }
}

/** The JS step a file registers: gets the migration app, may return a promise. */
export type JsMigrationFn = (app: JsMigrationApp) => unknown

const TYPED_FIELDS: Record<string, FieldType> = {
  TextField: 'text',
  NumberField: 'number',
  BoolField: 'bool',
  EmailField: 'email',
  URLField: 'url',
  EditorField: 'editor',
  DateField: 'date',
  AutodateField: 'autodate',
  SelectField: 'select',
  FileField: 'file',
  RelationField: 'relation',
  JSONField: 'json',
  PasswordField: 'password',
  GeoPointField: 'geoPoint',
}

/** `unmarshal(data, target)`: PocketBase's JSON round trip of `data` into `target`. */
export function unmarshal(data: unknown, target: unknown): void {
  if (target instanceof JsCollection) {
    target.unmarshal(data)
  } else if (target instanceof RecordModel) {
    target.load(JSON.parse(JSON.stringify(data ?? {})) as Record<string, unknown>)
  } else if (target !== null && typeof target === 'object') {
    mergeInto(target as Record<string, unknown>, JSON.parse(JSON.stringify(data ?? {})) as unknown)
  } else {
    throw new TypeError('unmarshal: the target must be an object')
  }
}

function mergeInto(target: Record<string, unknown>, data: unknown): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new TypeError('unmarshal: the data must be an object')
  }
  for (const [k, v] of Object.entries(data)) {
    const current = target[k]
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current)
    ) {
      mergeInto(current as Record<string, unknown>, v)
    } else {
      target[k] = v
    }
  }
}

/** The globals of a migration file; `migrate` calls `register`. */
export function migrationGlobals(
  register: (up?: JsMigrationFn, down?: JsMigrationFn) => void,
): Record<string, unknown> {
  const globals: Record<string, unknown> = {
    migrate: (up?: JsMigrationFn, down?: JsMigrationFn) => register(up, down),
    Collection: JsCollection,
    Record: JsRecord,
    FieldsList,
    Field: function Field(data: unknown) {
      return toField(data)
    },
    unmarshal,
    Settings: JsSettings,
  }
  for (const [name, type] of Object.entries(TYPED_FIELDS)) {
    globals[name] = function TypedField(data?: Record<string, unknown>) {
      return toField({ ...(data ?? {}), type })
    }
  }
  return globals
}

/** Evaluates with `new Function` (platforms without a better compiler). */
export const functionEvaluator: MigrationEvaluator = (source, globals) => {
  const names = Object.keys(globals)
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fn = new Function(
    ...names,
    `'use strict';\n${source.code}\n//# sourceURL=${source.file}`,
  ) as (...args: unknown[]) => void
  fn(...names.map((n) => globals[n]))
}

/** Wraps a JS step: a migration app over the transaction, then every call it queued must finish. */
function wrapStep(step: JsMigrationFn | undefined): MigrationFn | undefined {
  if (typeof step !== 'function') {
    return undefined
  }
  return async (txApp) => {
    const app = await JsMigrationApp.create(txApp)
    try {
      await step(app)
    } catch (err) {
      await app.settle().catch(() => {})
      throw err
    }
    await app.settle()
  }
}

/**
 * Evaluates migration files (in name order) into migrations. Throws {@link MigrationLoadError} for the
 * first file that fails to evaluate or calls `migrate` more than once.
 */
export function loadJsMigrations(
  sources: readonly MigrationSource[],
  evaluate: MigrationEvaluator = functionEvaluator,
): Migration[] {
  const migrations: Migration[] = []
  const sorted = [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  for (const source of sorted) {
    let registered = 0
    const globals = migrationGlobals((up, down) => {
      registered++
      if (registered > 1) {
        throw new Error('migrate() may be called only once per file')
      }
      if (up !== undefined && typeof up !== 'function') {
        throw new TypeError('migrate(up, down): up must be a function')
      }
      if (down !== undefined && down !== null && typeof down !== 'function') {
        throw new TypeError('migrate(up, down): down must be a function')
      }
      const stepUp = wrapStep(up)
      const stepDown = wrapStep(down ?? undefined)
      migrations.push({
        file: source.file,
        ...(stepUp ? { up: stepUp } : {}),
        ...(stepDown ? { down: stepDown } : {}),
      })
    })
    try {
      evaluate(source, globals)
    } catch (err) {
      throw new MigrationLoadError(
        `failed to run migration ${source.file}: ${err instanceof Error ? err.message : String(err)}`,
        source.file,
        {
          cause: err,
        },
      )
    }
  }
  return migrations
}
