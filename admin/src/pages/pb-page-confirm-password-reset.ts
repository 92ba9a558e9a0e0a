import { LitElement, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { authBrand } from '../lib/auth-brand.js'
import { readActionToken } from '../lib/auth-token.js'
import { errorMessage, fieldErrors, type FieldErrors } from '../lib/errors.js'
import { guestClient } from '../pb.js'
import { authPageStyles } from '../styles/auth-page.js'
import { sharedStyles } from '../styles/shared.js'

/** The link of the password reset email (`#/auth/confirm-password-reset/<token>`): sets a new password. */
@customElement('pb-page-confirm-password-reset')
export class PbPageConfirmPasswordReset extends LitElement {
  static override styles = [sharedStyles, authPageStyles]

  /** the token from the link */
  @property() token = ''

  @state() private _password = ''
  @state() private _passwordConfirm = ''
  @state() private _busy = false
  @state() private _done = false
  @state() private _errors: FieldErrors = {}
  @state() private _error = ''

  private async _submit(e: Event): Promise<void> {
    e.preventDefault()
    const t = readActionToken(this.token, 'passwordReset')
    if (!t || this._busy) {
      return
    }
    this._busy = true
    this._errors = {}
    this._error = ''
    try {
      await guestClient()
        .collection(t.collectionId)
        .confirmPasswordReset(this.token, this._password, this._passwordConfirm)
      this._done = true
    } catch (err) {
      this._errors = fieldErrors(err)
      // note: the token is checked with the form: its error belongs to the page, not to a field
      this._error = this._errors.token ?? (Object.keys(this._errors).length ? '' : errorMessage(err))
    } finally {
      this._busy = false
    }
  }

  override render() {
    const t = readActionToken(this.token, 'passwordReset')
    if (!t || t.expired) {
      return html`<div class="card">
        ${authBrand('Reset password')}
        <p class="alert danger" role="alert">Invalid or expired password reset token.</p>
      </div>`
    }
    if (this._done) {
      return html`<div class="card">
        ${authBrand('Reset password')}
        <p class="alert info" role="status">The password was successfully changed.</p>
        <p class="muted">You can go back to sign in with your new password.</p>
      </div>`
    }
    return html`<div class="card">
      ${authBrand('Reset password')}
      <form @submit=${this._submit} novalidate>
        <p class="muted">Type your new password for <strong>${t.email}</strong>:</p>
        ${this._error ? html`<p class="alert danger" role="alert">${this._error}</p>` : nothing}
        ${this._field('password', 'New password', this._password, (v) => (this._password = v))}
        ${this._field('passwordConfirm', 'Confirm new password', this._passwordConfirm, (v) => (this._passwordConfirm = v))}
        <button class="btn primary block ${this._busy ? 'busy' : ''}" ?disabled=${this._busy}>
          Set new password
        </button>
      </form>
    </div>`
  }

  private _field(name: string, label: string, value: string, set: (v: string) => void) {
    const err = this._errors[name]
    return html`<div class="field ${err ? 'invalid' : ''}">
      <label for=${name}>${label}</label>
      <input id=${name} name=${name} type="password" autocomplete="new-password" .value=${value}
        ?autofocus=${name === 'password'} aria-invalid=${err ? 'true' : 'false'}
        aria-describedby=${err ? `${name}-error` : nothing}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)} />
      ${err ? html`<span class="error" id=${`${name}-error`}>${err}</span>` : nothing}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-confirm-password-reset': PbPageConfirmPasswordReset
  }
}
