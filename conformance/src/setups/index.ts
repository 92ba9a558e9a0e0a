import { BACKUP_SETUPS } from './backup.js'
import { FILE_SETUPS } from './file.js'
import { MIDDLEWARES_SETUPS } from './middlewares.js'
import { MISC_SETUPS } from './misc.js'
import { OAUTH2_REDIRECT_SETUPS } from './oauth2-redirect.js'
import { REALTIME_SETUPS } from './realtime.js'
import { RECORD_AUTH_OTP_SETUPS } from './record-auth-otp.js'
import { RECORD_AUTH_SETUPS } from './record-auth.js'
import { RECORD_CRUD_OTP_MFA_SETUPS } from './record-crud-otp-mfa.js'
import { RECORD_CRUD_SETUPS } from './record-crud.js'
import type { ScenarioSetup, SetupTable } from './setup-types.js'
import { TX_BODY_WRITE_SETUPS } from './tx-body-write.js'

const TABLES: SetupTable[] = [
  RECORD_CRUD_SETUPS,
  FILE_SETUPS,
  BACKUP_SETUPS,
  RECORD_CRUD_OTP_MFA_SETUPS,
  RECORD_AUTH_OTP_SETUPS,
  RECORD_AUTH_SETUPS,
  REALTIME_SETUPS,
  MISC_SETUPS,
  OAUTH2_REDIRECT_SETUPS,
  MIDDLEWARES_SETUPS,
  TX_BODY_WRITE_SETUPS,
]

/** Every ported setup by scenario id. */
export const SETUPS: ReadonlyMap<string, ScenarioSetup> = new Map(
  TABLES.flatMap((t) => Object.entries(t)),
)

/** The setup for a scenario id; a `#n:HEAD` copy shares its original's setup, as in Go. */
export function findSetup(id: string): ScenarioSetup | undefined {
  return SETUPS.get(id) ?? SETUPS.get(id.replace(/:HEAD$/, ''))
}

/** How many of the non-replayable scenarios have a ported setup. */
export interface SetupCoverage {
  /** Scenarios whose main skip reason is needs-setup. */
  needsSetup: number
  needsSetupPorted: number
  /** Ported, but part of the Go setup could not be reproduced (see `ScenarioSetup.partial`). */
  needsSetupPartial: number
  /** Other non-replayable scenarios (non-literal body/expectations...) made runnable by a setup. */
  otherPorted: number
  otherTotal: number
}

/** Counts setup coverage over the scenarios of scenarios.json. */
export function setupCoverage(
  scenarios: ReadonlyArray<{ id: string; replayable: boolean; skipReason?: string }>,
): SetupCoverage {
  const c: SetupCoverage = {
    needsSetup: 0,
    needsSetupPorted: 0,
    needsSetupPartial: 0,
    otherPorted: 0,
    otherTotal: 0,
  }
  for (const s of scenarios) {
    if (s.replayable) continue
    const setup = findSetup(s.id)
    if (s.skipReason === 'needs-setup') {
      c.needsSetup++
      if (setup) c.needsSetupPorted++
      if (setup?.partial) c.needsSetupPartial++
    } else {
      c.otherTotal++
      if (setup) c.otherPorted++
    }
  }
  return c
}
