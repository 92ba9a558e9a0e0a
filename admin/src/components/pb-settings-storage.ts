import { html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { errorMessage } from '../lib/errors.js'
import { getPath, SettingsForm } from '../lib/settings-form.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { settingsStyles } from '../styles/settings.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * S3-compatible storage settings for uploaded files (`s3`) or for backups (`backups.s3`), with a
 * connection test. `prefix` picks which.
 */
@customElement('pb-settings-storage')
export class PbSettingsStorage extends SettingsForm {
  static override styles = [sharedStyles, settingsStyles]

  @state() private _testing = false

  private async _test(): Promise<void> {
    this._testing = true
    try {
      await pb.settings.testS3('storage')
      toast('The S3 storage answered correctly.')
    } catch (err) {
      toast(`S3 test failed: ${errorMessage(err)}`, 'error')
    } finally {
      this._testing = false
    }
  }

  override render() {
    if (!this._draft) {
      return this._error ? html`<p class="alert danger">${this._error}</p>` : html`<p class="muted">Loading…</p>`
    }
    const on = !!getPath(this._draft, 's3.enabled')
    return html`<div class="card">
        <h2>File storage</h2>
        <p class="muted">Uploaded files are kept on the server's disk unless an S3-compatible storage is set.</p>
        ${this._switch('s3.enabled', 'Use S3-compatible storage')}
        ${on ? s3Fields(this, 's3') : ''}
        ${on && !this._dirty
          ? html`<div><button class="btn sm ${this._testing ? 'busy' : ''}" ?disabled=${this._testing}
              @click=${this._test}>Test connection</button></div>`
          : ''}
      </div>
      ${this._actions(['s3'])}`
  }

  /** Exposes the protected input helper to {@link s3Fields}. */
  field(path: string, label: string, type = 'text', placeholder = '') {
    return this._input(path, label, type, { placeholder })
  }

  toggle(path: string, label: string) {
    return this._switch(path, label)
  }
}

/** The S3 inputs under a settings path (`s3` or `backups.s3`). */
export function s3Fields(form: { field: PbSettingsStorage['field']; toggle: PbSettingsStorage['toggle'] }, prefix: string) {
  return html`<div class="grid2">
      ${form.field(`${prefix}.endpoint`, 'Endpoint', 'url', 'https://s3.example.com')}
      ${form.field(`${prefix}.bucket`, 'Bucket')}
      ${form.field(`${prefix}.region`, 'Region')}
      ${form.field(`${prefix}.accessKey`, 'Access key')}
      ${form.field(`${prefix}.secret`, 'Secret', 'password', 'unchanged')}
    </div>
    ${form.toggle(`${prefix}.forcePathStyle`, 'Force path-style addressing')}`
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-settings-storage': PbSettingsStorage
  }
}
