import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CollectionModel } from 'pocketbase'
import { icon } from '../icons.js'
import type { FieldErrors } from '../lib/errors.js'
import { sharedStyles } from '../styles/shared.js'

/** What an index string says, read back for display. */
export interface ParsedIndex {
  unique: boolean
  name: string
  columns: string[]
  where: string
}

/** Reads `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (cols) [WHERE …]` loosely. */
export function parseIndex(sql: string): ParsedIndex {
  const m =
    /^\s*create\s+(unique\s+)?index\s+(?:if\s+not\s+exists\s+)?[`"'[]?([\w.]+)[`"'\]]?\s+on\s+[`"'[]?[\w.]*[`"'\]]?\s*\(([\s\S]*?)\)\s*(?:where\s+([\s\S]*))?$/i.exec(
      sql,
    )
  if (!m) {
    return { unique: false, name: '', columns: [], where: '' }
  }
  return {
    unique: !!m[1],
    name: m[2] ?? '',
    columns: (m[3] ?? '')
      .split(',')
      .map((c) => c.trim().replace(/^[`"[]|[`"\]]$/g, ''))
      .filter((c) => c),
    where: (m[4] ?? '').trim(),
  }
}

/** Builds an index statement for the collection (the server rewrites the table name anyway). */
export function buildIndex(table: string, p: ParsedIndex): string {
  const cols = p.columns.map((c) => '`' + c + '`').join(', ')
  return (
    `CREATE ${p.unique ? 'UNIQUE ' : ''}INDEX \`${p.name}\` ON \`${table}\` (${cols})` +
    (p.where ? ` WHERE ${p.where}` : '')
  )
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 9)
}

/**
 * The indexes of a collection: a list of SQL statements, each editable as text, plus a form that
 * builds a new one from checked columns. Emits `indexes-change` with the new list.
 */
@customElement('pb-indexes-editor')
export class PbIndexesEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .index {
        display: flex;
        align-items: flex-start;
        gap: 8px;
        padding: 10px 12px;
      }
      .index .desc {
        flex: 1;
        min-width: 0;
      }
      .index code {
        display: block;
        color: var(--fg-muted);
        word-break: break-all;
        margin-top: 2px;
      }
      .cols {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
      }
      .new {
        padding: 12px;
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
    `,
  ]

  @property({ attribute: false }) collection!: CollectionModel
  /** server errors under `indexes` (keys are list positions) */
  @property({ attribute: false }) errors: FieldErrors = {}

  @state() private _editing = -1
  @state() private _adding = false
  @state() private _new: ParsedIndex = { unique: false, name: '', columns: [], where: '' }

  private _emit(list: string[]): void {
    this.dispatchEvent(new CustomEvent<string[]>('indexes-change', { detail: list }))
  }

  private _startAdd(): void {
    this._new = {
      unique: false,
      name: `idx_${this.collection.name || 'new'}_${randomSuffix()}`,
      columns: [],
      where: '',
    }
    this._adding = true
  }

  private _add(): void {
    if (this._new.columns.length === 0) {
      return
    }
    this._emit([...(this.collection.indexes ?? []), buildIndex(this.collection.name, this._new)])
    this._adding = false
  }

  override render() {
    const list = this.collection.indexes ?? []
    const columns = this.collection.fields.map((f) => f.name).filter((n) => n)
    return html`${list.length === 0 && !this._adding
        ? html`<p class="muted">No indexes yet. Unique indexes also make a field usable as a login identity.</p>`
        : nothing}
      ${list.map((sql, i) => {
        const p = parseIndex(sql)
        const err = this.errors[String(i)]
        return html`<div class="card index" style=${err ? 'border-color: var(--danger)' : ''}>
          <div class="desc">
            ${this._editing === i
              ? html`<textarea
                  class="code"
                  aria-label="Index SQL"
                  .value=${sql}
                  @change=${(e: Event) => {
                    const next = [...list]
                    next[i] = (e.target as HTMLTextAreaElement).value
                    this._emit(next)
                  }}
                ></textarea>`
              : html`<div class="row">
                    ${p.unique ? html`<span class="chip accent">unique</span>` : nothing}
                    <strong>${p.columns.join(', ') || 'custom index'}</strong>
                  </div>
                  <code>${sql}</code>`}
            ${err ? html`<div class="error-text">${err}</div>` : nothing}
          </div>
          <button class="icon-btn sm" aria-label="Edit index SQL"
            @click=${() => (this._editing = this._editing === i ? -1 : i)}>${icon('edit', 14)}</button>
          <button class="icon-btn sm" aria-label="Remove index"
            @click=${() => this._emit(list.filter((_, j) => j !== i))}>${icon('trash', 14)}</button>
        </div>`
      })}
      ${this._adding
        ? html`<div class="card new">
            <div class="label">Columns</div>
            <div class="cols">
              ${columns.map(
                (c) => html`<label class="check">
                  <input type="checkbox" .checked=${this._new.columns.includes(c)}
                    @change=${(e: Event) => {
                      const on = (e.target as HTMLInputElement).checked
                      const cols = this._new.columns.filter((x) => x !== c)
                      this._new = { ...this._new, columns: on ? [...cols, c] : cols }
                    }} />${c}
                </label>`,
              )}
            </div>
            <label class="switch">
              <input type="checkbox" .checked=${this._new.unique}
                @change=${(e: Event) =>
                  (this._new = { ...this._new, unique: (e.target as HTMLInputElement).checked })} />
              Unique
            </label>
            <div class="field">
              <label for="idx-where">Only rows where (optional)</label>
              <input id="idx-where" class="code" placeholder="\`email\` != ''" .value=${this._new.where}
                @input=${(e: Event) =>
                  (this._new = { ...this._new, where: (e.target as HTMLInputElement).value })} />
            </div>
            <div class="row">
              <span class="spacer"></span>
              <button class="btn ghost sm" @click=${() => (this._adding = false)}>Cancel</button>
              <button class="btn primary sm" ?disabled=${this._new.columns.length === 0}
                @click=${this._add}>Add index</button>
            </div>
          </div>`
        : html`<div>
            <button class="btn sm" @click=${this._startAdd}>${icon('plus', 14)} New index</button>
          </div>`}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-indexes-editor': PbIndexesEditor
  }
}
