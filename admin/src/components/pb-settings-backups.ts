import { Task } from '@lit/task'
import { html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { icon } from '../icons.js'
import { errorMessage } from '../lib/errors.js'
import { formatBytes, formatDate } from '../lib/format.js'
import { getPath, SettingsForm } from '../lib/settings-form.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { settingsStyles } from '../styles/settings.js'
import { sharedStyles } from '../styles/shared.js'
import { confirmDialog } from './pb-confirm.js'
import { s3Fields } from './pb-settings-storage.js'

/**
 * Backups: the list of archives with download, restore and delete; creating and uploading an
 * archive; and the automatic backup schedule with its optional S3 storage.
 */
@customElement('pb-settings-backups')
export class PbSettingsBackups extends SettingsForm {
  static override styles = [sharedStyles, settingsStyles]

  @state() private _busy: '' | 'create' | 'upload' | 'restore' = ''
  @state() private _name = ''
  @state() private _reload = 0
  @state() private _working = new Set<string>()

  private readonly _backups = new Task(this, {
    task: async () => {
      const list = await pb.backups.getFullList()
      return list.sort((a, b) => b.modified.localeCompare(a.modified))
    },
    args: () => [this._reload],
  })

  private async _create(e: Event): Promise<void> {
    e.preventDefault()
    this._busy = 'create'
    try {
      await pb.backups.create(this._name.trim())
      toast('Backup created.')
      this._name = ''
      this._reload++
    } catch (err) {
      toast(errorMessage(err), 'error')
    } finally {
      this._busy = ''
    }
  }

  private async _upload(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (!file) {
      return
    }
    this._busy = 'upload'
    try {
      await pb.backups.upload({ file })
      toast(`Uploaded ${file.name}.`)
      this._reload++
    } catch (err) {
      toast(errorMessage(err), 'error')
    } finally {
      this._busy = ''
    }
  }

  private async _download(key: string): Promise<void> {
    try {
      // note: backup downloads need a short-lived superuser file token in the query string
      const token = await pb.files.getToken()
      const a = document.createElement('a')
      a.href = pb.backups.getDownloadURL(token, key)
      // note: no `download` attribute: Chromium fetches such links past the Service Worker (so a
      // dashboard served by Isobase's worker would get a 404 from the network). A plain link is a
      // navigation, which the worker answers; the server's `Content-Disposition: attachment` makes
      // it a download named after the backup, and the dashboard stays on the page.
      a.rel = 'noopener'
      document.body.append(a)
      a.click()
      a.remove()
    } catch (err) {
      toast(errorMessage(err), 'error')
    }
  }

  private async _restore(key: string): Promise<void> {
    const ok = await confirmDialog(
      `Restore "${key}"?\n\nAll current data and settings are replaced by the archive and the server restarts. Make a backup first if you are unsure.`,
      { confirmLabel: 'Restore', danger: true },
    )
    if (!ok) {
      return
    }
    this._busy = 'restore'
    try {
      await pb.backups.restore(key)
      toast('Restoring… the dashboard reloads in a few seconds.', 'info')
      await new Promise((r) => setTimeout(r, 4000))
      location.reload()
    } catch (err) {
      toast(errorMessage(err), 'error')
      this._busy = ''
    }
  }

  private async _delete(key: string): Promise<void> {
    const ok = await confirmDialog(`Delete the backup "${key}"?`, { confirmLabel: 'Delete', danger: true })
    if (!ok) {
      return
    }
    this._working = new Set([...this._working, key])
    try {
      await pb.backups.delete(key)
      toast('Backup deleted.')
      this._reload++
    } catch (err) {
      toast(errorMessage(err), 'error')
    } finally {
      this._working = new Set([...this._working].filter((k) => k !== key))
    }
  }

  field(path: string, label: string, type = 'text', placeholder = '') {
    return this._input(path, label, type, { placeholder })
  }

  toggle(path: string, label: string) {
    return this._switch(path, label)
  }

  override render() {
    const busy = this._busy !== ''
    return html`<div class="card">
        <h2>Backups
          <span class="spacer"></span>
          <button class="icon-btn" aria-label="Reload backups" @click=${() => this._reload++}>${icon('refresh')}</button>
        </h2>
        <form class="row" style="flex-wrap: wrap" @submit=${this._create}>
          <input aria-label="Backup name" placeholder="Name (optional), e.g. before_upgrade.zip" style="flex: 1; min-width: 200px"
            .value=${this._name} @input=${(e: Event) => (this._name = (e.target as HTMLInputElement).value)} />
          <button class="btn primary ${this._busy === 'create' ? 'busy' : ''}" ?disabled=${busy}>
            ${this._busy === 'create' ? 'Creating backup…' : 'Create backup'}
          </button>
          <label class="btn ${this._busy === 'upload' ? 'busy' : ''}" ?disabled=${busy}>
            ${this._busy === 'upload' ? 'Uploading…' : html`${icon('upload', 14)} Upload`}
            <input type="file" accept=".zip,application/zip" class="sr-only" ?disabled=${busy} @change=${this._upload} />
          </label>
        </form>
        ${this._busy === 'restore' ? html`<p class="alert warning" role="status">Restoring the backup…</p>` : nothing}
        ${this._backups.render({
          pending: () => (this._backups.value ? this._table(this._backups.value) : html`<p class="muted">Loading…</p>`),
          complete: (list) => this._table(list),
          error: (err) => html`<p class="alert danger">${errorMessage(err)}</p>`,
        })}
      </div>
      ${this._draft
        ? html`<div class="card">
              <h2>Automatic backups</h2>
              <div class="grid2">
                ${this._input('backups.cron', 'Schedule (cron expression)', 'text', {
                  placeholder: '0 0 * * *',
                  help: 'Empty: no automatic backups',
                })}
                ${this._input('backups.cronMaxKeep', 'Keep the last', 'number')}
              </div>
              ${this._switch('backups.s3.enabled', 'Store backups in S3-compatible storage')}
              ${getPath(this._draft, 'backups.s3.enabled') ? s3Fields(this, 'backups.s3') : nothing}
            </div>
            ${this._actions(['backups'])}`
        : nothing}`
  }

  private _table(list: { key: string; size: number; modified: string }[]) {
    if (list.length === 0) {
      return html`<p class="muted">No backups yet.</p>`
    }
    return html`<div class="table-wrap">
      <table>
        <thead><tr><th>Name</th><th>Size</th><th>Modified</th><th style="width: 1%"></th></tr></thead>
        <tbody>
          ${list.map(
            (b) => html`<tr>
              <td class="mono">${b.key}</td>
              <td>${formatBytes(b.size)}</td>
              <td class="mono">${formatDate(b.modified)}</td>
              <td>
                <div class="row" style="gap: 2px">
                  <button class="icon-btn sm" aria-label=${`Download ${b.key}`} title="Download"
                    @click=${() => this._download(b.key)}>${icon('download', 15)}</button>
                  <button class="icon-btn sm" aria-label=${`Restore ${b.key}`} title="Restore"
                    ?disabled=${this._busy !== ''} @click=${() => this._restore(b.key)}>${icon('restore', 15)}</button>
                  <button class="icon-btn sm" aria-label=${`Delete ${b.key}`} title="Delete"
                    ?disabled=${this._working.has(b.key)} @click=${() => this._delete(b.key)}>${icon('trash', 15)}</button>
                </div>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-settings-backups': PbSettingsBackups
  }
}
