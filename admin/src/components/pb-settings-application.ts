import { html, nothing } from 'lit'
import { customElement } from 'lit/decorators.js'
import { icon } from '../icons.js'
import { getPath, SettingsForm } from '../lib/settings-form.js'
import { settingsStyles } from '../styles/settings.js'
import { sharedStyles } from '../styles/shared.js'

interface RateRule {
  label: string
  audience: string
  duration: number
  maxRequests: number
}

/** Application settings: name and URL, superuser IPs, trusted proxy, batch API, rate limits, logs. */
@customElement('pb-settings-application')
export class PbSettingsApplication extends SettingsForm {
  static override styles = [sharedStyles, settingsStyles]

  override render() {
    if (!this._draft) {
      return this._error ? html`<p class="alert danger">${this._error}</p>` : html`<p class="muted">Loading…</p>`
    }
    const rules = (getPath(this._draft, 'rateLimits.rules') as RateRule[] | null) ?? []
    const keys = ['meta', 'superuserIPs', 'trustedProxy', 'batch', 'rateLimits', 'logs']
    return html`<div class="card">
        <h2>Application</h2>
        <div class="grid2">
          ${this._input('meta.appName', 'Application name')}
          ${this._input('meta.appURL', 'Application URL', 'url', { help: 'Used in emails and OAuth2 redirects' })}
        </div>
        ${this._switch('meta.hideControls', 'Hide collection create and edit controls')}
        ${this._list('superuserIPs', 'Superuser IPs or CIDR ranges', 'Empty: superusers may sign in from anywhere')}
      </div>
      <div class="card">
        <h2>Trusted proxy</h2>
        <div class="grid2">
          ${this._list('trustedProxy.headers', 'Client IP headers', 'e.g. X-Forwarded-For, CF-Connecting-IP')}
        </div>
        ${this._switch('trustedProxy.useLeftmostIP', 'Use the leftmost IP of the header')}
      </div>
      <div class="card">
        <h2>Batch API</h2>
        ${this._switch('batch.enabled', 'Allow batch requests (/api/batch)')}
        <div class="grid2">
          ${this._input('batch.maxRequests', 'Max requests per batch', 'number')}
          ${this._input('batch.timeout', 'Timeout (seconds)', 'number')}
          ${this._input('batch.maxBodySize', 'Max body size (bytes)', 'number', { help: '0 = 128 MB' })}
        </div>
      </div>
      <div class="card">
        <h2>Rate limits</h2>
        ${this._switch('rateLimits.enabled', 'Enable rate limiting')}
        ${rules.length
          ? html`<div class="table-wrap">
              <table>
                <thead><tr><th>Label</th><th>Max requests</th><th>Per seconds</th><th>Audience</th><th></th></tr></thead>
                <tbody>
                  ${rules.map(
                    (r, i) => html`<tr>
                      <td><input aria-label="Rule label" class="code" .value=${r.label}
                        @input=${(e: Event) => this._set(`rateLimits.rules.${i}.label`, (e.target as HTMLInputElement).value)} />
                        ${this._errors[`rateLimits.rules.${i}.label`] ? html`<div class="error-text">${this._errors[`rateLimits.rules.${i}.label`]}</div>` : nothing}
                      </td>
                      <td><input aria-label="Max requests" type="number" .value=${String(r.maxRequests)}
                        @input=${(e: Event) => this._set(`rateLimits.rules.${i}.maxRequests`, Number((e.target as HTMLInputElement).value))} /></td>
                      <td><input aria-label="Duration" type="number" .value=${String(r.duration)}
                        @input=${(e: Event) => this._set(`rateLimits.rules.${i}.duration`, Number((e.target as HTMLInputElement).value))} /></td>
                      <td><select aria-label="Audience"
                        @change=${(e: Event) => this._set(`rateLimits.rules.${i}.audience`, (e.target as HTMLSelectElement).value)}>
                        ${[['', 'All'], ['@guest', 'Guests'], ['@auth', 'Signed in']].map(
                          ([v, l]) => html`<option value=${v!} ?selected=${r.audience === v}>${l}</option>`,
                        )}
                      </select></td>
                      <td><button class="icon-btn sm" aria-label="Remove rule"
                        @click=${() => this._set('rateLimits.rules', rules.filter((_, j) => j !== i))}>${icon('trash', 14)}</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : html`<p class="muted">No rules.</p>`}
        <div>
          <button class="btn sm" @click=${() =>
            this._set('rateLimits.rules', [...rules, { label: '', audience: '', duration: 10, maxRequests: 100 }])}>
            ${icon('plus', 14)} Add rule
          </button>
          <span class="help faint">Labels: <code>/api/</code>, <code>POST /api/batch</code>, <code>users:create</code>, <code>*:auth</code>…</span>
        </div>
      </div>
      <div class="card">
        <h2>Logs</h2>
        <div class="grid2">
          ${this._input('logs.maxDays', 'Keep logs for (days)', 'number', { help: '0 disables logging' })}
          ${this._input('logs.minLevel', 'Minimum level', 'number', { help: 'DEBUG -4, INFO 0, WARN 4, ERROR 8' })}
        </div>
        ${this._switch('logs.logIP', 'Log client IPs')} ${this._switch('logs.logAuthId', 'Log the auth id of requests')}
      </div>
      ${this._actions(keys)}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-settings-application': PbSettingsApplication
  }
}
