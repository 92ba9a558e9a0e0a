/**
 * @module Saving and deleting records through their hook chains (PocketBase's `app.Save` /
 * `app.Delete` for records, with field interceptors, auth-record rules and cascade deletes).
 */
import type { App } from '../app.js'
import type { FieldModel } from '../collections/collection-model.js'
import { quoteIdent } from '../db/sql-ident.js'
import { SqliteError } from '../db/sqlite-error.js'
import type { Hook } from '../hooks/hook.js'
import { modelProxyTriggers, type ModelEvent } from '../hooks/model-hooks.js'
import { ValidationErrors, isFieldError, type ErrorData } from '../http/api-error.js'
import type { InterceptorAction } from '../fields/field-kind.js'
import { fieldKind } from '../fields/field-registry.js'
import { isMultiple } from '../fields/multi-value.js'
import { validationError } from '../fields/validators.js'
import { randomString } from '../tools/random.js'
import { RecordErrorEvent, RecordEvent } from './record-events.js'
import type { RecordModel } from './record-model.js'
import { findRecordById, findRecordsWhere } from './record-query.js'

// note: record saves run the model hooks with the record hooks as their proxy, as in PocketBase
const { run: runRecordHooks, runError: runRecordErrorHooks } = modelProxyTriggers<RecordEvent, RecordErrorEvent>({
  get: (e) => e.record,
  set: (e, model) => {
    e.record = model as RecordModel
  },
})

/** Runs `action` wrapped by every field's interceptor for `step` (PocketBase `callFieldInterceptors`). */
export async function callFieldInterceptors(
  app: App,
  record: RecordModel,
  step: InterceptorAction,
  action: () => Promise<void>,
): Promise<void> {
  let run = action
  for (const field of record.collection.fields) {
    const kind = fieldKind(field.type)
    if (kind.intercept) {
      const inner = run
      run = () => kind.intercept!(app, field, record, step, inner)
    }
  }
  await run()
}

/** Validates a record's fields through the `validate` hook; throws ValidationErrors. */
export async function validateRecord(app: App, record: RecordModel): Promise<void> {
  const event = new RecordEvent(app, record, 'validate')
  await runRecordHooks(app.modelHooks.validate, app.recordHooks.validate, event, async (e) => {
    await callFieldInterceptors(e.app, e.record, 'validate', async () => {
      const errors: ErrorData = {}
      for (const field of e.record.collection.fields) {
        const err = await fieldKind(field.type).validateValue(e.app, field, e.record)
        if (err && (isFieldError(err) || Object.keys(err).length > 0)) {
          errors[field.name] = err
        }
      }
      if (Object.keys(errors).length > 0) {
        throw new ValidationErrors(errors)
      }
    })
  })
}

/** Options of {@link saveRecord}. */
export interface SaveOptions {
  /** Run field validations (default true); cascade updates skip them as PocketBase does. */
  validate?: boolean
}

/** Inserts or updates a record (by `record.isNew()`), running the record hooks. */
export async function saveRecord(app: App, record: RecordModel, options: SaveOptions = {}): Promise<void> {
  const isNew = record.isNew()
  const hooks = app.recordHooks
  const models = app.modelHooks
  const type = isNew ? 'create' : 'update'
  const event = new RecordEvent(app, record, type)
  try {
    await runRecordHooks(isNew ? models.create : models.update, isNew ? hooks.create : hooks.update, event, async (e) => {
      await callFieldInterceptors(e.app, e.record, type, async () => {
        if (options.validate ?? true) {
          await validateRecord(e.app, e.record)
        }
        const execute = isNew ? hooks.createExecute : hooks.updateExecute
        await runRecordHooks(isNew ? models.createExecute : models.updateExecute, execute, e, async (ex) => {
          await callFieldInterceptors(ex.app, ex.record, isNew ? 'createExecute' : 'updateExecute', () =>
            writeRecord(ex.app, ex.record),
          )
        })
      })
    })
  } catch (err) {
    await runRecordErrorHooks(
      isNew ? models.afterCreateError : models.afterUpdateError,
      isNew ? hooks.afterCreateError : hooks.afterUpdateError,
      new RecordErrorEvent(app, record, type, err),
    )
    throw err
  }
  record.postSave()
  await afterSuccess(
    app,
    record,
    type,
    isNew ? models.afterCreateSuccess : models.afterUpdateSuccess,
    isNew ? hooks.afterCreateSuccess : hooks.afterUpdateSuccess,
  )
}

/** The SQL write of a save, with PocketBase's auth-record checks and unique-error normalisation. */
async function writeRecord(app: App, record: RecordModel): Promise<void> {
  const c = record.collection
  if (c.type === 'auth') {
    if (!record.isNew()) {
      const last = await findRecordById(app, c, record.lastSavedPK())
      // a password or email change logs out every session: new tokenKey
      if (
        last &&
        last.getString('tokenKey') === record.getString('tokenKey') &&
        (last.get('password:hash') !== record.get('password:hash') || last.getString('email') !== record.getString('email'))
      ) {
        record.setRaw('tokenKey', randomString(50))
      }
    }
    // note: like PocketBase, auth record ids must be unique across every auth collection
    for (const other of app.findAllCollections('auth')) {
      if (other.id !== c.id && (await findRecordById(app, other, record.id))) {
        throw new ValidationErrors({
          id: validationError('validation_invalid_auth_id', 'Invalid or duplicated auth record id.'),
        })
      }
    }
  }

  const data = record.dbExport()
  const columns = Object.keys(data)
  try {
    if (record.isNew()) {
      if (!data.id) {
        throw new Error('empty primary key is not allowed')
      }
      await app
        .db()
        .run(
          `INSERT INTO ${quoteIdent(c.name)} (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          columns.map((k) => data[k]!),
        )
    } else {
      await app
        .db()
        .run(
          `UPDATE ${quoteIdent(c.name)} SET ${columns.map((k) => `${quoteIdent(k)} = ?`).join(', ')} WHERE id = ?`,
          [...columns.map((k) => data[k]!), record.lastSavedPK()],
        )
    }
  } catch (err) {
    throw normalizeUniqueError(err, c.name, c.fields)
  }
}

/** Turns "UNIQUE constraint failed: tbl.col" into `{col: validation_not_unique}` (PocketBase's normalisation). */
export function normalizeUniqueError(err: unknown, table: string, fields: readonly FieldModel[]): unknown {
  if (!(err instanceof SqliteError) && !(err instanceof Error)) {
    return err
  }
  const msg = err.message.toLowerCase()
  if (!msg.includes('unique constraint failed')) {
    return err
  }
  const haystack = msg.trim().replaceAll(',', ' ') + ' '
  const errors: ErrorData = {}
  for (const f of fields) {
    if (haystack.includes(` ${table.toLowerCase()}.${f.name.toLowerCase()} `)) {
      errors[f.name] = validationError('validation_not_unique', 'Value must be unique')
    }
  }
  return Object.keys(errors).length > 0 ? new ValidationErrors(errors) : err
}

/** Runs the after-success step now, or after the commit when inside a transaction. */
async function afterSuccess(
  app: App,
  record: RecordModel,
  type: RecordEvent['type'],
  modelHook: Hook<ModelEvent>,
  hook: Hook<RecordEvent>,
): Promise<void> {
  const step: InterceptorAction = type === 'create' ? 'afterCreate' : type === 'update' ? 'afterUpdate' : 'afterDelete'
  const run = async (finalApp: App) => {
    const e = new RecordEvent(finalApp, record, type)
    await runRecordHooks(modelHook, hook, e, (ev) => callFieldInterceptors(ev.app, ev.record, step, async () => {}))
  }
  await app.afterCommit(run)
}

/** Deletes a record and (in the same transaction) unlinks or cascades its relation references. */
export async function deleteRecord(app: App, record: RecordModel): Promise<void> {
  const hooks = app.recordHooks
  const models = app.modelHooks
  const event = new RecordEvent(app, record, 'delete')
  try {
    await runRecordHooks(models.delete, hooks.delete, event, async (e) => {
      await callFieldInterceptors(e.app, e.record, 'delete', async () => {
        await e.app.runInTransaction(async (txApp) => {
          const ex = new RecordEvent(txApp, e.record, 'delete')
          await runRecordHooks(models.deleteExecute, hooks.deleteExecute, ex, async (x) => {
            await callFieldInterceptors(x.app, x.record, 'deleteExecute', async () => {
              if (x.record.collection.type === 'view') {
                throw new Error('view records cannot be deleted')
              }
              await x.app.db().run(`DELETE FROM ${quoteIdent(x.record.collection.name)} WHERE id = ?`, [x.record.id])
            })
          })
          await cascadeReferences(txApp, record)
        })
      })
    })
  } catch (err) {
    await runRecordErrorHooks(models.afterDeleteError, hooks.afterDeleteError, new RecordErrorEvent(app, record, 'delete', err))
    throw err
  }
  await afterSuccess(app, record, 'delete', models.afterDeleteSuccess, hooks.afterDeleteSuccess)
}

/** Unsets `record` from every relation pointing at it; deletes referencing records with cascadeDelete. */
async function cascadeReferences(app: App, main: RecordModel): Promise<void> {
  const refs = [...app.collections().references(main.collection)].sort(([a], [b]) => (a.name < b.name ? -1 : 1))
  for (const [refCollection, fields] of refs) {
    if (refCollection.type === 'view') {
      continue
    }
    for (const field of fields) {
      const col = quoteIdent(field.name)
      let where = isMultiple(field)
        ? `EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${col}) THEN ${col} ELSE json_array(${col}) END) AS je WHERE je.value = ?)`
        : `${col} = ?`
      const params: string[] = [main.id]
      if (refCollection.id === main.collection.id) {
        where += ' AND id != ?'
        params.push(main.id)
      }
      for (;;) {
        const batch = await findRecordsWhere(app, refCollection, where, params, 4000)
        for (const ref of batch) {
          const ids = ref.getStringSlice(field.name).filter((id) => id !== main.id)
          if (field.cascadeDelete && ids.length === 0) {
            await deleteRecord(app, ref)
            continue
          }
          if (field.required && ids.length === 0) {
            throw new Error(
              `the record cannot be deleted because it is part of a required reference in record ${ref.id} (${refCollection.name} collection)`,
            )
          }
          ref.set(field.name, ids)
          await saveRecord(app, ref, { validate: false })
        }
        if (batch.length < 4000) {
          break
        }
      }
    }
  }
}
