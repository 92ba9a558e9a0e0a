import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CollectionField, CollectionModel } from 'pocketbase'
import { icon } from '../icons.js'
import type { FieldErrors } from '../lib/errors.js'
import { fieldTypeInfo } from '../lib/field-types.js'
import { sharedStyles } from '../styles/shared.js'

/** Detail of the `field-change` event: the whole updated field. */
export type FieldChange = CollectionField

/**
 * One field in the collection editor: its name and type on one line, its options below when
 * expanded. Emits `field-change` (detail: the updated field), `field-remove` and `field-move`
 * (detail: -1 up, +1 down); never mutates the field it was given.
 */
@customElement('pb-field-card')
export class PbFieldCard extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .card {
        border-radius: var(--radius);
      }
      .card.invalid {
        border-color: var(--danger);
      }
      .card.removed {
        opacity: 0.55;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 6px 6px 6px 10px;
      }
      .type-icon {
        display: grid;
        place-items: center;
        width: 28px;
        height: 28px;
        border-radius: var(--radius-sm);
        background: var(--accent-soft);
        color: var(--accent);
        flex: none;
      }
      .name {
        flex: 1;
        min-width: 80px;
        font-weight: 500;
        border-color: transparent;
        background: transparent;
      }
      .name:hover:not([readonly]) {
        border-color: var(--border);
      }
      .name[readonly] {
        background: transparent;
      }
      .type-label {
        color: var(--fg-faint);
        font-size: 12px;
        white-space: nowrap;
      }
      .flags {
        display: flex;
        gap: 4px;
      }
      .body {
        padding: 12px 14px 14px;
        border-top: 1px solid var(--border);
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .checks {
        display: flex;
        flex-wrap: wrap;
        gap: 10px 20px;
      }
      @media (max-width: 520px) {
        .type-label,
        .flags {
          display: none;
        }
      }
    `,
  ]

  /** the field being edited */
  @property({ attribute: false }) field!: CollectionField
  /** every collection (relation targets) */
  @property({ attribute: false }) collections: CollectionModel[] = []
  /** server errors for this field, relative paths (`name`, `values`, …) */
  @property({ attribute: false }) errors: FieldErrors = {}
  /** the collection type (some auth system fields allow fewer changes) */
  @property() collectionType = 'base'
  @property({ type: Boolean }) first = false
  @property({ type: Boolean }) last = false

  @state() private _open = false

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('errors') && Object.keys(this.errors).some((k) => k !== 'name' && k !== '')) {
      this._open = true
    }
  }

  /** Opens the options and focuses the name (used right after adding a field). */
  async focusName(): Promise<void> {
    this._open = true
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>('input.name')?.select()
  }

  private _set(patch: Record<string, unknown>): void {
    this.dispatchEvent(
      new CustomEvent<FieldChange>('field-change', { detail: { ...this.field, ...patch } }),
    )
  }

  override render() {
    const f = this.field
    const info = fieldTypeInfo(f.type)
    const invalid = Object.keys(this.errors).length > 0
    const bodyId = `opts-${f.id || f.name}`
    return html`<div class="card ${invalid ? 'invalid' : ''}">
      <div class="head">
        <span class="type-icon" title=${info.label}>${icon(info.icon)}</span>
        <input
          class="name"
          aria-label="Field name"
          .value=${f.name}
          ?readonly=${f.system}
          placeholder="field_name"
          spellcheck="false"
          @input=${(e: Event) => this._set({ name: (e.target as HTMLInputElement).value })}
        />
        <span class="flags">
          ${f.system ? html`<span class="chip">system</span>` : nothing}
          ${f.required ? html`<span class="chip accent">required</span>` : nothing}
          ${f.hidden ? html`<span class="chip warning">hidden</span>` : nothing}
          ${f.presentable ? html`<span class="chip success">presentable</span>` : nothing}
        </span>
        <span class="type-label">${info.label}</span>
        <button class="icon-btn sm" aria-label="Move up" ?disabled=${this.first}
          @click=${() => this._move(-1)}>${icon('chevronUp', 14)}</button>
        <button class="icon-btn sm" aria-label="Move down" ?disabled=${this.last}
          @click=${() => this._move(1)}>${icon('chevronDown', 14)}</button>
        <button
          class="icon-btn sm"
          aria-expanded=${this._open ? 'true' : 'false'}
          aria-controls=${bodyId}
          aria-label=${`Options of ${f.name || 'field'}`}
          @click=${() => (this._open = !this._open)}
        >
          ${icon('settings', 15)}
        </button>
        ${f.system
          ? nothing
          : html`<button
              class="icon-btn sm"
              aria-label=${`Remove field ${f.name}`}
              @click=${() => this.dispatchEvent(new CustomEvent('field-remove'))}
            >
              ${icon('trash', 15)}
            </button>`}
      </div>
      ${this.errors.name || this.errors['']
        ? html`<div class="error-text" style="padding: 0 12px 8px">
            ${this.errors.name ?? this.errors['']}
          </div>`
        : nothing}
      <div class="body" id=${bodyId} ?hidden=${!this._open}>
        ${this._options()}
        <div class="checks">
          ${f.type === 'autodate'
            ? nothing
            : this._check('required', 'Nonempty', 'The value can not be empty')}
          ${this._check('hidden', 'Hidden', 'Only superusers see it in API responses')}
          ${this._check('presentable', 'Presentable', 'Shown when a relation to this record is listed')}
        </div>
        ${f.type === 'autodate'
          ? nothing
          : this._text('help', 'Help text', 'Shown under the input in the record editor')}
      </div>
    </div>`
  }

  private _move(dir: number): void {
    this.dispatchEvent(new CustomEvent<number>('field-move', { detail: dir }))
  }

  private _options(): TemplateResult | typeof nothing {
    const f = this.field
    switch (f.type) {
      case 'text':
        return html`<div class="grid2">
          ${this._num('min', 'Min length')} ${this._num('max', 'Max length', '0 = 5000')}
          ${this._text('pattern', 'Regex pattern', 'e.g. ^[a-z0-9]+$', true)}
          ${this._text('autogeneratePattern', 'Autogenerate pattern', 'e.g. [a-z0-9]{30}', true)}
        </div>`
      case 'number':
        return html`<div class="grid2">
          ${this._num('min', 'Min', '', true)} ${this._num('max', 'Max', '', true)}
        </div>
        ${this._check('onlyInt', 'Integers only', 'Decimal values are rejected')}`
      case 'email':
      case 'url':
        return html`<div class="grid2">
          ${this._list('exceptDomains', 'Except domains', 'spam.example, …')}
          ${this._list('onlyDomains', 'Only domains', 'example.com, …')}
        </div>`
      case 'editor':
        return html`<div class="grid2">${this._num('maxSize', 'Max size (bytes)', '0 = 5 MiB')}</div>
          ${this._check('convertURLs', 'Convert URLs', 'Make links relative to the app URL')}`
      case 'date':
        return html`<div class="grid2">
          ${this._text('min', 'Min date', '2024-01-01 00:00:00.000Z')}
          ${this._text('max', 'Max date', '2030-12-31 23:59:59.999Z')}
        </div>`
      case 'autodate':
        return html`<div class="checks">
          ${this._check('onCreate', 'Set on create')} ${this._check('onUpdate', 'Set on update')}
        </div>`
      case 'select':
        return html`<div class="grid2">
          ${this._list('values', 'Choices', 'draft, published, …')}
          ${this._num('maxSelect', 'Max selected', '1 = single value')}
        </div>`
      case 'file':
        return html`<div class="grid2">
          ${this._num('maxSelect', 'Max files', '1 = single file')}
          ${this._num('maxSize', 'Max file size (bytes)', '0 = 5 MiB')}
          ${this._list('mimeTypes', 'Allowed MIME types', 'image/png, image/jpeg, …')}
          ${this._list('thumbs', 'Thumb sizes', '100x100, 0x300, 640x480f, …')}
        </div>
        ${this._check('protected', 'Protected', 'Downloads need a file token and the view rule')}`
      case 'relation':
        return this._relationOptions()
      case 'json':
        return html`<div class="grid2">${this._num('maxSize', 'Max size (bytes)', '0 = 1 MiB')}</div>`
      case 'password':
        return html`<div class="grid2">
          ${this._num('min', 'Min length')} ${this._num('max', 'Max length', '0 = 71')}
          ${this._text('pattern', 'Regex pattern', '', true)}
          ${this._num('cost', 'Bcrypt cost', '0 = 10')}
        </div>`
      default:
        return nothing
    }
  }

  private _relationOptions() {
    const f = this.field
    const err = this.errors.collectionId
    return html`<div class="grid2">
        <div class="field ${err ? 'invalid' : ''}">
          <label for="rel-coll">Related collection</label>
          <select
            id="rel-coll"
            ?disabled=${!!f.id && !!f.collectionId}
            @change=${(e: Event) => this._set({ collectionId: (e.target as HTMLSelectElement).value })}
          >
            <option value="" ?selected=${!f.collectionId}>Select a collection…</option>
            ${this.collections.map(
              (c) =>
                html`<option value=${c.id} ?selected=${c.id === f.collectionId}>${c.name}</option>`,
            )}
          </select>
          ${err ? html`<span class="error">${err}</span>` : nothing}
        </div>
        ${this._num('maxSelect', 'Max selected', '1 = single relation')}
        ${this._num('minSelect', 'Min selected')}
      </div>
      ${this._check('cascadeDelete', 'Cascade delete', 'Delete this record when the related one is deleted')}`
  }

  private _field(key: string, label: string, control: TemplateResult, help = '') {
    const err = this.errors[key]
    return html`<div class="field ${err ? 'invalid' : ''}">
      <label for=${`f-${key}`}>${label}</label>
      ${control}
      ${err
        ? html`<span class="error">${err}</span>`
        : help
          ? html`<span class="help">${help}</span>`
          : nothing}
    </div>`
  }

  private _num(key: string, label: string, placeholder = '', nullable = false) {
    const v = this.field[key]
    return this._field(
      key,
      label,
      html`<input
        id=${`f-${key}`}
        type="number"
        .value=${v === null || v === undefined ? '' : String(v)}
        placeholder=${placeholder}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value
          this._set({ [key]: raw === '' ? (nullable ? null : 0) : Number(raw) })
        }}
      />`,
    )
  }

  private _text(key: string, label: string, placeholder = '', mono = false) {
    return this._field(
      key,
      label,
      html`<input
        id=${`f-${key}`}
        class=${mono ? 'code' : ''}
        .value=${String(this.field[key] ?? '')}
        placeholder=${placeholder}
        spellcheck="false"
        @input=${(e: Event) => this._set({ [key]: (e.target as HTMLInputElement).value })}
      />`,
    )
  }

  /** A comma-separated list edited as text (select values, domains, MIME types, thumbs). */
  private _list(key: string, label: string, placeholder = '') {
    const v = (this.field[key] as string[] | null) ?? []
    return this._field(
      key,
      label,
      html`<input
        id=${`f-${key}`}
        .value=${v.join(', ')}
        placeholder=${placeholder}
        spellcheck="false"
        @change=${(e: Event) =>
          this._set({
            [key]: (e.target as HTMLInputElement).value
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          })}
      />`,
      'Comma-separated',
    )
  }

  private _check(key: string, label: string, title = '') {
    return html`<label class="switch" title=${title}>
      <input
        type="checkbox"
        .checked=${!!this.field[key]}
        @change=${(e: Event) => this._set({ [key]: (e.target as HTMLInputElement).checked })}
      />
      ${label}
    </label>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-field-card': PbFieldCard
  }
}
