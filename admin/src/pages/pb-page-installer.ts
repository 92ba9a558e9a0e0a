import { LitElement, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { getTokenPayload, isTokenExpired } from 'pocketbase'
import { confirmDialog } from '../components/pb-confirm.js'
import { icon } from '../icons.js'
import { errorMessage, fieldErrors, type FieldErrors } from '../lib/errors.js'
import { navigate } from '../lib/router.js'
import { toast } from '../lib/toast.js'
import { pb, SUPERUSERS } from '../pb.js'
import { authPageStyles } from '../styles/auth-page.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * First-run installer, opened through the `#/pbinstall/<token>` link the server prints while no
 * superuser exists. The token authenticates a temporary system superuser; it is used (only for these
 * requests, never stored) to create the first real superuser, or to restore a backup instead.
 */
@customElement('pb-page-installer')
export class PbPageInstaller extends LitElement {
  static override styles = [sharedStyles, authPageStyles]

  /** the installer token from the link */
  @property() token = ''

  @state() private _email = ''
  @state() private _password = ''
  @state() private _passwordConfirm = ''
  @state() private _showPassword = false
  @state() private _busy: '' | 'create' | 'upload' | 'restore' = ''
  @state() private _errors: FieldErrors = {}
  @state() private _error = ''

  private get _tokenValid(): boolean {
    const payload = getTokenPayload(this.token)
    return payload.type === 'auth' && !isTokenExpired(this.token)
  }

  private get _auth() {
    // note: the installer token goes only into these requests' headers, not into the auth store
    return { headers: { Authorization: this.token } }
  }

  private async _submit(e: Event): Promise<void> {
    e.preventDefault()
    if (this._busy) {
      return
    }
    this._busy = 'create'
    this._errors = {}
    this._error = ''
    try {
      await pb.collection(SUPERUSERS).create(
        { email: this._email, password: this._password, passwordConfirm: this._passwordConfirm },
        this._auth,
      )
      await pb.collection(SUPERUSERS).authWithPassword(this._email, this._password)
      toast('Superuser created. Welcome!')
      navigate('#/collections', true)
    } catch (err) {
      this._errors = fieldErrors(err)
      this._error = Object.keys(this._errors).length ? '' : errorMessage(err)
    } finally {
      this._busy = ''
    }
  }

  private async _restore(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (!file || this._busy) {
      return
    }
    const ok = await confirmDialog(
      `Restore "${file.name}"?\n\nThe archive replaces all data and settings. Only use backups you trust.`,
      { confirmLabel: 'Upload and restore', danger: true },
    )
    if (!ok) {
      return
    }
    this._error = ''
    try {
      this._busy = 'upload'
      await pb.backups.upload({ file }, this._auth)
      this._busy = 'restore'
      await pb.backups.restore(file.name, this._auth)
      toast('The backup is being restored; sign in with one of its superusers.', 'info')
      // the server restarts after a restore; give it a moment before showing the login page
      await new Promise((r) => setTimeout(r, 3000))
      navigate('#/login', true)
    } catch (err) {
      this._error = errorMessage(err)
    } finally {
      this._busy = ''
    }
  }

  override render() {
    if (!this._tokenValid) {
      return html`<div class="card">
        ${this._brand('Setup')}
        <p class="alert danger" role="alert">The installer link is invalid or has expired.</p>
        <p class="muted">
          Restart the server to get a new link, or create a superuser from the command line.
        </p>
        <a class="btn block" href="#/login">Go to sign in</a>
      </div>`
    }
    const busy = this._busy !== ''
    return html`<div class="card">
      ${this._brand('Create your first superuser')}
      <form @submit=${this._submit} novalidate>
        ${this._error ? html`<p class="alert danger" role="alert">${this._error}</p>` : nothing}
        ${this._input('email', 'Email', 'email', this._email, (v) => (this._email = v))}
        ${this._input('password', 'Password', 'password', this._password, (v) => (this._password = v))}
        ${this._input(
          'passwordConfirm',
          'Confirm password',
          'password',
          this._passwordConfirm,
          (v) => (this._passwordConfirm = v),
        )}
        <button class="btn primary block ${this._busy === 'create' ? 'busy' : ''}" ?disabled=${busy}>
          Create superuser and sign in
        </button>
      </form>
      <div class="divider">or</div>
      <label class="btn block ${this._busy === 'upload' || this._busy === 'restore' ? 'busy' : ''}"
        ?disabled=${busy}>
        ${busy && this._busy !== 'create' ? nothing : icon('upload')}
        ${this._busy === 'upload'
          ? 'Uploading backup…'
          : this._busy === 'restore'
            ? 'Restoring…'
            : 'Restore from a backup (.zip)'}
        <input type="file" accept=".zip,application/zip" class="sr-only" ?disabled=${busy}
          @change=${this._restore} />
      </label>
    </div>`
  }

  private _brand(sub: string) {
    return html`<div class="brand">
      <span class="logo" aria-hidden="true">i</span>
      <div><div class="name">Isobase</div><div class="sub">${sub}</div></div>
    </div>`
  }

  private _input(
    name: string,
    label: string,
    type: string,
    value: string,
    set: (v: string) => void,
  ) {
    const err = this._errors[name]
    const isPw = type === 'password'
    return html`<div class="field ${err ? 'invalid' : ''}">
      <label for=${name}>${label}</label>
      <div class=${isPw ? 'pw' : ''}>
        <input
          id=${name}
          name=${name}
          type=${isPw && this._showPassword ? 'text' : type}
          autocomplete=${isPw ? 'new-password' : 'email'}
          .value=${value}
          ?autofocus=${name === 'email'}
          aria-invalid=${err ? 'true' : 'false'}
          aria-describedby=${err ? `${name}-error` : nothing}
          @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
        />
        ${isPw
          ? html`<button
              type="button"
              class="icon-btn"
              aria-label=${this._showPassword ? 'Hide passwords' : 'Show passwords'}
              @click=${() => (this._showPassword = !this._showPassword)}
            >
              ${icon('eye')}
            </button>`
          : nothing}
      </div>
      ${name === 'password' && !err
        ? html`<span class="help">At least 8 characters; 10 or more is better.</span>`
        : nothing}
      ${err ? html`<span class="error" id=${`${name}-error`}>${err}</span>` : nothing}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-installer': PbPageInstaller
  }
}
