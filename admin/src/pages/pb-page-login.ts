import { LitElement, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { ClientResponseError } from 'pocketbase'
import { icon } from '../icons.js'
import { errorMessage, fieldErrors, type FieldErrors } from '../lib/errors.js'
import { toast } from '../lib/toast.js'
import { pb, SUPERUSERS } from '../pb.js'
import { authPageStyles } from '../styles/auth-page.js'
import { sharedStyles } from '../styles/shared.js'

type Step = 'password' | 'otp' | 'reset'

/**
 * Superuser sign-in: password, or a one-time code when OTP is enabled for `_superusers`, with the
 * MFA second step (a 401 carrying `mfaId` asks for the other method) and password-reset requests.
 */
@customElement('pb-page-login')
export class PbPageLogin extends LitElement {
  static override styles = [sharedStyles, authPageStyles]

  @state() private _step: Step = 'password'
  @state() private _email = ''
  @state() private _password = ''
  @state() private _code = ''
  @state() private _otpId = ''
  @state() private _mfaId = ''
  @state() private _otpEnabled = false
  @state() private _busy = false
  @state() private _errors: FieldErrors = {}
  @state() private _error = ''
  @state() private _info = ''

  override connectedCallback(): void {
    super.connectedCallback()
    pb.collection(SUPERUSERS)
      .listAuthMethods()
      .then((m) => (this._otpEnabled = m.otp.enabled))
      .catch(() => {})
  }

  override updated(changed: Map<string, unknown>): void {
    // autofocus does not fire for inputs rendered later; move focus to the field of the new step
    if (changed.has('_step') || changed.has('_otpId')) {
      const target = this._step === 'otp' && this._otpId ? '#code' : this._mfaId ? '#password' : null
      if (target) {
        this.renderRoot.querySelector<HTMLInputElement>(target)?.focus()
      }
    }
  }

  private async _run(work: () => Promise<void>): Promise<void> {
    if (this._busy) {
      return
    }
    this._busy = true
    this._errors = {}
    this._error = ''
    try {
      await work()
    } catch (err) {
      const mfaId = err instanceof ClientResponseError ? err.response?.mfaId : undefined
      if (typeof mfaId === 'string' && mfaId) {
        await this._startMfa(mfaId)
      } else {
        this._errors = fieldErrors(err)
        this._error = Object.keys(this._errors).length ? '' : errorMessage(err)
      }
    } finally {
      this._busy = false
    }
  }

  /** The first method passed but MFA needs a second, different one. */
  private async _startMfa(mfaId: string): Promise<void> {
    this._mfaId = mfaId
    if (this._step === 'password') {
      // the other method a superuser can have is a one-time code by email
      await this._requestOtp()
      this._info = `Multi-factor authentication: enter the code sent to ${this._email}.`
    } else {
      this._step = 'password'
      this._info = 'Multi-factor authentication: now enter your password.'
    }
  }

  private async _requestOtp(): Promise<void> {
    const res = await pb.collection(SUPERUSERS).requestOTP(this._email)
    this._otpId = res.otpId
    this._step = 'otp'
    this._code = ''
  }

  private _submitPassword(e: Event): void {
    e.preventDefault()
    void this._run(async () => {
      const opts = this._mfaId ? { mfaId: this._mfaId } : {}
      await pb.collection(SUPERUSERS).authWithPassword(this._email, this._password, opts)
    })
  }

  private _submitOtp(e: Event): void {
    e.preventDefault()
    void this._run(async () => {
      if (!this._otpId) {
        await this._requestOtp()
        this._info = `We sent a one-time code to ${this._email}.`
        return
      }
      const opts = this._mfaId ? { mfaId: this._mfaId } : {}
      await pb.collection(SUPERUSERS).authWithOTP(this._otpId, this._code, opts)
    })
  }

  private _submitReset(e: Event): void {
    e.preventDefault()
    void this._run(async () => {
      await pb.collection(SUPERUSERS).requestPasswordReset(this._email)
      toast(`If ${this._email} belongs to a superuser, a reset link is on its way.`, 'info')
      this._switch('password')
    })
  }

  private _switch(step: Step): void {
    this._step = step
    this._errors = {}
    this._error = ''
    this._info = ''
    this._otpId = ''
    this._mfaId = ''
  }

  override render() {
    const title =
      this._step === 'reset' ? 'Reset your password' : 'Sign in as superuser'
    return html`<div class="card">
      <div class="brand">
        <span class="logo" aria-hidden="true">i</span>
        <div><div class="name">Isobase</div><div class="sub">${title}</div></div>
      </div>
      ${this._info ? html`<p class="alert info" role="status">${this._info}</p>` : nothing}
      ${this._error ? html`<p class="alert danger" role="alert">${this._error}</p>` : nothing}
      ${this._step === 'password'
        ? this._passwordForm()
        : this._step === 'otp'
          ? this._otpForm()
          : this._resetForm()}
    </div>`
  }

  private _passwordForm() {
    return html`<form @submit=${this._submitPassword} novalidate>
        ${this._emailField(!!this._mfaId)}
        <div class="field ${this._errors.password ? 'invalid' : ''}">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password"
            .value=${this._password} ?autofocus=${!!this._mfaId}
            @input=${(e: Event) => (this._password = (e.target as HTMLInputElement).value)} />
          ${this._errors.password ? html`<span class="error">${this._errors.password}</span>` : nothing}
        </div>
        <button class="btn primary block ${this._busy ? 'busy' : ''}" ?disabled=${this._busy}>
          Sign in ${icon('chevronRight')}
        </button>
      </form>
      <div class="row" style="justify-content: space-between; margin-top: 14px">
        <button class="link-btn" @click=${() => this._switch('reset')}>Forgot password?</button>
        ${this._otpEnabled && !this._mfaId
          ? html`<button class="link-btn" @click=${() => this._switch('otp')}>
              Use a one-time code
            </button>`
          : nothing}
      </div>`
  }

  private _otpForm() {
    return html`<form @submit=${this._submitOtp} novalidate>
        ${this._emailField(!!this._otpId)}
        ${this._otpId
          ? html`<div class="field ${this._errors.password ? 'invalid' : ''}">
              <label for="code">One-time code</label>
              <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" autofocus
                class="code" .value=${this._code}
                @input=${(e: Event) => (this._code = (e.target as HTMLInputElement).value.trim())} />
              ${this._errors.password
                ? html`<span class="error">${this._errors.password}</span>`
                : nothing}
            </div>`
          : nothing}
        <button class="btn primary block ${this._busy ? 'busy' : ''}" ?disabled=${this._busy}>
          ${this._otpId ? 'Verify code' : 'Send me a code'}
        </button>
      </form>
      <div class="row" style="margin-top: 14px">
        ${this._otpId
          ? html`<button class="link-btn" @click=${() => void this._run(() => this._requestOtp())}>
              Send a new code
            </button>`
          : nothing}
        <span class="spacer"></span>
        <button class="link-btn" @click=${() => this._switch('password')}>Back to password</button>
      </div>`
  }

  private _resetForm() {
    return html`<form @submit=${this._submitReset} novalidate>
        <p class="muted">Enter your superuser email and we'll send you a link to set a new password.</p>
        ${this._emailField(false)}
        <button class="btn primary block ${this._busy ? 'busy' : ''}" ?disabled=${this._busy}>
          Send reset link
        </button>
      </form>
      <div class="row" style="margin-top: 14px">
        <button class="link-btn" @click=${() => this._switch('password')}>Back to sign in</button>
      </div>`
  }

  private _emailField(readonly: boolean) {
    const err = this._errors.identity ?? this._errors.email
    return html`<div class="field ${err ? 'invalid' : ''}">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" ?readonly=${readonly}
        ?autofocus=${!readonly} .value=${this._email}
        @input=${(e: Event) => (this._email = (e.target as HTMLInputElement).value.trim())} />
      ${err ? html`<span class="error">${err}</span>` : nothing}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-login': PbPageLogin
  }
}
