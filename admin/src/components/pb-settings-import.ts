import { Task } from '@lit/task'
import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { icon } from '../icons.js'
import { collections } from '../lib/collections-store.js'
import {
  diffCollections,
  exportable,
  parseImport,
  type CollectionChange,
  type ExportedCollection,
  type PropChange,
} from '../lib/collections-diff.js'
import { errorMessage, fieldErrors } from '../lib/errors.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { settingsStyles } from '../styles/settings.js'
import { sharedStyles } from '../styles/shared.js'
import { confirmDialog } from './pb-confirm.js'

const KIND_CLASS = { added: 'success', changed: 'warning', deleted: 'danger' } as const
const KIND_LABEL = { added: 'Added', changed: 'Changed', deleted: 'Deleted' } as const

/**
 * Import collections: paste or load an export, see what would be added, changed and deleted
 * (collections and fields matched by id, as the server applies it), then import it with
 * `PUT /api/collections/import`. Unless merged, collections missing from the import are deleted.
 */
@customElement('pb-settings-import')
export class PbSettingsImport extends LitElement {
  static override styles = [
    sharedStyles,
    settingsStyles,
    css`
      textarea {
        min-height: 240px;
        font: 12px/1.5 var(--mono);
      }
      .changes {
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      details {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface);
      }
      summary {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 8px 12px;
        cursor: pointer;
      }
      .diff {
        padding: 0 12px 12px;
        overflow: auto;
      }
      .diff table td {
        vertical-align: top;
      }
      .diff pre {
        margin: 0;
        font: 12px/1.45 var(--mono);
        white-space: pre-wrap;
        word-break: break-word;
      }
      .before {
        background: var(--danger-soft);
      }
      .after {
        background: var(--success-soft);
      }
      .server-errors {
        margin: 6px 0 0;
        padding-left: 18px;
        white-space: pre-wrap;
        font-size: 12.5px;
      }
    `,
  ]

  @state() private _text = ''
  @state() private _merge = false
  @state() private _busy = false
  @state() private _error = ''
  @state() private _serverErrors: string[] = []
  @state() private _reload = 0

  private readonly _current = new Task(this, {
    task: async () => (await pb.collections.getFullList()).map(exportable),
    args: () => [this._reload],
  })

  /** What would be sent: the import alone, or merged over the existing collections. */
  private _payload(current: ExportedCollection[], incoming: ExportedCollection[]): ExportedCollection[] {
    if (!this._merge) {
      return incoming
    }
    const ids = new Set(incoming.map((c) => c.id))
    return [...current.filter((c) => !ids.has(c.id)), ...incoming]
  }

  private async _load(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (file) {
      this._text = await file.text()
      this._error = ''
      this._serverErrors = []
    }
  }

  private async _import(payload: ExportedCollection[], changes: CollectionChange[]): Promise<void> {
    const deleted = changes.filter((c) => c.kind === 'deleted').map((c) => c.name)
    const removedFields = changes.flatMap((c) => c.fields.filter((f) => f.kind === 'removed').map((f) => `${c.name}.${f.name}`))
    const warn = [
      deleted.length ? `Delete the collection(s) ${deleted.map((n) => `"${n}"`).join(', ')} with all their records.` : '',
      removedFields.length ? `Delete the field(s) ${removedFields.map((n) => `"${n}"`).join(', ')} with their data.` : '',
    ].filter(Boolean)
    const ok = await confirmDialog(
      `Import ${payload.length} collection(s)? ${changes.length} will change.${warn.length ? '\n\n' + warn.join('\n') : ''}`,
      { confirmLabel: 'Import', danger: warn.length > 0 },
    )
    if (!ok) {
      return
    }
    this._busy = true
    this._error = ''
    this._serverErrors = []
    try {
      await pb.collections.import(payload as Parameters<typeof pb.collections.import>[0], true)
      toast(`Imported ${payload.length} collection(s).`)
      this._text = ''
      this._reload++
      void collections.reload()
    } catch (err) {
      this._error = errorMessage(err)
      this._serverErrors = Object.entries(fieldErrors(err)).map(([k, v]) => `${k}: ${v}`)
    } finally {
      this._busy = false
    }
  }

  override render() {
    return html`<div class="card">
      <h2>Import collections</h2>
      <p class="muted">
        Paste the collections configuration to import (an export of Isobase or PocketBase), or
        <label class="btn sm" style="display: inline-flex">${icon('upload', 14)} Load from JSON file
          <input type="file" accept=".json,application/json" class="sr-only" @change=${this._load} /></label>
      </p>
      <div class="field ${this._parsed().error ? 'invalid' : ''}">
        <label for="import-json">Collections</label>
        <textarea id="import-json" spellcheck="false" .value=${this._text}
          placeholder='[{"id": "...", "name": "posts", "type": "base", "fields": [...]}]'
          aria-invalid=${this._parsed().error ? 'true' : 'false'}
          aria-describedby=${this._parsed().error ? 'import-json-error' : nothing}
          @input=${(e: Event) => {
            this._text = (e.target as HTMLTextAreaElement).value
            this._error = ''
            this._serverErrors = []
          }}></textarea>
        ${this._parsed().error
          ? html`<span class="error" id="import-json-error">${this._parsed().error}</span>`
          : nothing}
      </div>
      <label class="check">
        <input type="checkbox" .checked=${this._merge}
          @change=${(e: Event) => (this._merge = (e.target as HTMLInputElement).checked)} />
        Merge with the existing collections (keep the collections missing from the import)
      </label>
      ${this._error
        ? html`<div class="alert danger" role="alert">${this._error}
            ${this._serverErrors.length
              ? html`<ul class="server-errors">${this._serverErrors.map((e) => html`<li>${e}</li>`)}</ul>`
              : nothing}
          </div>`
        : nothing}
      ${this._current.render({
        pending: () => html`<p class="muted">Loading the current collections…</p>`,
        error: (err) => html`<p class="alert danger" role="alert">${errorMessage(err)}</p>`,
        complete: (current) => this._changes(current),
      })}
    </div>`
  }

  private _parsed() {
    return this._text.trim() === '' ? { collections: undefined, error: undefined } : parseImport(this._text)
  }

  private _changes(current: ExportedCollection[]) {
    const incoming = this._parsed().collections
    if (!incoming) {
      return nothing
    }
    const payload = this._payload(current, incoming)
    const changes = diffCollections(current, payload, true)
    return html`<h3>Detected changes</h3>
      ${changes.length === 0
        ? html`<p class="alert info" role="status">Your collections configuration is already up-to-date!</p>`
        : html`<div class="changes" aria-label="Detected changes">
            ${changes.map((c) => this._change(c))}
          </div>`}
      <div class="row">
        <button class="btn ghost" @click=${() => (this._text = '')}>Clear</button>
        <span class="spacer"></span>
        <button class="btn primary ${this._busy ? 'busy' : ''}" ?disabled=${this._busy || changes.length === 0}
          @click=${() => void this._import(payload, changes)}>
          ${icon('upload')} Import
        </button>
      </div>`
  }

  private _change(c: CollectionChange) {
    const detail = c.props.length > 0 || c.fields.length > 0
    const summary = html`<span class="chip ${KIND_CLASS[c.kind]}">${KIND_LABEL[c.kind]}</span>
      <strong>${c.name}</strong>
      ${c.fields.length
        ? html`<span class="muted">${c.fields.length} field change(s)</span>`
        : nothing}`
    if (!detail) {
      return html`<div class="row" style="padding: 8px 12px; border: 1px solid var(--border); border-radius: var(--radius)">${summary}</div>`
    }
    return html`<details>
      <summary>${summary}</summary>
      <div class="diff">
        <table>
          <thead><tr><th>What</th><th>Before</th><th>After</th></tr></thead>
          <tbody>
            ${c.props.map((p) => this._row(p.key, p))}
            ${c.fields.map((f) =>
              f.kind === 'changed'
                ? f.props.map((p) => this._row(`fields.${f.name}.${p.key}`, p))
                : this._row(`fields.${f.name}`, {
                    key: f.name,
                    before: f.kind === 'removed' ? f.field : undefined,
                    after: f.kind === 'added' ? f.field : undefined,
                  }),
            )}
          </tbody>
        </table>
      </div>
    </details>`
  }

  private _row(what: string, p: PropChange) {
    const show = (v: unknown) =>
      v === undefined ? '' : typeof v === 'object' && v !== null ? JSON.stringify(v, null, 2) : String(v)
    return html`<tr>
      <td class="mono">${what}</td>
      <td class=${p.before === undefined ? '' : 'before'}><pre>${show(p.before)}</pre></td>
      <td class=${p.after === undefined ? '' : 'after'}><pre>${show(p.after)}</pre></td>
    </tr>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-settings-import': PbSettingsImport
  }
}
