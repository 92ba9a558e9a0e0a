/**
 * @module The first-run installer link (PocketBase `apis/installer.go`): while no real superuser exists,
 * a temporary `__pbinstaller@example.com` superuser gets a 30 minute static token, and the dashboard's
 * `#/pbinstall/<token>` page uses it to create the first superuser (which deletes the temporary one).
 */
import type { App } from '../app.js'
import { setRandomPassword } from '../auth/auth-record.js'
import { newStaticAuthToken } from '../auth/record-tokens.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import { RecordModel } from '../records/record-model.js'
import { findAuthRecordByEmail, requireCollection } from '../records/record-query.js'
import { saveRecord } from '../records/record-save.js'
import { INSTALLER_EMAIL } from '../records/superuser-hooks.js'

/** How long the installer token is valid. */
export const INSTALLER_TOKEN_SECONDS = 30 * 60

/** Whether there is no superuser besides the installer one. */
export async function needInstallerSuperuser(app: App): Promise<boolean> {
  const row = await app.db().get<{ total: number }>(`SELECT count(*) AS total FROM \`${SUPERUSERS}\` WHERE email != ?`, [INSTALLER_EMAIL])
  return Number(row?.total ?? 0) === 0
}

/** The installer superuser, created (with a random password) when missing. */
export async function findOrCreateInstallerSuperuser(app: App): Promise<RecordModel> {
  const existing = await findAuthRecordByEmail(app, SUPERUSERS, INSTALLER_EMAIL)
  if (existing) {
    return existing
  }
  const record = new RecordModel(requireCollection(app, SUPERUSERS))
  record.set('email', INSTALLER_EMAIL)
  setRandomPassword(record)
  await saveRecord(app, record)
  return record
}

/** The installer URL under `baseURL`, or undefined when a superuser already exists. */
export async function installerURL(app: App, baseURL: string): Promise<string | undefined> {
  if (!(await needInstallerSuperuser(app))) {
    return undefined
  }
  const superuser = await findOrCreateInstallerSuperuser(app)
  const token = await newStaticAuthToken(app, superuser, INSTALLER_TOKEN_SECONDS)
  return `${baseURL.replace(/\/+$/, '')}/_/#/pbinstall/${token}`
}
