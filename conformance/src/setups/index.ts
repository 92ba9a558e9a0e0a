import { BACKUP_SETUPS } from './backup.js'
import { FILE_SETUPS } from './file.js'
import { RECORD_AUTH_OTP_SETUPS } from './record-auth-otp.js'
import { RECORD_AUTH_SETUPS } from './record-auth.js'
import { RECORD_CRUD_OTP_MFA_SETUPS } from './record-crud-otp-mfa.js'
import { RECORD_CRUD_SETUPS } from './record-crud.js'
import type { ScenarioSetup, SetupTable } from './setup-types.js'

const TABLES: SetupTable[] = [
  RECORD_CRUD_SETUPS,
  FILE_SETUPS,
  BACKUP_SETUPS,
  RECORD_CRUD_OTP_MFA_SETUPS,
  RECORD_AUTH_OTP_SETUPS,
  RECORD_AUTH_SETUPS,
]

/** Every ported setup by scenario id. */
export const SETUPS: ReadonlyMap<string, ScenarioSetup> = new Map(TABLES.flatMap((t) => Object.entries(t)))

/** The setup for a scenario id; a `#n:HEAD` copy shares its original's setup, as in Go. */
export function findSetup(id: string): ScenarioSetup | undefined {
  return SETUPS.get(id) ?? SETUPS.get(id.replace(/:HEAD$/, ''))
}
