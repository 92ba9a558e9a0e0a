/**
 * @module Rules of the `_superusers` collection (PocketBase `core/record_model_superusers.go`): always
 * verified, never left empty, and the temporary installer account removed once a real one exists.
 */
import type { App } from '../app.js'
import { SUPERUSERS } from '../collections/system-collections.js'
import { TaggedHook } from '../hooks/hook.js'
import { badRequest } from '../http/api-error.js'
import type { RecordEvent } from './record-events.js'
import { findAuthRecordByEmail } from './record-query.js'
import { deleteRecord } from './record-save.js'

/** The e-mail of the temporary superuser behind the first-run installer link. */
export const INSTALLER_EMAIL = '__pbinstaller@example.com'

/** Binds the superuser rules to the app's record hooks. */
export function registerSuperuserHooks(app: App): void {
  new TaggedHook(app.recordHooks.delete, [SUPERUSERS]).bind({
    id: 'pbSuperusersRecordDelete',
    priority: -99,
    func: async (e) => {
      const row = await e.app.db().get<{ total: number }>(`SELECT count(*) AS total FROM \`${SUPERUSERS}\``)
      if (Number(row?.total ?? 0) === 1) {
        throw badRequest("You can't delete the only existing superuser")
      }
      await e.next()
    },
  })

  const onSave = async (e: RecordEvent) => {
    e.record.setRaw('verified', true)
    await e.next()
    if (e.type === 'create' && e.record.getString('email') !== INSTALLER_EMAIL) {
      try {
        const installer = await findAuthRecordByEmail(e.app, SUPERUSERS, INSTALLER_EMAIL)
        if (installer) {
          await deleteRecord(e.app, installer)
        }
      } catch (err) {
        e.app.logger.warn('failed to delete the installer superuser', { error: String(err) })
      }
    }
  }
  new TaggedHook(app.recordHooks.createExecute, [SUPERUSERS]).bind({ id: 'pbSuperusersRecordSaveExec', priority: -99, func: onSave })
  new TaggedHook(app.recordHooks.updateExecute, [SUPERUSERS]).bind({ id: 'pbSuperusersRecordSaveExec', priority: -99, func: onSave })
}
