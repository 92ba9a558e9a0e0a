import { Task } from '@lit/task'
import { LitElement, css, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { icon } from '../icons.js'
import { exportable, exportOrder, type ExportedCollection } from '../lib/collections-diff.js'
import { errorMessage } from '../lib/errors.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { settingsStyles } from '../styles/settings.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * Export collections: pick collections, see their JSON (as PocketBase exports it: no timestamps, no
 * OAuth2 providers), copy it or download `pb_schema.json`; the import screen reads the same format.
 */
@customElement('pb-settings-export')
export class PbSettingsExport extends LitElement {
  static override styles = [
    sharedStyles,
    settingsStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: 220px 1fr;
        gap: 14px;
        min-height: 0;
      }
      .pick {
        display: flex;
        flex-direction: column;
        gap: 4px;
        max-height: 460px;
        overflow: auto;
      }
      textarea {
        min-height: 460px;
        font: 12px/1.5 var(--mono);
      }
      @media (max-width: 700px) {
        .layout {
          grid-template-columns: 1fr;
        }
        textarea {
          min-height: 280px;
        }
      }
    `,
  ]

  /** ids left out of the export (everything is exported by default) */
  @state() private _unselected = new Set<string>()

  private readonly _collections = new Task(this, {
    task: async () => exportOrder((await pb.collections.getFullList()).map(exportable)),
    args: () => [],
  })

  private _json(all: ExportedCollection[]): string {
    return JSON.stringify(
      all.filter((c) => !this._unselected.has(c.id)),
      null,
      2,
    )
  }

  private _toggle(id: string, on: boolean): void {
    const next = new Set(this._unselected)
    if (on) {
      next.delete(id)
    } else {
      next.add(id)
    }
    this._unselected = next
  }

  private _download(json: string): void {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }))
    const a = document.createElement('a')
    a.href = url
    a.download = 'pb_schema.json'
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }

  override render() {
    return html`<div class="card">
      <h2>Export collections</h2>
      <p class="muted">
        The collections' configuration as JSON, to keep in version control or import into another
        Isobase or PocketBase (Settings › Import collections).
      </p>
      ${this._collections.render({
        pending: () => html`<p class="muted">Loading…</p>`,
        error: (err) => html`<p class="alert danger" role="alert">${errorMessage(err)}</p>`,
        complete: (all) => this._body(all),
      })}
    </div>`
  }

  private _body(all: ExportedCollection[]) {
    const json = this._json(all)
    const count = all.length - all.filter((c) => this._unselected.has(c.id)).length
    const allOn = count === all.length
    return html`<div class="layout">
        <div class="pick" role="group" aria-label="Collections to export">
          <label class="check"><input type="checkbox" .checked=${allOn}
            @change=${(e: Event) =>
              (this._unselected = (e.target as HTMLInputElement).checked ? new Set() : new Set(all.map((c) => c.id)))} />
            <strong>All (${count}/${all.length})</strong></label>
          ${all.map(
            (c) => html`<label class="check"><input type="checkbox" .checked=${!this._unselected.has(c.id)}
              @change=${(e: Event) => this._toggle(c.id, (e.target as HTMLInputElement).checked)} />
              ${c.name}</label>`,
          )}
        </div>
        <textarea readonly aria-label="Exported JSON" spellcheck="false" .value=${json}></textarea>
      </div>
      <div class="row">
        <span class="spacer"></span>
        <button class="btn" ?disabled=${count === 0}
          @click=${() => void navigator.clipboard?.writeText(json).then(() => toast('Copied.'))}>
          ${icon('copy')} Copy
        </button>
        <button class="btn primary" ?disabled=${count === 0} @click=${() => this._download(json)}>
          ${icon('download')} Download JSON
        </button>
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-settings-export': PbSettingsExport
  }
}
