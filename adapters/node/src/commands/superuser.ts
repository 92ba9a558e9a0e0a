/**
 * @module `isobase superuser upsert|create|update|delete|otp|ips` (PocketBase `cmd/superuser.go`):
 * superuser management on a `pb_data` without the server.
 */
import {
  createOTP,
  deleteRecord,
  findAuthRecordByEmail,
  getSettings,
  isFieldError,
  parseIP,
  randomString,
  RecordModel,
  saveRecord,
  saveSettings,
  ValidationErrors,
  type App,
  type ErrorData,
} from '@isobase/core'
import { CliError, openNodeApp, type NodeAppOptions } from '../node-app.js'

const SUPERUSERS = '_superusers'
// a practical email check (PocketBase uses ozzo's is.EmailFormat)
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

/** Where command output goes (tests capture it). */
export interface CommandOutput {
  write(line: string): void
}

const stdout: CommandOutput = { write: (line) => process.stdout.write(line + '\n') }

/** Go's `validation.Errors.Error()`: `field: message; other: message.` */
export function formatErrors(data: ErrorData): string {
  const parts = Object.keys(data)
    .sort()
    .map((key) => {
      const v = data[key]!
      return isFieldError(v) ? `${key}: ${v.message.replace(/\.$/, '')}` : `${key}: (${formatErrors(v).replace(/\.$/, '')})`
    })
  return parts.join('; ') + '.'
}

function describe(err: unknown): string {
  if (err instanceof ValidationErrors) return formatErrors(err.data)
  if (err && typeof err === 'object' && 'data' in err && 'message' in err) {
    const data = (err as { data: ErrorData }).data
    return Object.keys(data).length > 0 ? formatErrors(data) : String((err as { message: string }).message)
  }
  return err instanceof Error ? err.message : String(err)
}

function checkEmail(email: string | undefined, message: string): string {
  if (!email || !EMAIL.test(email)) {
    throw new CliError(message)
  }
  return email
}

/** A data directory, or the options to open it with (e.g. a framework app and its hooks directory). */
export type SuperuserTarget = string | NodeAppOptions

async function withApp<T>(target: SuperuserTarget, fn: (app: App) => Promise<T>): Promise<T> {
  const node = await openNodeApp(typeof target === 'string' ? { dir: target } : target)
  try {
    return await fn(node.app)
  } finally {
    await node.close()
  }
}

function superusersCollection(app: App) {
  const c = app.findCachedCollection(SUPERUSERS)
  if (!c) throw new CliError(`failed to fetch "${SUPERUSERS}" collection`)
  return c
}

/** `superuser upsert EMAIL PASS`: creates, or changes the password of, one superuser. */
export async function superuserUpsert(dir: SuperuserTarget, args: string[], out = stdout): Promise<void> {
  if (args.length !== 2) throw new CliError('missing email and password arguments')
  const email = checkEmail(args[0], 'missing or invalid email address')
  await withApp(dir, async (app) => {
    const record = (await findAuthRecordByEmail(app, SUPERUSERS, email)) ?? new RecordModel(superusersCollection(app))
    record.set('email', email)
    record.set('password', args[1])
    try {
      await saveRecord(app, record)
    } catch (err) {
      throw new CliError(`failed to upsert superuser account: ${describe(err)}`, { cause: err })
    }
    out.write(`Successfully saved superuser "${email}"!`)
  })
}

/** `superuser create EMAIL PASS`. */
export async function superuserCreate(dir: SuperuserTarget, args: string[], out = stdout): Promise<void> {
  if (args.length !== 2) throw new CliError('missing email and password arguments')
  const email = checkEmail(args[0], 'missing or invalid email address')
  await withApp(dir, async (app) => {
    const record = new RecordModel(superusersCollection(app))
    record.set('email', email)
    record.set('password', args[1])
    try {
      await saveRecord(app, record)
    } catch (err) {
      throw new CliError(`failed to create new superuser account: ${describe(err)}`, { cause: err })
    }
    out.write(`Successfully created new superuser "${email}"!`)
  })
}

/** `superuser update EMAIL PASS`: changes a superuser's password (ending its sessions). */
export async function superuserUpdate(dir: SuperuserTarget, args: string[], out = stdout): Promise<void> {
  if (args.length !== 2) throw new CliError('missing email and password arguments')
  const email = checkEmail(args[0], 'missing or invalid email address')
  await withApp(dir, async (app) => {
    const record = await findAuthRecordByEmail(app, SUPERUSERS, email)
    if (!record) throw new CliError(`superuser with email "${email}" doesn't exist`)
    record.set('password', args[1])
    try {
      await saveRecord(app, record)
    } catch (err) {
      throw new CliError(`failed to change superuser "${email}" password: ${describe(err)}`, { cause: err })
    }
    out.write(`Successfully changed superuser "${email}" password!`)
  })
}

/** `superuser delete EMAIL`. */
export async function superuserDelete(dir: SuperuserTarget, args: string[], out = stdout): Promise<void> {
  const email = checkEmail(args[0], 'invalid or missing email address')
  await withApp(dir, async (app) => {
    const record = await findAuthRecordByEmail(app, SUPERUSERS, email)
    if (!record) {
      out.write(`superuser "${email}" is missing or already deleted`)
      return
    }
    try {
      await deleteRecord(app, record)
    } catch (err) {
      throw new CliError(`failed to delete superuser "${email}": ${describe(err)}`, { cause: err })
    }
    out.write(`Successfully deleted superuser "${email}"!`)
  })
}

/** `superuser otp EMAIL`: creates an OTP to log in with (OTP auth must be enabled for superusers). */
export async function superuserOTP(dir: SuperuserTarget, args: string[], out = stdout): Promise<void> {
  const email = checkEmail(args[0], 'invalid or missing email address')
  await withApp(dir, async (app) => {
    const record = await findAuthRecordByEmail(app, SUPERUSERS, email)
    if (!record) throw new CliError(`superuser with email "${email}" doesn't exist`)
    const otpOptions = (record.collection.otp ?? {}) as { enabled?: boolean; length?: number; duration?: number }
    if (otpOptions.enabled !== true) throw new CliError('OTP auth is not enabled for the _superusers collection')
    const pass = randomString(Math.max(1, Math.trunc(Number(otpOptions.length ?? 8))), '1234567890')
    let otp
    try {
      otp = await createOTP(app, record, pass)
    } catch (err) {
      throw new CliError(`failed to create OTP: ${describe(err)}`, { cause: err })
    }
    out.write(`Successfully created OTP for superuser "${email}":`)
    out.write(`├─ Id:    ${otp.id}`)
    out.write(`├─ Pass:  ${pass}`)
    out.write(`└─ Valid: ${Number(otpOptions.duration ?? 0)}s`)
    out.write('')
  })
}

/** `superuser ips [IP|CIDR…]`: sets (or with no arguments clears) the superuser IP whitelist. */
export async function superuserIPs(dir: SuperuserTarget, args: string[], out = stdout): Promise<void> {
  for (const item of args) {
    const [ip, bits, extra] = item.split('/')
    const maxBits = ip && parseIP(ip)?.length === 4 ? 32 : 128
    if (!ip || !parseIP(ip) || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits))) {
      throw new CliError(`invalid IP address or subnet "${item}"`)
    }
  }
  await withApp(dir, async (app) => {
    const settings = { ...(await getSettings(app)), superuserIPs: [...args] }
    await saveSettings(app, settings)
    if (args.length === 0) {
      out.write('Successfully cleared SuperuserIPs setting!')
      return
    }
    out.write('Successfully updated SuperuserIPs setting:')
    args.forEach((ip, i) => out.write(`${i === args.length - 1 ? '└─' : '├─'} ${ip}`))
  })
}
