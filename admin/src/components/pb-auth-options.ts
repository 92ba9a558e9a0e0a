import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { AuthCollectionModel, ConfigurableOAuth2Provider, OAuth2Provider } from 'pocketbase'
import { icon } from '../icons.js'
import { errorsUnder, type FieldErrors } from '../lib/errors.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'

const TOKENS: [string, string][] = [
  ['authToken', 'Auth token'],
  ['verificationToken', 'Email verification token'],
  ['passwordResetToken', 'Password reset token'],
  ['emailChangeToken', 'Email change token'],
  ['fileToken', 'Protected file access token'],
]

const TEMPLATES: [string, string][] = [
  ['verificationTemplate', 'Verification email'],
  ['resetPasswordTemplate', 'Password reset email'],
  ['confirmEmailChangeTemplate', 'Email change email'],
  ['otp.emailTemplate', 'One-time password email'],
  ['authAlert.emailTemplate', 'New login alert email'],
]

type Obj = Record<string, unknown>

function get(obj: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Obj | undefined)?.[k], obj)
}

/** Returns a copy of `obj` with `path` set to `value` (copies every object on the way). */
function set(obj: Obj, path: string, value: unknown): Obj {
  const [head, ...rest] = path.split('.') as [string, ...string[]]
  const child = rest.length ? set((obj[head] as Obj) ?? {}, rest.join('.'), value) : value
  if (Array.isArray(obj)) {
    const copy = [...obj] as unknown[]
    copy[Number(head)] = child
    return copy as unknown as Obj
  }
  return { ...obj, [head]: child }
}

function randomSecret(): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(50))
  return Array.from(bytes, (b) => chars[b % chars.length]).join('')
}

/**
 * Options of an auth collection: sign-in methods (password, OTP, MFA, OAuth2), login alerts,
 * token lifetimes and email templates. Emits `options-change` with the whole updated collection.
 */
@customElement('pb-auth-options')
export class PbAuthOptions extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      details {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface);
      }
      details.invalid {
        border-color: var(--danger);
      }
      summary {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 10px 14px;
        cursor: pointer;
        font-weight: 600;
        list-style: none;
      }
      summary::-webkit-details-marker {
        display: none;
      }
      .section {
        padding: 4px 14px 14px;
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .provider {
        padding: 10px 12px;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
    `,
  ]

  @property({ attribute: false }) collection!: AuthCollectionModel
  /** server errors of the whole collection form */
  @property({ attribute: false }) errors: FieldErrors = {}

  @state() private _providers: ConfigurableOAuth2Provider[] = []

  private _set(path: string, value: unknown): void {
    const next = set(this.collection as unknown as Obj, path, value)
    this.dispatchEvent(new CustomEvent('options-change', { detail: next }))
  }

  private _bool(path: string, label: string) {
    return html`<label class="switch">
      <input type="checkbox" .checked=${!!get(this.collection as unknown as Obj, path)}
        @change=${(e: Event) => this._set(path, (e.target as HTMLInputElement).checked)} />
      ${label}
    </label>`
  }

  private _input(path: string, label: string, type = 'text', help = '') {
    const v = get(this.collection as unknown as Obj, path)
    const err = this.errors[path]
    const id = path.replace(/\W/g, '-')
    return html`<div class="field ${err ? 'invalid' : ''}">
      <label for=${id}>${label}</label>
      <input id=${id} type=${type} class=${type === 'text' ? 'code' : ''}
        .value=${v === null || v === undefined ? '' : String(v)}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value
          this._set(path, type === 'number' ? Number(raw) : raw)
        }} />
      ${err ? html`<span class="error">${err}</span>` : help ? html`<span class="help">${help}</span>` : nothing}
    </div>`
  }

  private _section(title: string, prefix: string, enabledPath: string | null, body: unknown) {
    const invalid = Object.keys(this.errors).some((k) => k.startsWith(prefix))
    const enabled = enabledPath ? !!get(this.collection as unknown as Obj, enabledPath) : null
    return html`<details class=${invalid ? 'invalid' : ''} ?open=${invalid}>
      <summary>
        ${title}
        <span class="spacer"></span>
        ${enabled === null
          ? nothing
          : html`<span class="chip ${enabled ? 'success' : ''}">${enabled ? 'enabled' : 'disabled'}</span>`}
        ${icon('chevronDown', 14)}
      </summary>
      <div class="section">${body}</div>
    </details>`
  }

  override render() {
    const c = this.collection
    const textFields = c.fields.filter((f) => ['text', 'email', 'number', 'url'].includes(f.type))
    const isSuperusers = c.name === '_superusers'
    return html`
      ${this._section(
        'Password',
        'passwordAuth',
        'passwordAuth.enabled',
        html`${isSuperusers ? nothing : this._bool('passwordAuth.enabled', 'Enable password sign-in')}
          <div class="field">
            <span class="label">Identity fields</span>
            <div class="row" style="flex-wrap: wrap; gap: 8px 16px">
              ${textFields.map(
                (f) => html`<label class="check">
                  <input type="checkbox" .checked=${c.passwordAuth.identityFields.includes(f.name)}
                    @change=${(e: Event) => {
                      const on = (e.target as HTMLInputElement).checked
                      const rest = c.passwordAuth.identityFields.filter((x) => x !== f.name)
                      this._set('passwordAuth.identityFields', on ? [...rest, f.name] : rest)
                    }} />${f.name}
                </label>`,
              )}
            </div>
            ${this.errors['passwordAuth.identityFields']
              ? html`<span class="error">${this.errors['passwordAuth.identityFields']}</span>`
              : html`<span class="help">Each identity field needs a unique index.</span>`}
          </div>`,
      )}
      ${this._section(
        'One-time password (OTP)',
        'otp',
        'otp.enabled',
        html`${this._bool('otp.enabled', 'Enable sign-in with a code sent by email')}
          <div class="grid2">
            ${this._input('otp.duration', 'Code lifetime (seconds)', 'number')}
            ${this._input('otp.length', 'Code length', 'number')}
          </div>`,
      )}
      ${this._section(
        'Multi-factor authentication (MFA)',
        'mfa',
        'mfa.enabled',
        html`${this._bool('mfa.enabled', 'Require two different sign-in methods')}
          <div class="grid2">
            ${this._input('mfa.duration', 'Time for the second step (seconds)', 'number')}
            ${this._input('mfa.rule', 'Only when the record matches (rule)', 'text', 'Empty: always')}
          </div>`,
      )}
      ${isSuperusers ? nothing : this._oauth2()}
      ${this._section(
        'New login alerts',
        'authAlert',
        'authAlert.enabled',
        this._bool('authAlert.enabled', 'Email the user when they sign in from a new location'),
      )}
      ${this._section(
        'Tokens',
        'Token',
        null,
        html`${TOKENS.map(
          ([key, label]) => html`<div class="row" style="align-items: flex-end">
            <div style="flex: 1">${this._input(`${key}.duration`, `${label} lifetime (seconds)`, 'number')}</div>
            <button class="btn sm ${get(c as unknown as Obj, `${key}.secret`) ? 'danger' : ''}"
              title="Changes the signing secret when saved: every issued token stops working"
              @click=${() => this._set(`${key}.secret`, randomSecret())}>
              ${get(c as unknown as Obj, `${key}.secret`) ? 'Will invalidate on save' : 'Invalidate all'}
            </button>
          </div>`,
        )}`,
      )}
      ${this._section(
        'Email templates',
        'Template',
        null,
        html`<p class="help muted">
            Placeholders: <code>{APP_NAME}</code> <code>{APP_URL}</code> <code>{TOKEN}</code>
            <code>{OTP}</code> <code>{RECORD:email}</code>…
          </p>
          ${TEMPLATES.map(
            ([path, label]) => html`<div class="stack" style="gap: 6px">
              <strong style="font-size: 13px">${label}</strong>
              ${this._input(`${path}.subject`, 'Subject')}
              <div class="field">
                <label for=${`${path}-body`}>Body (HTML)</label>
                <textarea id=${`${path}-body`} class="code" rows="5"
                  .value=${String(get(c as unknown as Obj, `${path}.body`) ?? '')}
                  @change=${(e: Event) => this._set(`${path}.body`, (e.target as HTMLTextAreaElement).value)}
                ></textarea>
              </div>
            </div>`,
          )}`,
      )}
    `
  }

  private _oauth2() {
    const c = this.collection
    const providers = c.oauth2.providers ?? []
    const provErrors = errorsUnder(this.errors, 'oauth2.providers')
    const used = new Set(providers.map((p) => p.name))
    return this._section(
      'OAuth2',
      'oauth2',
      'oauth2.enabled',
      html`${this._bool('oauth2.enabled', 'Enable sign-in with OAuth2 providers')}
        ${providers.map(
          (p, i) => html`<div class="card provider">
            <div class="row">
              <strong>${p.displayName || p.name}</strong>
              <span class="spacer"></span>
              <button class="icon-btn sm" aria-label=${`Remove ${p.name}`}
                @click=${() => this._set('oauth2.providers', providers.filter((_, j) => j !== i))}>
                ${icon('trash', 14)}
              </button>
            </div>
            <div class="grid2">
              ${this._input(`oauth2.providers.${i}.clientId`, 'Client ID')}
              <div class="field ${provErrors[`${i}.clientSecret`] ? 'invalid' : ''}">
                <label for=${`secret-${i}`}>Client secret</label>
                <input id=${`secret-${i}`} type="password" autocomplete="off"
                  placeholder="unchanged" .value=${p.clientSecret ?? ''}
                  @input=${(e: Event) =>
                    this._set(`oauth2.providers.${i}.clientSecret`, (e.target as HTMLInputElement).value)} />
                ${provErrors[`${i}.clientSecret`]
                  ? html`<span class="error">${provErrors[`${i}.clientSecret`]}</span>`
                  : nothing}
              </div>
            </div>
          </div>`,
        )}
        <div class="row">
          <select aria-label="Add OAuth2 provider" style="max-width: 260px"
            @focus=${this._loadProviders}
            @change=${(e: Event) => {
              const sel = e.target as HTMLSelectElement
              const p = this._providers.find((x) => x.name === sel.value)
              sel.value = ''
              if (p) {
                const item = { name: p.name, displayName: p.displayName, clientId: '', clientSecret: '' }
                this._set('oauth2.providers', [...providers, item as unknown as OAuth2Provider])
              }
            }}>
            <option value="">Add a provider…</option>
            ${this._providers
              .filter((p) => !used.has(p.name))
              .map((p) => html`<option value=${p.name}>${p.displayName}</option>`)}
          </select>
        </div>`,
    )
  }

  private async _loadProviders(): Promise<void> {
    if (this._providers.length === 0) {
      this._providers = await pb.collections.getAllOAuth2Providers().catch(() => [])
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-auth-options': PbAuthOptions
  }
}
