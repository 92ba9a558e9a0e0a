import { Task } from '@lit/task'
import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CollectionField, CollectionModel, ListResult, RecordModel } from 'pocketbase'
import { icon } from '../icons.js'
import { collections } from '../lib/collections-store.js'
import { errorMessage } from '../lib/errors.js'
import { fieldTypeInfo } from '../lib/field-types.js'
import {
  formatDate,
  isImageName,
  recordLabel,
  searchToFilter,
  stripHtml,
  truncate,
} from '../lib/format.js'
import { href, navigate } from '../lib/router.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'
import { confirmDialog } from './pb-confirm.js'

/** Rows per page. */
const PER_PAGE = 40

function columnsKey(collectionId: string): string {
  return `isobase.admin.hiddenColumns.${collectionId}`
}

/**
 * The records of one collection as a paged table: a filter bar (search words or filter
 * expressions), sortable columns, a column picker, and bulk selection with delete; it reloads by
 * itself when records change (realtime). The filter, sort and page live in the hash route so they
 * survive reloads and can be shared.
 * Emits `open-record` (detail: the record) when a row is activated.
 */
@customElement('pb-records-list')
export class PbRecordsList extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 12px;
        min-height: 0;
      }
      .toolbar {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      form.filter {
        flex: 1;
        position: relative;
      }
      form.filter svg {
        position: absolute;
        left: 11px;
        top: 10px;
        color: var(--fg-faint);
      }
      form.filter input {
        padding-left: 34px;
        font-family: var(--mono);
        font-size: 13px;
      }
      .picker {
        position: relative;
      }
      .picker .menu {
        position: absolute;
        right: 0;
        top: calc(100% + 4px);
        z-index: 5;
        min-width: 220px;
        max-height: 360px;
        overflow: auto;
        padding: 8px;
        box-shadow: var(--shadow-lg);
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      .picker .menu label {
        padding: 4px 6px;
        border-radius: var(--radius-sm);
      }
      .picker .menu label:hover {
        background: var(--surface-2);
      }
      .table-wrap {
        flex: 1;
        min-height: 120px;
      }
      th button {
        display: inline-flex;
        align-items: center;
        gap: 5px;
        border: 0;
        padding: 0;
        background: none;
        color: inherit;
        font: inherit;
        cursor: pointer;
      }
      th button:hover {
        color: var(--fg);
      }
      th.sel,
      td.sel {
        width: 36px;
        padding-right: 0;
      }
      td.id button {
        border: 0;
        padding: 0;
        background: none;
        color: var(--accent);
        font-family: var(--mono);
        font-size: 12.5px;
        cursor: pointer;
      }
      td .chips {
        display: flex;
        gap: 4px;
      }
      td img.thumb {
        width: 28px;
        height: 28px;
        object-fit: cover;
        border-radius: 4px;
        border: 1px solid var(--border);
        vertical-align: middle;
      }
      tr.selected td {
        background: var(--accent-soft);
      }
      .null {
        color: var(--fg-faint);
      }
      .pager {
        display: flex;
        align-items: center;
        gap: 8px;
        color: var(--fg-muted);
        font-size: 13px;
        flex-wrap: wrap;
      }
      .bulk {
        position: sticky;
        bottom: 8px;
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 8px 8px 8px 14px;
        border-radius: var(--radius);
        background: var(--rail);
        color: #fff;
        box-shadow: var(--shadow-lg);
        align-self: center;
      }
      .bulk .btn.ghost {
        color: #fff;
      }
      .bulk .btn.ghost:hover {
        background: rgb(255 255 255 / 12%);
      }
    `,
  ]

  /** the collection whose records are listed */
  @property({ attribute: false }) collection!: CollectionModel
  /** route query: `filter`, `sort`, `page` */
  @property({ attribute: false }) query = new URLSearchParams()

  @state() private _selected = new Set<string>()
  @state() private _hidden = new Set<string>()
  @state() private _pickerOpen = false
  @state() private _deleting: { done: number; total: number } | null = null
  @state() private _reload = 0
  @state() private _searchText = ''

  private readonly _records = new Task(this, {
    task: async ([collectionId, filter, sort, page, expand], { signal }) => {
      const result = await pb.collection(collectionId).getList(page, PER_PAGE, {
        filter: searchToFilter(filter, this.collection.fields),
        sort,
        expand: expand || undefined,
        signal,
      })
      return result
    },
    args: () =>
      [
        this.collection.id,
        this.query.get('filter') ?? '',
        this.query.get('sort') ?? this._defaultSort(),
        Math.max(1, Number(this.query.get('page')) || 1),
        this._expand(),
        this._reload,
      ] as const,
  })

  /** stops the realtime subscription of the listed collection */
  #unsubscribe: (() => Promise<void>) | null = null
  /** the collection the realtime subscription is for (or being made for) */
  #liveId = ''
  #refreshTimer: ReturnType<typeof setTimeout> | undefined

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.#refreshTimer)
    void this.#subscribe('')
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.collection) {
      void this.#subscribe(this.collection.type === 'view' ? '' : this.collection.id)
    }
  }

  /**
   * Follows the listed collection over realtime: any create, update or delete reloads the current
   * page (a burst of events reloads once). Views have no events; without realtime the Reload button
   * still works.
   */
  async #subscribe(id: string): Promise<void> {
    if (id === this.#liveId) {
      return
    }
    this.#liveId = id
    const previous = this.#unsubscribe
    this.#unsubscribe = null
    await previous?.().catch(() => {})
    if (!id) {
      return
    }
    try {
      const unsubscribe = await pb.collection(id).subscribe('*', () => {
        clearTimeout(this.#refreshTimer)
        this.#refreshTimer = setTimeout(() => this.refresh(), 150)
      })
      if (this.#liveId !== id) {
        await unsubscribe()
        return
      }
      this.#unsubscribe = unsubscribe
    } catch {
      // note: realtime is a convenience here; the table still loads and reloads on demand
      if (this.#liveId === id) {
        this.#liveId = ''
      }
    }
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('collection')) {
      const prev = changed.get('collection') as CollectionModel | undefined
      if (prev?.id !== this.collection.id) {
        void this.#subscribe(this.collection.type === 'view' ? '' : this.collection.id)
        this._selected = new Set()
        this._pickerOpen = false
        this._hidden = this._loadHidden()
      }
    }
    if (changed.has('query')) {
      this._searchText = this.query.get('filter') ?? ''
    }
  }

  /** Reloads the current page (after a record was saved elsewhere). */
  refresh(): void {
    this._reload++
  }

  private _defaultSort(): string {
    return this.collection.fields.some((f) => f.name === 'created') ? '-created' : ''
  }

  private _loadHidden(): Set<string> {
    try {
      const raw = localStorage.getItem(columnsKey(this.collection.id))
      if (raw) {
        return new Set(JSON.parse(raw) as string[])
      }
    } catch {
      // a broken entry just means the default columns
    }
    return new Set(
      this.collection.fields
        .filter((f) => f.type === 'password' || f.name === 'tokenKey')
        .map((f) => f.name),
    )
  }

  private _toggleColumn(name: string, visible: boolean): void {
    const next = new Set(this._hidden)
    if (visible) {
      next.delete(name)
    } else {
      next.add(name)
    }
    this._hidden = next
    localStorage.setItem(columnsKey(this.collection.id), JSON.stringify([...next]))
  }

  private _columns(): CollectionField[] {
    return this.collection.fields.filter((f) => f.name !== 'id' && !this._hidden.has(f.name))
  }

  private _expand(): string {
    return this._columns()
      .filter((f) => f.type === 'relation')
      .map((f) => f.name)
      .join(',')
  }

  private _go(patch: Record<string, string | number | undefined>): void {
    const q: Record<string, string | number | undefined> = {
      filter: this.query.get('filter') ?? undefined,
      sort: this.query.get('sort') ?? undefined,
      page: this.query.get('page') ?? undefined,
      ...patch,
    }
    navigate(href(['collections', this.collection.name], q))
  }

  private _submitFilter(e: Event): void {
    e.preventDefault()
    this._go({ filter: this._searchText.trim(), page: undefined })
  }

  private _sortBy(name: string): void {
    const cur = this.query.get('sort') ?? this._defaultSort()
    const next = cur === name ? `-${name}` : cur === `-${name}` ? '' : name
    this._go({ sort: next === this._defaultSort() ? undefined : next || '@rowid', page: undefined })
  }

  private _toggle(id: string, on: boolean): void {
    const next = new Set(this._selected)
    if (on) {
      next.add(id)
    } else {
      next.delete(id)
    }
    this._selected = next
  }

  private async _deleteSelected(): Promise<void> {
    const ids = [...this._selected]
    const ok = await confirmDialog(`Delete ${ids.length} selected record(s)? This can not be undone.`, {
      confirmLabel: 'Delete',
      danger: true,
    })
    if (!ok) {
      return
    }
    this._deleting = { done: 0, total: ids.length }
    const failed: string[] = []
    for (const id of ids) {
      try {
        await pb.collection(this.collection.id).delete(id)
      } catch (err) {
        failed.push(`${id}: ${errorMessage(err)}`)
      }
      this._deleting = { done: this._deleting.done + 1, total: ids.length }
    }
    this._deleting = null
    this._selected = new Set()
    this.refresh()
    if (failed.length) {
      toast(`${failed.length} record(s) could not be deleted. ${failed[0]}`, 'error')
    } else {
      toast(`Deleted ${ids.length} record(s).`)
    }
  }

  override render() {
    const cols = this._columns()
    const sort = this.query.get('sort') ?? this._defaultSort()
    return html`<div class="toolbar">
        <form class="filter" role="search" @submit=${this._submitFilter}>
          ${icon('search', 15)}
          <input
            type="search"
            aria-label="Search or filter records"
            placeholder='Search, or filter like: created > "2024-01-01" && title ~ "hello"'
            .value=${this._searchText}
            @input=${(e: Event) => (this._searchText = (e.target as HTMLInputElement).value)}
          />
        </form>
        ${this.query.get('filter')
          ? html`<button class="btn ghost sm" @click=${() => this._go({ filter: undefined, page: undefined })}>
              Clear
            </button>`
          : nothing}
        <div class="picker">
          <button class="btn" aria-expanded=${this._pickerOpen ? 'true' : 'false'}
            aria-label="Columns" title="Columns"
            @click=${() => (this._pickerOpen = !this._pickerOpen)}>${icon('columns')}</button>
          ${this._pickerOpen
            ? html`<div class="card menu" role="group" aria-label="Visible columns">
                ${this.collection.fields
                  .filter((f) => f.name !== 'id')
                  .map(
                    (f) => html`<label class="check">
                      <input type="checkbox" .checked=${!this._hidden.has(f.name)}
                        @change=${(e: Event) => this._toggleColumn(f.name, (e.target as HTMLInputElement).checked)} />
                      ${icon(fieldTypeInfo(f.type).icon, 14)} ${f.name}
                    </label>`,
                  )}
              </div>`
            : nothing}
        </div>
        <button class="btn" aria-label="Reload" title="Reload" @click=${() => this.refresh()}>
          ${icon('refresh')}
        </button>
      </div>
      ${this._records.render({
        initial: () => this._table(cols, sort, null, true),
        pending: () => this._table(cols, sort, this._records.value ?? null, true),
        complete: (res) => this._table(cols, sort, res, false),
        error: (err) => html`<div class="alert danger" role="alert">
            ${errorMessage(err)}
            ${this.query.get('filter') ? html`<div class="muted">Check the filter syntax.</div>` : nothing}
          </div>`,
      })}
      ${this._selected.size > 0 ? this._bulkBar() : nothing}`
  }

  private _table(
    cols: CollectionField[],
    sort: string,
    res: ListResult<RecordModel> | null,
    loading: boolean,
  ) {
    const items = res?.items ?? []
    const allSelected = items.length > 0 && items.every((r) => this._selected.has(r.id))
    const readOnly = this.collection.type === 'view'
    return html`<div class="table-wrap" aria-busy=${loading ? 'true' : 'false'}>
        <table>
          <thead>
            <tr>
              ${readOnly
                ? nothing
                : html`<th class="sel">
                    <input type="checkbox" aria-label="Select all on this page" .checked=${allSelected}
                      @change=${(e: Event) => {
                        const on = (e.target as HTMLInputElement).checked
                        const next = new Set(this._selected)
                        items.forEach((r) => (on ? next.add(r.id) : next.delete(r.id)))
                        this._selected = next
                      }} />
                  </th>`}
              ${[this.collection.fields.find((f) => f.name === 'id'), ...cols]
                .filter((f): f is CollectionField => !!f)
                .map((f) => this._th(f, sort))}
            </tr>
          </thead>
          <tbody>
            ${items.length === 0 && loading
              ? [1, 2, 3].map(
                  () => html`<tr><td colspan=${cols.length + 2}><div class="skeleton"></div></td></tr>`,
                )
              : nothing}
            ${items.length === 0 && !loading
              ? html`<tr><td colspan=${cols.length + 2} class="empty">
                  ${this.query.get('filter') ? 'No records match the filter.' : 'No records yet.'}
                </td></tr>`
              : nothing}
            ${items.map((r) => this._row(r, cols, readOnly))}
          </tbody>
        </table>
      </div>
      ${res ? this._pager(res) : nothing}`
  }

  private _th(f: CollectionField, sort: string) {
    const dir = sort === f.name ? 'ascending' : sort === `-${f.name}` ? 'descending' : 'none'
    return html`<th aria-sort=${dir}>
      <button aria-label=${`Sort by ${f.name}`} @click=${() => this._sortBy(f.name)}>
        ${icon(fieldTypeInfo(f.type).icon, 13)} ${f.name}
        ${dir === 'ascending' ? icon('chevronUp', 12) : dir === 'descending' ? icon('chevronDown', 12) : nothing}
      </button>
    </th>`
  }

  private _row(r: RecordModel, cols: CollectionField[], readOnly: boolean) {
    const selected = this._selected.has(r.id)
    const open = () => this.dispatchEvent(new CustomEvent<RecordModel>('open-record', { detail: r }))
    return html`<tr class="clickable ${selected ? 'selected' : ''}" @click=${(e: Event) => {
      const t = e.target as HTMLElement
      if (!t.closest('input, button, a')) {
        open()
      }
    }}>
      ${readOnly
        ? nothing
        : html`<td class="sel">
            <input type="checkbox" aria-label=${`Select ${r.id}`} .checked=${selected}
              @change=${(e: Event) => this._toggle(r.id, (e.target as HTMLInputElement).checked)} />
          </td>`}
      <td class="id"><button @click=${open} aria-label=${`Open record ${r.id}`}>${r.id}</button></td>
      ${cols.map((f) => html`<td>${this._cell(r, f)}</td>`)}
    </tr>`
  }

  private _cell(r: RecordModel, f: CollectionField): TemplateResult | string {
    const v = r[f.name]
    const empty = html`<span class="null">—</span>`
    switch (f.type) {
      case 'bool':
        return html`<span class="chip ${v ? 'success' : ''}">${v ? 'true' : 'false'}</span>`
      case 'date':
      case 'autodate':
        return v ? html`<span class="mono">${formatDate(v)}</span>` : empty
      case 'number':
        return String(v ?? '')
      case 'password':
        return html`<span class="null">••••••</span>`
      case 'select': {
        const list = Array.isArray(v) ? v : v ? [v] : []
        return list.length
          ? html`<span class="chips">${list.map((x) => html`<span class="chip">${x}</span>`)}</span>`
          : empty
      }
      case 'relation': {
        const ids = Array.isArray(v) ? (v as string[]) : v ? [v as string] : []
        if (ids.length === 0) {
          return empty
        }
        const exp = r.expand?.[f.name] as RecordModel | RecordModel[] | undefined
        const list = Array.isArray(exp) ? exp : exp ? [exp] : []
        const target = collections.find(String(f.collectionId))
        return html`<span class="chips">
          ${ids.slice(0, 3).map((id) => {
            const rec = list.find((x) => x.id === id)
            return html`<span class="chip accent" title=${id}>${rec ? truncate(recordLabel(rec, target), 30) : id}</span>`
          })}
          ${ids.length > 3 ? html`<span class="chip">+${ids.length - 3}</span>` : nothing}
        </span>`
      }
      case 'file': {
        const names = Array.isArray(v) ? (v as string[]) : v ? [v as string] : []
        if (names.length === 0) {
          return empty
        }
        return html`<span class="chips">
          ${names.slice(0, 4).map((n) =>
            isImageName(n) && !f.protected
              ? html`<img class="thumb" loading="lazy" alt=${n} title=${n}
                  src=${pb.files.getURL(r, n, { thumb: '100x100' })} />`
              : html`<span class="chip" title=${n}>${icon('file', 12)} ${truncate(n, 20)}</span>`,
          )}
          ${names.length > 4 ? html`<span class="chip">+${names.length - 4}</span>` : nothing}
        </span>`
      }
      case 'json':
        return v === null || v === undefined ? empty : html`<span class="mono">${truncate(JSON.stringify(v), 50)}</span>`
      case 'geoPoint': {
        const p = v as { lon?: number; lat?: number } | null
        return p ? html`<span class="mono">${p.lon}, ${p.lat}</span>` : empty
      }
      case 'editor':
        return v ? truncate(stripHtml(String(v)), 60) : empty
      default:
        return v === '' || v === null || v === undefined ? empty : truncate(String(v), 60)
    }
  }

  private _pager(res: ListResult<RecordModel>) {
    const from = res.totalItems === 0 ? 0 : (res.page - 1) * res.perPage + 1
    const to = (res.page - 1) * res.perPage + res.items.length
    return html`<div class="pager" aria-label="Pagination">
      <span>${from}–${to} of ${res.totalItems}</span>
      <span class="spacer"></span>
      <button class="btn sm" ?disabled=${res.page <= 1} @click=${() => this._go({ page: res.page - 1 })}
        aria-label="Previous page">${icon('chevronLeft', 14)}</button>
      <span>Page ${res.page} of ${Math.max(1, res.totalPages)}</span>
      <button class="btn sm" ?disabled=${res.page >= res.totalPages}
        @click=${() => this._go({ page: res.page + 1 })} aria-label="Next page">${icon('chevronRight', 14)}</button>
    </div>`
  }

  private _bulkBar() {
    const d = this._deleting
    return html`<div class="bulk" role="region" aria-label="Bulk actions">
      ${d
        ? html`<span role="status">Deleting ${d.done} of ${d.total}…</span>`
        : html`<span>${this._selected.size} selected</span>
            <button class="btn ghost sm" @click=${() => (this._selected = new Set())}>Clear</button>
            <button class="btn danger solid sm" @click=${this._deleteSelected}>
              ${icon('trash', 14)} Delete selected
            </button>`}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-records-list': PbRecordsList
  }
}
