/**
 * @module Application settings (`_params` row `settings`) as a fresh PocketBase v0.39 writes them.
 */

/** The default settings object, in PocketBase's JSON key order. */
export function defaultSettings(): Record<string, unknown> {
  const s3 = () => ({ enabled: false, bucket: '', region: '', endpoint: '', accessKey: '', forcePathStyle: false })
  return {
    superuserIPs: [],
    smtp: {
      enabled: false,
      port: 587,
      host: 'smtp.example.com',
      username: '',
      password: '',
      authMethod: '',
      tls: false,
      localName: '',
    },
    backups: { cron: '', cronMaxKeep: 3, s3: s3() },
    s3: s3(),
    meta: {
      accentColor: '#1055c9',
      appName: 'Acme',
      appURL: 'http://localhost:8090',
      senderName: 'Support',
      senderAddress: 'support@example.com',
      hideControls: false,
    },
    rateLimits: {
      rules: [
        { label: '*:auth', audience: '', duration: 3, maxRequests: 2 },
        { label: '*:create', audience: '', duration: 5, maxRequests: 20 },
        { label: '/api/batch', audience: '', duration: 1, maxRequests: 3 },
        { label: '/api/', audience: '', duration: 10, maxRequests: 300 },
      ],
      excludedIPs: [],
      enabled: false,
    },
    trustedProxy: { headers: [], useLeftmostIP: false },
    batch: { enabled: false, maxRequests: 50, timeout: 3, maxBodySize: 0 },
    logs: { maxDays: 5, minLevel: 0, logIP: true, logAuthId: false },
  }
}
