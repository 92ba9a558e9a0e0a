/**
 * @module `/api/settings` (PocketBase `apis/settings.go`): read and update the app settings, test the
 * S3 connection, generate Apple OAuth2 client secrets. Superusers only.
 */
import type { App } from '../app.js'
import { requireSuperuserAuth } from '../auth/auth-middleware.js'
import { checkLength, errLength, errMax, errMin, errRequired, validationError } from '../fields/validators.js'
import { badRequest, type ErrorData } from '../http/api-error.js'
import type { RequestEvent } from '../http/request-event.js'
import { applySettingsPatch, SettingsTypeError } from '../settings/settings-patch.js'
import { settingsToJSON } from '../settings/settings-json.js'
import { SettingsListRequestEvent, SettingsUpdateRequestEvent } from '../settings/settings-request-events.js'
import { getSettings, saveSettings, type Settings } from '../settings/settings-store.js'
import { validateSettings } from '../settings/settings-validate.js'
import { signEs256Jwt } from '../auth/es256.js'
import { isEmail } from '../fields/field-email.js'
import {
  sendRecordAuthAlert,
  sendRecordChangeEmail,
  sendRecordOTP,
  sendRecordPasswordReset,
  sendRecordVerification,
} from '../mails/record-mails.js'
import { RecordModel } from '../records/record-model.js'
import { formatDateTime } from '../tools/datetime.js'
import { randomString } from '../tools/random.js'

/** Registers the settings routes. */
export function bindSettingsApi(app: App): void {
  const guard = requireSuperuserAuth()
  app.router.get('/api/settings', guard, settingsList)
  app.router.patch('/api/settings', guard, settingsSet)
  app.router.post('/api/settings/test/s3', guard, settingsTestS3)
  app.router.post('/api/settings/test/email', guard, settingsTestEmail)
  app.router.post('/api/settings/apple/generate-client-secret', guard, generateAppleClientSecret)
}

async function settingsList(e: RequestEvent): Promise<Response | undefined> {
  const event = new SettingsListRequestEvent(e, structuredClone(await getSettings(e.app)))
  await e.app.settingsHooks.listRequest.trigger(event, (ev) => {
    ev.request.json(200, settingsToJSON(ev.settings))
  })
  return e.response
}

async function settingsSet(e: RequestEvent): Promise<Response | undefined> {
  const current = await getSettings(e.app)
  let body: Record<string, unknown>
  let next: Settings
  try {
    body = (await e.body()).data
    next = applySettingsPatch(current, body)
  } catch (err) {
    if (err instanceof SettingsTypeError || !(err instanceof Error && 'status' in err)) {
      throw badRequest('An error occurred while loading the submitted data.', {}, err)
    }
    throw err
  }
  const event = new SettingsUpdateRequestEvent(e, structuredClone(current), next)
  await e.app.settingsHooks.updateRequest.trigger(event, async (ev) => {
    const errors = validateSettings(ev.newSettings)
    if (Object.keys(errors).length > 0) {
      throw badRequest('An error occurred while saving the new settings.', errors)
    }
    try {
      await saveSettings(ev.app, ev.newSettings)
    } catch (err) {
      throw badRequest('An error occurred while saving the new settings.', {}, err)
    }
    // note: answered once the save commits (a handler may run this in a transaction), with the
    // settings as re-read by then, like PocketBase's execAfterSuccessTx
    await ev.app.afterCommit(async (finalApp) => {
      ev.request.json(200, settingsToJSON(await getSettings(finalApp)))
    })
  })
  return e.response
}

async function settingsTestS3(e: RequestEvent): Promise<Response> {
  let filesystem: unknown
  try {
    filesystem = (await e.body()).data.filesystem
  } catch (err) {
    throw badRequest('An error occurred while loading the submitted data.', {}, err)
  }
  if (filesystem !== undefined && typeof filesystem !== 'string') {
    throw badRequest('An error occurred while loading the submitted data.')
  }
  const fs = filesystem ?? ''
  if (fs === '' || (fs !== 'storage' && fs !== 'backups')) {
    throw badRequest('Failed to test the S3 filesystem.', {
      filesystem: fs === '' ? errRequired() : validationError('validation_in_invalid', 'must be a valid value'),
    })
  }
  const settings = await getSettings(e.app)
  const config = (fs === 'backups' ? (settings.backups as { s3: Record<string, unknown> }).s3 : settings.s3) as Record<string, unknown>
  try {
    if (config.enabled !== true) {
      throw new Error('S3 storage filesystem is not enabled')
    }
    const tester = e.app.platform.testS3
    if (!tester) {
      throw new Error('S3 storage is not available on this platform')
    }
    await tester(config)
  } catch (err) {
    throw badRequest('Failed to test the S3 filesystem. Raw error: \n' + (err instanceof Error ? err.message : String(err)))
  }
  return e.noContent()
}

const PRIVATE_KEY = /-----BEGIN PRIVATE KEY----[\s\S]+-----END PRIVATE KEY-----/m

async function generateAppleClientSecret(e: RequestEvent): Promise<Response> {
  let data: Record<string, unknown>
  try {
    data = (await e.body()).data
  } catch (err) {
    throw badRequest('An error occurred while loading the submitted data.', {}, err)
  }
  const str = (k: string) => {
    const v = data[k]
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw badRequest('An error occurred while loading the submitted data.')
    }
    return (v as string | undefined) ?? ''
  }
  const clientId = str('clientId')
  const teamId = str('teamId')
  const keyId = str('keyId')
  const privateKey = str('privateKey')
  const rawDuration = data.duration ?? 0
  if (typeof rawDuration !== 'number' || !Number.isInteger(rawDuration)) {
    throw badRequest('An error occurred while loading the submitted data.')
  }
  const duration = rawDuration
  const errors: ErrorData = {}
  if (clientId === '') errors.clientId = errRequired()
  for (const [key, value] of [['teamId', teamId], ['keyId', keyId]] as const) {
    if (value === '') errors[key] = errRequired()
    else if (checkLength(value, 10, 10)) errors[key] = errLength(10, 10)
  }
  if (privateKey === '') errors.privateKey = errRequired()
  else if (!PRIVATE_KEY.test(privateKey)) errors.privateKey = validationError('validation_match_invalid', 'must be in a valid format')
  if (duration === 0) errors.duration = errRequired()
  else if (duration < 1) errors.duration = errMin(1)
  else if (duration > 15777000) errors.duration = errMax(15777000)
  if (Object.keys(errors).length > 0) {
    throw badRequest('Invalid client secret data.', errors)
  }
  let secret: string
  try {
    const now = Math.floor(e.app.now().getTime() / 1000)
    secret = await signEs256Jwt(
      { alg: 'ES256', kid: keyId, typ: 'JWT' },
      { aud: ['https://appleid.apple.com'], exp: now + duration, iat: now, iss: teamId, sub: clientId },
      privateKey.trim(),
    )
  } catch (err) {
    throw badRequest('Failed to generate client secret. Raw error: \n' + (err instanceof Error ? err.message : String(err)))
  }
  return e.json(200, { secret })
}

const TEST_TEMPLATES = ['verification', 'password-reset', 'email-change', 'otp', 'login-alert']

/** `POST /api/settings/test/email`: renders a template for a dummy record of an auth collection and sends it. */
async function settingsTestEmail(e: RequestEvent): Promise<Response> {
  let data: Record<string, unknown>
  try {
    data = (await e.body()).data
  } catch (err) {
    throw badRequest('An error occurred while loading the submitted data.', {}, err)
  }
  for (const key of ['email', 'template', 'collection']) {
    if (data[key] !== undefined && data[key] !== null && typeof data[key] !== 'string') {
      throw badRequest('An error occurred while loading the submitted data.')
    }
  }
  const email = (data.email as string | undefined) ?? ''
  const template = (data.template as string | undefined) ?? ''
  const collectionName = (data.collection as string | undefined) ?? ''
  const errors: ErrorData = {}
  if (collectionName !== '') {
    const c = e.app.findCachedCollection(collectionName)
    const lengthErr = checkLength(collectionName, 1, 255)
    if (lengthErr) errors.collection = lengthErr
    else if (!c || c.type !== 'auth') {
      errors.collection = validationError('validation_invalid_auth_collection', 'Must be a valid auth collection id or name.')
    }
  }
  if (email === '') errors.email = errRequired()
  else if (checkLength(email, 1, 255)) errors.email = checkLength(email, 1, 255)!
  else if (!isEmail(email)) errors.email = validationError('validation_is_email', 'must be a valid email address')
  if (template === '') errors.template = errRequired()
  else if (!TEST_TEMPLATES.includes(template)) errors.template = validationError('validation_in_invalid', 'must be a valid value')
  if (Object.keys(errors).length > 0) {
    throw badRequest('Failed to send the test email.', errors)
  }

  const collection = e.app.findCachedCollection(collectionName || '_superusers')!
  const record = new RecordModel(collection)
  for (const field of collection.fields) {
    if (!field.hidden) {
      record.set(field.name, `__pb_test_${field.name}__`)
    }
  }
  record.setRaw('tokenKey', randomString(50))
  record.setRaw('email', email)
  try {
    switch (template) {
      case 'verification':
        await sendRecordVerification(e.app, record)
        break
      case 'password-reset':
        await sendRecordPasswordReset(e.app, record)
        break
      case 'email-change':
        await sendRecordChangeEmail(e.app, record, email)
        break
      case 'otp':
        await sendRecordOTP(e.app, record, '_PB_TEST_OTP_ID_', '123456')
        break
      default:
        await sendRecordAuthAlert(e.app, record, `${formatDateTime(e.app.now())} - TEST_IP TEST_USER_AGENT`)
    }
  } catch (err) {
    throw badRequest('Failed to send the test email. Raw error: \n' + (err instanceof Error ? err.message : String(err)))
  }
  return e.noContent()
}
