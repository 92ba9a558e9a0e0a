import { html, nothing } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import { icon } from '../icons.js'
import { collections } from '../lib/collections-store.js'
import { errorMessage, fieldErrors, type FieldErrors } from '../lib/errors.js'
import { getPath, SettingsForm } from '../lib/settings-form.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { settingsStyles } from '../styles/settings.js'
import { sharedStyles } from '../styles/shared.js'

const TEMPLATES: [string, string][] = [
  ['verification', 'Verification'],
  ['password-reset', 'Password reset'],
  ['email-change', 'Email change'],
  ['otp', 'One-time password'],
  ['login-alert', 'Login alert'],
]

/** Mail settings: sender, SMTP server, and a dialog that sends a test email. */
@customElement('pb-settings-mail')
export class PbSettingsMail extends SettingsForm {
  static override styles = [sharedStyles, settingsStyles]

  @state() private _to = ''
  @state() private _template = 'verification'
  @state() private _collection = '_superusers'
  @state() private _sending = false
  @state() private _testErrors: FieldErrors = {}
  @state() private _testError = ''
  @query('dialog') private _dialog!: HTMLDialogElement

  private async _sendTest(e: Event): Promise<void> {
    e.preventDefault()
    this._sending = true
    this._testErrors = {}
    this._testError = ''
    try {
      await pb.settings.testEmail(this._collection, this._to, this._template)
      toast(`Test email sent to ${this._to}.`)
      this._dialog.close()
    } catch (err) {
      this._testErrors = fieldErrors(err)
      this._testError = errorMessage(err)
    } finally {
      this._sending = false
    }
  }

  override render() {
    if (!this._draft) {
      return this._error ? html`<p class="alert danger">${this._error}</p>` : html`<p class="muted">Loading…</p>`
    }
    const smtp = !!getPath(this._draft, 'smtp.enabled')
    return html`<div class="card">
        <h2>Sender
          <span class="spacer"></span>
          <button class="btn sm" @click=${() => {
            void collections.ensure()
            this._dialog.showModal()
          }}>${icon('mail', 14)} Send test email</button>
        </h2>
        <div class="grid2">
          ${this._input('meta.senderName', 'Sender name')}
          ${this._input('meta.senderAddress', 'Sender address', 'email')}
        </div>
      </div>
      <div class="card">
        <h2>SMTP server</h2>
        ${this._switch('smtp.enabled', 'Send through an SMTP server')}
        ${smtp
          ? html`<div class="grid2">
              ${this._input('smtp.host', 'Host')} ${this._input('smtp.port', 'Port', 'number')}
              ${this._input('smtp.username', 'Username')}
              ${this._input('smtp.password', 'Password', 'password', { placeholder: 'unchanged' })}
              <div class="field">
                <label for="smtp-auth">Auth method</label>
                <select id="smtp-auth" @change=${(e: Event) => this._set('smtp.authMethod', (e.target as HTMLSelectElement).value)}>
                  ${['PLAIN', 'LOGIN'].map(
                    (m) => html`<option ?selected=${getPath(this._draft, 'smtp.authMethod') === m}>${m}</option>`,
                  )}
                </select>
              </div>
              ${this._input('smtp.localName', 'HELO local name', 'text', { placeholder: 'localhost' })}
            </div>
            ${this._switch('smtp.tls', 'Use TLS (implicit, usually port 465)')}`
          : html`<p class="muted">Without SMTP, the server's default mail transport is used.</p>`}
      </div>
      ${this._actions(['meta', 'smtp'])}
      <dialog aria-label="Send test email" style="width: 440px">
        <form @submit=${this._sendTest}>
          <div class="dlg-head"><h2>Send test email</h2></div>
          <div class="dlg-body stack">
            ${this._testError ? html`<p class="alert danger">${this._testError}</p>` : nothing}
            <div class="field ${this._testErrors.email ? 'invalid' : ''}">
              <label for="to">To</label>
              <input id="to" type="email" required .value=${this._to}
                @input=${(e: Event) => (this._to = (e.target as HTMLInputElement).value)} />
              ${this._testErrors.email ? html`<span class="error">${this._testErrors.email}</span>` : nothing}
            </div>
            <div class="field">
              <label for="tpl">Template</label>
              <select id="tpl" @change=${(e: Event) => (this._template = (e.target as HTMLSelectElement).value)}>
                ${TEMPLATES.map(([v, l]) => html`<option value=${v} ?selected=${v === this._template}>${l}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="coll">Auth collection</label>
              <select id="coll" @change=${(e: Event) => (this._collection = (e.target as HTMLSelectElement).value)}>
                ${collections.list
                  .filter((c) => c.type === 'auth')
                  .map((c) => html`<option value=${c.name} ?selected=${c.name === this._collection}>${c.name}</option>`)}
              </select>
            </div>
          </div>
          <div class="dlg-foot">
            <span class="spacer"></span>
            <button type="button" class="btn ghost" @click=${() => this._dialog.close()}>Cancel</button>
            <button class="btn primary ${this._sending ? 'busy' : ''}" ?disabled=${this._sending}>Send</button>
          </div>
        </form>
      </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-settings-mail': PbSettingsMail
  }
}
