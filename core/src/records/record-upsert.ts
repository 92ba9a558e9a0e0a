/**
 * @module The record create/update form (PocketBase `forms/record_upsert.go`): loads submitted data with
 * the requester's access level, checks the auth-only form fields (password confirmation, old password,
 * email/verified changes) and saves.
 */
import type { App } from '../app.js'
import { verifyPassword, PasswordValue } from '../fields/field-password.js'
import { errRequired, validationError } from '../fields/validators.js'
import { ValidationErrors, type ErrorData } from '../http/api-error.js'
import { toString } from '../tools/cast.js'
import type { RecordModel } from './record-model.js'
import { saveRecord } from './record-save.js'

/** Who is submitting: a regular client, a manager (auth `manageRule`), or a superuser. */
export type AccessLevel = 'default' | 'manager' | 'superuser'

const errMismatch = () => validationError('validation_values_mismatch', "Values don't match.")

/** A pending create or update of one record. */
export class RecordUpsertForm {
  record: RecordModel
  access: AccessLevel = 'default'
  #password = ''
  #passwordConfirm = ''
  #oldPassword = ''

  constructor(record: RecordModel) {
    this.record = record
  }

  /** Whether the submitter may manage auth fields (manager or superuser). */
  hasManageAccess(): boolean {
    return this.access !== 'default'
  }

  /**
   * Sets submitted values on the record. Non-superusers can't change hidden fields (except an auth
   * record's password); `passwordConfirm`/`oldPassword` are form-only keys.
   */
  load(data: Record<string, unknown>): void {
    const isAuth = this.record.collection.type === 'auth'
    const exclude = new Set(['expand'])
    if (isAuth) {
      if ('password' in data) this.#password = toString(data.password)
      if ('passwordConfirm' in data) this.#passwordConfirm = toString(data.passwordConfirm)
      if ('oldPassword' in data) this.#oldPassword = toString(data.oldPassword)
      exclude.add('passwordConfirm').add('oldPassword')
    }
    for (const [key, value] of Object.entries(data)) {
      if (exclude.has(key)) {
        continue
      }
      const field = this.record.setIfFieldExists(key, value)
      if (field && this.access !== 'superuser' && field.hidden && !(isAuth && field.name === 'password')) {
        this.record.setRaw(field.name, this.record.original().getRaw(field.name))
      }
    }
  }

  /** Checks the auth form fields; throws ValidationErrors. */
  async validateFormFields(): Promise<void> {
    const record = this.record
    if (record.collection.type !== 'auth') {
      return
    }
    const raw = record.getRaw('password')
    const disablePasswordChecks =
      raw instanceof PasswordValue &&
      ((raw.plain !== '' && raw.plain !== this.#password) || (raw.plain === '' && raw.hash !== '' && record.isNew()))

    const isNew = record.isNew()
    const original = record.original()
    const errors: ErrorData = {}

    if (!isNew && !this.hasManageAccess() && record.getString('email') !== original.getString('email')) {
      errors.email = errMismatch()
    }
    if (!this.hasManageAccess() && record.getBool('verified') !== original.getBool('verified')) {
      errors.verified = errMismatch()
    }
    if (!disablePasswordChecks) {
      if ((isNew || this.#passwordConfirm !== '' || this.#oldPassword !== '') && this.#password === '') {
        errors.password = errRequired()
      }
      if ((isNew || this.#password !== '' || this.#oldPassword !== '') && this.#passwordConfirm === '') {
        errors.passwordConfirm = errRequired()
      } else if (this.#passwordConfirm !== '' && this.#passwordConfirm !== this.#password) {
        errors.passwordConfirm = errMismatch()
      }
      if (!isNew && !this.hasManageAccess() && (this.#password !== '' || this.#passwordConfirm !== '')) {
        if (this.#oldPassword === '') {
          errors.oldPassword = errRequired()
        } else if (!(await verifyPassword(original.getString('password:hash'), this.#oldPassword))) {
          errors.oldPassword = validationError('validation_invalid_old_password', 'Missing or invalid old password.')
        }
      }
    }
    if (Object.keys(errors).length > 0) {
      throw new ValidationErrors(errors)
    }
  }

  /** Validates the form fields, then saves the record (with field validation and hooks). */
  async submit(app: App): Promise<void> {
    await this.validateFormFields()
    await saveRecord(app, this.record)
  }
}
