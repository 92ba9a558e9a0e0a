import { LitElement, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { authBrand } from '../lib/auth-brand.js'
import { readActionToken } from '../lib/auth-token.js'
import { errorMessage, fieldErrors, type FieldErrors } from '../lib/errors.js'
import { guestClient } from '../pb.js'
import { authPageStyles } from '../styles/auth-page.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * The link of the email change email (`#/auth/confirm-email-change/<token>`): the account's password
 * confirms the new address.
 */
@customElement('pb-page-confirm-email-change')
export class PbPageConfirmEmailChange extends LitElement {
  static override styles = [sharedStyles, authPageStyles]

  /** the token from the link */
  @property() token = ''

  @state() private _password = ''
  @state() private _busy = false
  @state() private _done = false
  @state() private _errors: FieldErrors = {}
  @state() private _error = ''

  private async _submit(e: Event): Promise<void> {
    e.preventDefault()
    const t = readActionToken(this.token, 'emailChange')
    if (!t || this._busy) {
      return
    }
    this._busy = true
    this._errors = {}
    this._error = ''
    try {
      await guestClient().collection(t.collectionId).confirmEmailChange(this.token, this._password)
      this._done = true
    } catch (err) {
      this._errors = fieldErrors(err)
      this._error = this._errors.token ?? (Object.keys(this._errors).length ? '' : errorMessage(err))
    } finally {
      this._busy = false
    }
  }

  override render() {
    const t = readActionToken(this.token, 'emailChange')
    if (!t || t.expired || !t.newEmail) {
      return html`<div class="card">
        ${authBrand('Confirm email change')}
        <p class="alert danger" role="alert">Invalid or expired email change token.</p>
      </div>`
    }
    if (this._done) {
      return html`<div class="card">
        ${authBrand('Confirm email change')}
        <p class="alert info" role="status">The email was successfully changed.</p>
        <p class="muted">You can go back and sign in with your new email address.</p>
      </div>`
    }
    const err = this._errors.password
    return html`<div class="card">
      ${authBrand('Confirm email change')}
      <form @submit=${this._submit} novalidate>
        <p class="muted">
          Type your password to confirm changing your email address to <strong>${t.newEmail}</strong>:
        </p>
        ${this._error ? html`<p class="alert danger" role="alert">${this._error}</p>` : nothing}
        <div class="field ${err ? 'invalid' : ''}">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" autofocus
            .value=${this._password} aria-invalid=${err ? 'true' : 'false'}
            aria-describedby=${err ? 'password-error' : nothing}
            @input=${(e: Event) => (this._password = (e.target as HTMLInputElement).value)} />
          ${err ? html`<span class="error" id="password-error">${err}</span>` : nothing}
        </div>
        <button class="btn primary block ${this._busy ? 'busy' : ''}" ?disabled=${this._busy}>
          Confirm new email
        </button>
      </form>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-confirm-email-change': PbPageConfirmEmailChange
  }
}
