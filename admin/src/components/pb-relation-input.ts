import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { CollectionField, CollectionModel, RecordModel } from 'pocketbase'
import { icon } from '../icons.js'
import { collections } from '../lib/collections-store.js'
import { errorMessage } from '../lib/errors.js'
import { isMulti } from '../lib/field-types.js'
import { recordLabel, searchToFilter, truncate } from '../lib/format.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'

const PAGE = 20

/**
 * A relation field in the record editor: the linked records as chips, and a picker dialog that
 * searches the target collection page by page. Emits `value-change` with the id (single) or ids.
 */
@customElement('pb-relation-input')
export class PbRelationInput extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .box {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        min-height: 36px;
        padding: 4px 6px;
        border: 1px solid var(--border-strong);
        border-radius: var(--radius-sm);
      }
      .invalid .box {
        border-color: var(--danger);
      }
      .chip button {
        border: 0;
        padding: 0;
        background: none;
        color: inherit;
        cursor: pointer;
        display: inline-flex;
      }
      dialog {
        width: min(560px, calc(100vw - 24px));
      }
      .results {
        display: flex;
        flex-direction: column;
        max-height: 50dvh;
        overflow: auto;
        border: 1px solid var(--border);
        border-radius: var(--radius-sm);
        margin-top: 10px;
      }
      .results label {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 8px 12px;
        border-bottom: 1px solid var(--border);
        cursor: pointer;
      }
      .results label:hover {
        background: var(--surface-2);
      }
      .results .id {
        font-family: var(--mono);
        font-size: 12px;
        color: var(--fg-faint);
        margin-left: auto;
      }
    `,
  ]

  @property({ attribute: false }) field!: CollectionField
  /** current id or ids */
  @property({ attribute: false }) value: string | string[] = ''
  /** records already known (from the record's `expand`), for chip labels */
  @property({ attribute: false }) known: RecordModel[] = []
  @property() error = ''
  @property({ type: Boolean }) readonly = false

  @state() private _search = ''
  @state() private _items: RecordModel[] = []
  @state() private _page = 1
  @state() private _total = 0
  @state() private _loading = false
  @state() private _loadError = ''
  @state() private _picked: string[] = []
  readonly #labels = new Map<string, string>()

  @query('dialog') private _dialog!: HTMLDialogElement

  private get _target(): CollectionModel | undefined {
    return collections.find(String(this.field.collectionId))
  }

  private get _ids(): string[] {
    return Array.isArray(this.value) ? this.value : this.value ? [this.value] : []
  }

  private _label(id: string): string {
    const known = this.known.find((r) => r.id === id)
    if (known) {
      return recordLabel(known, this._target)
    }
    return this.#labels.get(id) ?? id
  }

  private _emit(ids: string[]): void {
    const multi = isMulti(this.field)
    this.dispatchEvent(new CustomEvent('value-change', { detail: multi ? ids : (ids.at(-1) ?? '') }))
  }

  private async _open(): Promise<void> {
    this._picked = [...this._ids]
    this._search = ''
    this._dialog.showModal()
    await this._load(1)
  }

  private async _load(page: number): Promise<void> {
    const target = this._target
    if (!target) {
      this._loadError = 'The related collection is missing.'
      return
    }
    this._loading = true
    this._loadError = ''
    try {
      const res = await pb.collection(target.id).getList(page, PAGE, {
        filter: searchToFilter(this._search, target.fields),
      })
      res.items.forEach((r) => this.#labels.set(r.id, recordLabel(r, target)))
      this._items = page === 1 ? res.items : [...this._items, ...res.items]
      this._page = page
      this._total = res.totalItems
    } catch (err) {
      this._loadError = errorMessage(err)
    } finally {
      this._loading = false
    }
  }

  private _pick(id: string, on: boolean): void {
    if (!isMulti(this.field)) {
      this._picked = on ? [id] : []
      return
    }
    const rest = this._picked.filter((x) => x !== id)
    this._picked = on ? [...rest, id] : rest
  }

  private _confirm(): void {
    this._emit(this._picked)
    this._dialog.close()
  }

  override render() {
    const ids = this._ids
    const multi = isMulti(this.field)
    const max = Number(this.field.maxSelect) || 1
    return html`<div class="field ${this.error ? 'invalid' : ''}">
      <span class="label">${icon('relation', 13)} ${this.field.name}
        ${this.field.required ? html`<span aria-hidden="true" style="color: var(--danger)">*</span>` : nothing}
        <span class="faint" style="font-weight: 400">→ ${this._target?.name ?? '?'}</span></span>
      <div class="box">
        ${ids.map(
          (id) => html`<span class="chip accent" title=${id}>
            ${truncate(this._label(id), 40)}
            ${this.readonly
              ? nothing
              : html`<button aria-label=${`Unlink ${id}`} @click=${() => this._emit(ids.filter((x) => x !== id))}>
                  ${icon('close', 12)}
                </button>`}
          </span>`,
        )}
        ${this.readonly
          ? nothing
          : html`<button class="btn sm ghost" @click=${this._open}>
              ${icon(ids.length ? 'edit' : 'plus', 14)} ${ids.length ? 'Change' : 'Select'}
            </button>`}
      </div>
      ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
    </div>
    <dialog aria-label=${`Select ${this._target?.name ?? ''} records`}>
      <div class="dlg-head">
        <h2>Select from ${this._target?.name}</h2>
        <span class="spacer"></span>
        <button class="icon-btn" aria-label="Close" @click=${() => this._dialog.close()}>${icon('close', 18)}</button>
      </div>
      <div class="dlg-body">
        <form role="search" @submit=${(e: Event) => {
          e.preventDefault()
          void this._load(1)
        }}>
          <input type="search" aria-label="Search related records" placeholder="Search or filter…"
            .value=${this._search}
            @input=${(e: Event) => (this._search = (e.target as HTMLInputElement).value)} />
        </form>
        ${this._loadError ? html`<p class="alert danger">${this._loadError}</p>` : nothing}
        <div class="results" role="listbox" aria-multiselectable=${multi ? 'true' : 'false'}>
          ${this._items.map(
            (r) => html`<label>
              <input type=${multi ? 'checkbox' : 'radio'} name="pick" .checked=${this._picked.includes(r.id)}
                ?disabled=${multi && !this._picked.includes(r.id) && this._picked.length >= max}
                @change=${(e: Event) => this._pick(r.id, (e.target as HTMLInputElement).checked)} />
              <span>${truncate(recordLabel(r, this._target), 60)}</span>
              <span class="id">${r.id}</span>
            </label>`,
          )}
          ${this._items.length === 0 && !this._loading
            ? html`<div class="empty">No records found.</div>`
            : nothing}
        </div>
        ${this._items.length < this._total
          ? html`<button class="btn sm block ${this._loading ? 'busy' : ''}" style="margin-top: 8px"
              @click=${() => this._load(this._page + 1)}>Load more</button>`
          : nothing}
      </div>
      <div class="dlg-foot">
        <span class="muted">${this._picked.length} selected${multi ? ` (max ${max})` : ''}</span>
        <span class="spacer"></span>
        <button class="btn ghost" @click=${() => this._dialog.close()}>Cancel</button>
        <button class="btn primary" @click=${this._confirm}>Set selection</button>
      </div>
    </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-relation-input': PbRelationInput
  }
}
