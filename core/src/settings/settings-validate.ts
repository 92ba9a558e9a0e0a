/**
 * @module Settings validation (PocketBase `core/settings_model.go` `PostValidate` and each config's
 * `Validate`), with the same error codes and nesting.
 */
import { isEmail } from '../fields/field-email.js'
import { parseUrl } from '../fields/field-url.js'
import { errLength, errMin, errRequired, validationError, checkLength } from '../fields/validators.js'
import type { ErrorData, FieldError } from '../http/api-error.js'
import { parseCronSchedule } from '../tools/cron-schedule.js'
import type { Settings } from './settings-store.js'

type Obj = Record<string, unknown>

const HOST = /^(?=.{1,253}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const RATE_LIMIT_LABEL = /^(\w+ \/[\w/-]*|\/[\w/-]*|^\w+:\w+|\*:\w+|\w+)$/

const errHost = () => validationError('validation_is_host', 'must be a valid IP address or DNS name')
const errUrl = () => validationError('validation_is_url', 'must be a valid URL')
const errIn = () => validationError('validation_in_invalid', 'must be a valid value')

function isHost(v: string): boolean {
  return HOST.test(v) || IPV4.test(v) || /^[0-9a-fA-F:]+$/.test(v)
}

/** PocketBase's `validators.IPOrSubnet`. */
function isIpOrSubnet(v: string): boolean {
  const [ip, bits, extra] = v.split('/')
  if (extra !== undefined || !ip) return false
  const v4 = IPV4.test(ip)
  const v6 = !v4 && /^[0-9a-fA-F:]+$/.test(ip) && ip.includes(':')
  if (!v4 && !v6) return false
  if (bits === undefined) return true
  return /^\d+$/.test(bits) && Number(bits) <= (v4 ? 32 : 128)
}

function put(errors: ErrorData, key: string, err: FieldError | ErrorData | undefined): void {
  if (err && Object.keys(err).length > 0) {
    errors[key] = err
  }
}

function eachIp(list: unknown): ErrorData | undefined {
  const errors: ErrorData = {}
  ;(Array.isArray(list) ? list : []).forEach((v, i) => {
    const s = String(v ?? '')
    if (s === '') errors[String(i)] = errRequired()
    else if (!isIpOrSubnet(s)) errors[String(i)] = validationError('validation_invalid_ip', 'Must be a valid IP address or subnet.')
  })
  return errors
}

function validateS3(c: Obj): ErrorData {
  const e: ErrorData = {}
  const enabled = c.enabled === true
  const endpoint = String(c.endpoint ?? '')
  if (endpoint !== '' && !parseUrl(endpoint)) put(e, 'endpoint', errUrl())
  else if (enabled && endpoint === '') put(e, 'endpoint', errRequired())
  for (const key of ['bucket', 'region', 'accessKey', 'secret']) {
    if (enabled && String(c[key] ?? '') === '') put(e, key, errRequired())
  }
  return e
}

function validateRateLimits(c: Obj): ErrorData {
  const e: ErrorData = {}
  const rules = Array.isArray(c.rules) ? (c.rules as Obj[]) : []
  if (c.enabled === true && rules.length === 0) {
    put(e, 'rules', errRequired())
  } else {
    const ruleErrors: ErrorData = {}
    rules.forEach((r, i) => {
      const re: ErrorData = {}
      const label = String(r.label ?? '')
      if (label === '') put(re, 'label', errRequired())
      else if (!RATE_LIMIT_LABEL.test(label)) put(re, 'label', validationError('validation_match_invalid', 'must be in a valid format'))
      const maxRequests = Number(r.maxRequests ?? 0)
      if (maxRequests === 0) put(re, 'maxRequests', errRequired())
      else if (maxRequests < 1) put(re, 'maxRequests', errMin(1))
      const duration = Number(r.duration ?? 0)
      if (duration === 0) put(re, 'duration', errRequired())
      else if (duration < 1) put(re, 'duration', errMin(1))
      if (!['', '@guest', '@auth'].includes(String(r.audience ?? ''))) put(re, 'audience', errIn())
      put(ruleErrors, String(i), re)
    })
    if (Object.keys(ruleErrors).length === 0) {
      // conflicting labels (same label and audience prefix)
      const existing: string[] = []
      for (const [i, r] of rules.entries()) {
        const key = `${String(r.label ?? '')}@@${String(r.audience ?? '')}`
        if (existing.some((k) => k.startsWith(key) || key.startsWith(k))) {
          ruleErrors[String(i)] = {
            label: validationError(
              'validation_conflicting_rate_limit_rule',
              'Rate limit rule configuration with label {{.label}} already exists or conflicts with another rule.',
              { label: String(r.label ?? '') },
            ),
          }
          break
        }
        existing.push(key)
      }
    }
    put(e, 'rules', ruleErrors)
  }
  put(e, 'excludedIPs', eachIp(c.excludedIPs))
  return e
}

/** Validates settings; returns `{}` when valid. */
export function validateSettings(s: Settings): ErrorData {
  const errors: ErrorData = {}
  put(errors, 'superuserIPs', eachIp(s.superuserIPs))

  const meta = s.meta as unknown as Obj
  const me: ErrorData = {}
  const accent = String(meta.accentColor ?? '')
  if (accent !== '' && (accent.length !== 7 || !/^#[0-9a-fA-F]{6}$/.test(accent))) {
    put(me, 'accentColor', accent.length !== 7 ? errLength(7, 7) : validationError('validation_is_hex_color', 'must be a valid hex color code'))
  }
  for (const key of ['appName', 'senderName']) {
    const v = String(meta[key] ?? '')
    put(me, key, v === '' ? errRequired() : checkLength(v, 1, 255))
  }
  const appURL = String(meta.appURL ?? '')
  put(me, 'appURL', appURL === '' ? errRequired() : parseUrl(appURL) ? undefined : errUrl())
  const sender = String(meta.senderAddress ?? '')
  put(me, 'senderAddress', sender === '' ? errRequired() : isEmail(sender) ? undefined : validationError('validation_is_email', 'must be a valid email address'))
  put(errors, 'meta', me)

  const logs = s.logs as Obj
  if (Number(logs?.maxDays ?? 0) < 0) put(errors, 'logs', { maxDays: errMin(0) })

  const smtp = s.smtp as unknown as Obj
  const se: ErrorData = {}
  const smtpHost = String(smtp.host ?? '')
  if (smtp.enabled === true && smtpHost === '') put(se, 'host', errRequired())
  else if (smtpHost !== '' && !isHost(smtpHost)) put(se, 'host', errHost())
  const port = Number(smtp.port ?? 0)
  if (smtp.enabled === true && port === 0) put(se, 'port', errRequired())
  else if (port < 0) put(se, 'port', errMin(0))
  if (!['', 'LOGIN', 'PLAIN'].includes(String(smtp.authMethod ?? ''))) put(se, 'authMethod', errIn())
  const localName = String(smtp.localName ?? '')
  if (localName !== '' && !isHost(localName)) put(se, 'localName', errHost())
  put(errors, 'smtp', se)

  put(errors, 's3', validateS3(s.s3 as Obj))

  const backups = s.backups as Obj
  const be: ErrorData = {}
  put(be, 's3', validateS3((backups.s3 as Obj) ?? {}))
  const cron = String(backups.cron ?? '')
  if (cron !== '') {
    try {
      parseCronSchedule(cron)
    } catch (err) {
      put(be, 'cron', validationError('validation_invalid_cron', (err as Error).message))
    }
  }
  const keep = Number(backups.cronMaxKeep ?? 0)
  if (cron !== '' && keep === 0) put(be, 'cronMaxKeep', errRequired())
  else if (keep !== 0 && keep < 1) put(be, 'cronMaxKeep', errMin(1))
  put(errors, 'backups', be)

  const batch = s.batch as Obj
  const bae: ErrorData = {}
  for (const key of ['maxRequests', 'timeout']) {
    const v = Number(batch[key] ?? 0)
    if (batch.enabled === true && v === 0) put(bae, key, errRequired())
    else if (v < 0) put(bae, key, errMin(0))
  }
  if (Number(batch.maxBodySize ?? 0) < 0) put(bae, 'maxBodySize', errMin(0))
  put(errors, 'batch', bae)

  put(errors, 'rateLimits', validateRateLimits(s.rateLimits as unknown as Obj))
  return errors
}
