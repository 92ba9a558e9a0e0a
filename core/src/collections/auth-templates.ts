/**
 * @module Default mail templates of auth collections; the texts match PocketBase's defaults so that a
 * fresh Isobase and a fresh PocketBase hold the same settings.
 */

/** A mail template with `{APP_NAME}`, `{APP_URL}`, `{TOKEN}`, `{OTP}`, `{ALERT_INFO}`, `{RECORD:field}` placeholders. */
export interface EmailTemplate {
  subject: string
  body: string
}

const thanks = `<p>
  Thanks,<br/>
  {APP_NAME} team
</p>`

const actionTemplate = (intro: string, path: string, label: string, ignore: string) => `<p>Hello,</p>
${intro}
<p>
  <a class="btn" href="{APP_URL}/_/#/auth/${path}/{TOKEN}" target="_blank" rel="noopener">${label}</a>
</p>
<p><i>${ignore}</i></p>
${thanks}`

export const DEFAULT_VERIFICATION_TEMPLATE: EmailTemplate = {
  subject: 'Verify your {APP_NAME} email',
  body: actionTemplate(
    `<p>Thank you for joining us at {APP_NAME}.</p>
<p>Click on the button below to verify your email address.</p>`,
    'confirm-verification',
    'Verify',
    "If you didn't recently register, please ignore this email.",
  ),
}

export const DEFAULT_RESET_PASSWORD_TEMPLATE: EmailTemplate = {
  subject: 'Reset your {APP_NAME} password',
  body: actionTemplate(
    '<p>Click on the button below to reset your password.</p>',
    'confirm-password-reset',
    'Reset password',
    "If you didn't ask to reset your password, please ignore this email.",
  ),
}

export const DEFAULT_CONFIRM_EMAIL_CHANGE_TEMPLATE: EmailTemplate = {
  subject: 'Confirm your {APP_NAME} new email address',
  body: actionTemplate(
    '<p>Click on the button below to confirm your new email address.</p>',
    'confirm-email-change',
    'Confirm new email',
    "If you didn't ask to change your email address, please ignore this email.",
  ),
}

export const DEFAULT_OTP_TEMPLATE: EmailTemplate = {
  subject: 'OTP for {APP_NAME}',
  body: `<p>Hello,</p>
<p>Your one-time password is: <strong>{OTP}</strong></p>
<p><i>If you didn't ask for the one-time password, you can ignore this email.</i></p>
${thanks}`,
}

export const DEFAULT_AUTH_ALERT_TEMPLATE: EmailTemplate = {
  subject: 'Login from a new location',
  body: `<p>Hello,</p>
<p>We noticed a login to your {APP_NAME} account from a new location:</p>
<p><em>{ALERT_INFO}</em></p>
<p><strong>If this wasn't you, you should immediately change your {APP_NAME} account password to revoke access from all other locations.</strong></p>
<p>If this was you, you may disregard this email.</p>
${thanks}`,
}
