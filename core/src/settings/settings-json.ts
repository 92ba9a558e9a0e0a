/**
 * @module The public JSON of the settings: PocketBase's struct key order, secrets left out.
 */
import type { Settings } from './settings-store.js'

type Obj = Record<string, unknown>

function s3Json(c: Obj): Obj {
  // note: `secret` is omitempty and blanked, so it never appears
  return {
    enabled: c.enabled,
    bucket: c.bucket,
    region: c.region,
    endpoint: c.endpoint,
    accessKey: c.accessKey,
    forcePathStyle: c.forcePathStyle,
  }
}

/** The settings as `GET /api/settings` shows them. */
export function settingsToJSON(s: Settings): Obj {
  const smtp = s.smtp as unknown as Obj
  const backups = s.backups as Obj
  const meta = s.meta as unknown as Obj
  const rl = s.rateLimits as unknown as Obj
  const tp = s.trustedProxy as unknown as Obj
  const batch = s.batch as Obj
  const logs = s.logs as Obj
  return {
    superuserIPs: s.superuserIPs ?? [],
    smtp: {
      enabled: smtp.enabled,
      port: smtp.port,
      host: smtp.host,
      username: smtp.username,
      authMethod: smtp.authMethod,
      tls: smtp.tls,
      localName: smtp.localName,
    },
    backups: { cron: backups.cron, cronMaxKeep: backups.cronMaxKeep, s3: s3Json((backups.s3 as Obj) ?? {}) },
    s3: s3Json(s.s3 as Obj),
    meta: {
      accentColor: meta.accentColor,
      appName: meta.appName,
      appURL: meta.appURL,
      senderName: meta.senderName,
      senderAddress: meta.senderAddress,
      hideControls: meta.hideControls,
    },
    rateLimits: { rules: rl.rules ?? [], excludedIPs: rl.excludedIPs ?? [], enabled: rl.enabled },
    trustedProxy: { headers: tp.headers ?? [], useLeftmostIP: tp.useLeftmostIP },
    batch: { enabled: batch.enabled, maxRequests: batch.maxRequests, timeout: batch.timeout, maxBodySize: batch.maxBodySize },
    logs: { maxDays: logs.maxDays, minLevel: logs.minLevel, logIP: logs.logIP, logAuthId: logs.logAuthId },
  }
}
