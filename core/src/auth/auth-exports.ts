/**
 * @module The auth, mail and settings API of core for adapters and apps (re-exported by the barrel).
 */
export {
  newStaticAuthToken,
  newVerificationToken,
  newPasswordResetToken,
  newEmailChangeToken,
  newFileToken,
} from './record-tokens.js'
export { isSuperuser, setRandomPassword, refreshTokenKey, validateRecordPassword } from './auth-record.js'
export { requireSameCollectionContextAuth } from './auth-middleware.js'
export { recordAuthResponse, recordAuthResponseWithToken } from './auth-response.js'
export * from './auth-request-events.js'
export { MailerRecordEvent, MailerRecordHooks } from '../mails/mailer-record-hooks.js'
export {
  SettingsHooks,
  SettingsListRequestEvent,
  SettingsReloadEvent,
  SettingsUpdateRequestEvent,
} from '../settings/settings-request-events.js'
export { canAccessRecord } from './auth-rules.js'
export { createOTP, findOTPById, findAllOTPsByRecord } from './otp.js'
export { AUTH_MODEL_HOOK_IDS } from './auth-model-hooks.js'
export {
  OAuth2Provider,
  type OAuth2User,
  type OAuth2ProviderConfig,
} from './oauth2/oauth2-provider.js'
export type { OAuth2Token } from './oauth2/oauth2-token.js'
export { OAUTH2_PROVIDERS, OAUTH2_PROVIDER_NAMES, initProvider } from './oauth2/provider-registry.js'
export {
  OAUTH2_SUBSCRIPTION_TOPIC,
  setOAuth2ClientLookup,
  type OAuth2ClientLookup,
  type OAuth2RealtimeClient,
} from './oauth2/oauth2-redirect-clients.js'
export {
  MemoryMailer,
  MailerEvent,
  appMailer,
  onMailerSend,
  sendMail,
  type Mailer,
  type MailMessage,
  type MailAddress,
  type MailContext,
} from '../mails/mailer.js'
export { htmlToText } from '../mails/html-to-text.js'
export { BroadcastMailer, MAILS_CHANNEL, type BroadcastMail } from '../mails/broadcast-mailer.js'
export {
  sendRecordVerification,
  sendRecordPasswordReset,
  sendRecordChangeEmail,
  sendRecordOTP,
  sendRecordAuthAlert,
  renderRecordTemplate,
} from '../mails/record-mails.js'
export {
  getSettings,
  reloadSettings,
  saveSettings,
  type Settings,
  type SmtpSettings,
  type MetaSettings,
  type RateLimitRule,
  type RateLimitSettings,
} from '../settings/settings-store.js'
export {
  checkCollectionRateLimit,
  checkRateLimit,
  collectionPathRateLimit,
  excludeFromGlobalRateLimit,
  findRateLimitRule,
  DEFAULT_RATE_LIMIT_MIDDLEWARE_ID,
} from '../http/rate-limit.js'
export { isIPInList, realIP, requestIP } from '../http/real-ip.js'
export { appStore, AppStore } from '../tools/app-store.js'
export { installerURL, needInstallerSuperuser, findOrCreateInstallerSuperuser } from '../apis/installer.js'
export { randomString } from '../tools/random.js'
export { parseIP } from '../http/real-ip.js'
export { inThreadPasswordHasher, passwordHasher, setPasswordHasher, type PasswordHasher } from './password-hasher.js'
