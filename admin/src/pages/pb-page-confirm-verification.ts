import { Task } from '@lit/task'
import { LitElement, html, nothing } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { authBrand } from '../lib/auth-brand.js'
import { readActionToken } from '../lib/auth-token.js'
import { errorMessage } from '../lib/errors.js'
import { guestClient } from '../pb.js'
import { authPageStyles } from '../styles/auth-page.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * The link of the verification email (`#/auth/confirm-verification/<token>`): confirms the address
 * as soon as it opens, and offers a new email when the link is expired or already used.
 */
@customElement('pb-page-confirm-verification')
export class PbPageConfirmVerification extends LitElement {
  static override styles = [sharedStyles, authPageStyles]

  /** the token from the link */
  @property() token = ''

  private readonly _confirm = new Task(this, {
    task: async ([token]) => {
      const t = readActionToken(token, 'verification')
      if (!t || t.expired) {
        throw new Error('Invalid or expired verification token.')
      }
      await guestClient().collection(t.collectionId).confirmVerification(token)
      return t
    },
    args: () => [this.token] as const,
  })

  private readonly _resend = new Task(this, {
    autoRun: false,
    task: async () => {
      const t = readActionToken(this.token, 'verification')
      if (t) {
        await guestClient().collection(t.collectionId).requestVerification(t.email)
      }
    },
  })

  override render() {
    return html`<div class="card">
      ${authBrand('Confirm verification')}
      ${this._confirm.render({
        pending: () => html`<p class="muted" role="status">Please wait…</p>`,
        complete: (t) => html`<p class="alert info" role="status">
          Successfully verified <strong>${t.email}</strong>.
        </p>`,
        error: () => this._failed(),
      })}
    </div>`
  }

  private _failed() {
    // note: the claims of an expired (or already used) link still say where to send a new one
    const claims = readActionToken(this.token, 'verification')
    return html`<p class="alert danger" role="alert">Invalid or expired verification token.</p>
      ${this._resend.render({
        initial: () =>
          claims
            ? html`<button class="btn block" @click=${() => void this._resend.run()}>
                Send a new verification email
              </button>`
            : nothing,
        pending: () => html`<button class="btn block busy" disabled>Sending…</button>`,
        complete: () =>
          html`<p class="alert info" role="status">Please check your email for the new verification link.</p>`,
        error: (err) => html`<p class="alert danger" role="alert">${errorMessage(err)}</p>`,
      })}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-confirm-verification': PbPageConfirmVerification
  }
}
