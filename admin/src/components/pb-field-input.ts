import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { CollectionField } from 'pocketbase'
import { icon } from '../icons.js'
import { fieldTypeInfo, isMulti } from '../lib/field-types.js'
import { formatDate, fromDateInput, toDateInput } from '../lib/format.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * The record-editor input of one field (every type except file and relation, which have their own
 * pickers). JSON is edited as text and stays text here; the editor parses it on save.
 * Emits `value-change` with the new value.
 */
@customElement('pb-field-input')
export class PbFieldInput extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .with-addon {
        display: flex;
        gap: 6px;
        align-items: center;
      }
      .options {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 16px;
        padding: 8px 10px;
        border: 1px solid var(--border-strong);
        border-radius: var(--radius-sm);
      }
      textarea.editor {
        min-height: 140px;
      }
      .label-row {
        display: flex;
        gap: 4px;
        align-items: center;
      }
      .label-row label {
        font-size: 12.5px;
        font-weight: 600;
        color: var(--fg-muted);
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .req {
        color: var(--danger);
        font-weight: 600;
      }
      .utc {
        color: var(--fg-faint);
        font-size: 12px;
      }
    `,
  ]

  @property({ attribute: false }) field!: CollectionField
  @property({ attribute: false }) value: unknown
  /** the server's (or the editor's) error for this field */
  @property() error = ''
  @property({ type: Boolean }) readonly = false

  private _emit(v: unknown): void {
    this.dispatchEvent(new CustomEvent('value-change', { detail: v }))
  }

  override render() {
    const f = this.field
    const id = 'input'
    return html`<div class="field ${this.error ? 'invalid' : ''}">
      ${f.type === 'bool'
        ? nothing
        : html`<div class="label-row">
            <label for=${id}>${icon(fieldTypeInfo(f.type).icon, 13)} ${f.name}</label>
            ${f.required ? html`<span class="req" title="Required">*</span>` : nothing}
          </div>`}
      ${this._control(id)}
      ${this.error
        ? html`<span class="error" role="alert">${this.error}</span>`
        : f.help
          ? html`<span class="help">${f.help}</span>`
          : nothing}
    </div>`
  }

  private _control(id: string): TemplateResult {
    const f = this.field
    const v = this.value
    const ro = this.readonly
    const onText = (e: Event) => this._emit((e.target as HTMLInputElement).value)
    switch (f.type) {
      case 'bool':
        return html`<label class="switch">
          <input id=${id} type="checkbox" .checked=${!!v} ?disabled=${ro}
            @change=${(e: Event) => this._emit((e.target as HTMLInputElement).checked)} />
          ${f.name}
        </label>`
      case 'number':
        return html`<input id=${id} type="number" step=${f.onlyInt ? '1' : 'any'}
          min=${f.min ?? nothing} max=${f.max ?? nothing} ?readonly=${ro}
          .value=${v === null || v === undefined ? '' : String(v)}
          @input=${(e: Event) => {
            const raw = (e.target as HTMLInputElement).value
            this._emit(raw === '' ? null : Number(raw))
          }} />`
      case 'email':
        return html`<input id=${id} type="email" ?readonly=${ro} .value=${String(v ?? '')} @input=${onText} />`
      case 'url':
        return html`<input id=${id} type="url" ?readonly=${ro} placeholder="https://"
          .value=${String(v ?? '')} @input=${onText} />`
      case 'editor':
        return html`<textarea id=${id} class="editor" ?readonly=${ro} .value=${String(v ?? '')}
          placeholder="HTML content" @input=${onText}></textarea>`
      case 'date':
        return html`<div class="with-addon">
          <input id=${id} type="datetime-local" step="1" ?readonly=${ro}
            .value=${toDateInput(v)}
            @input=${(e: Event) => this._emit(fromDateInput((e.target as HTMLInputElement).value))} />
          <span class="utc">UTC</span>
          ${v && !ro
            ? html`<button class="icon-btn sm" aria-label=${`Clear ${f.name}`} @click=${() => this._emit('')}>
                ${icon('close', 14)}
              </button>`
            : nothing}
        </div>`
      case 'autodate':
        return html`<input id=${id} readonly .value=${formatDate(v) || 'set automatically'} />`
      case 'select':
        return this._select(id)
      case 'json':
        return html`<textarea id=${id} class="code" rows="5" spellcheck="false" ?readonly=${ro}
          placeholder="null" .value=${String(v ?? '')} @input=${onText}></textarea>`
      case 'password':
        return html`<input id=${id} type="password" autocomplete="new-password" ?readonly=${ro}
          placeholder=${f.required ? '' : 'unchanged when empty'} .value=${String(v ?? '')} @input=${onText} />`
      case 'geoPoint': {
        const p = (v as { lon: number; lat: number } | null) ?? { lon: 0, lat: 0 }
        const set = (k: 'lon' | 'lat') => (e: Event) =>
          this._emit({ ...p, [k]: Number((e.target as HTMLInputElement).value) || 0 })
        return html`<div class="with-addon">
          <input id=${id} type="number" step="any" min="-180" max="180" aria-label="Longitude"
            placeholder="Longitude" ?readonly=${ro} .value=${String(p.lon)} @input=${set('lon')} />
          <input type="number" step="any" min="-90" max="90" aria-label="Latitude"
            placeholder="Latitude" ?readonly=${ro} .value=${String(p.lat)} @input=${set('lat')} />
          <a class="icon-btn" target="_blank" rel="noopener noreferrer" title="Open in OpenStreetMap"
            aria-label="Open in OpenStreetMap"
            href=${`https://www.openstreetmap.org/?mlat=${p.lat}&mlon=${p.lon}#map=12/${p.lat}/${p.lon}`}>
            ${icon('external', 15)}
          </a>
        </div>`
      }
      default: {
        const long = Number(f.max) > 255 || Number(f.max) === 0
        return long && f.name !== 'id'
          ? html`<textarea id=${id} rows="1" style="min-height: 36px; field-sizing: content"
              ?readonly=${ro} .value=${String(v ?? '')} @input=${onText}></textarea>`
          : html`<input id=${id} ?readonly=${ro} .value=${String(v ?? '')} @input=${onText} />`
      }
    }
  }

  private _select(id: string): TemplateResult {
    const f = this.field
    const values = (f.values as string[]) ?? []
    if (!isMulti(f)) {
      return html`<select id=${id} ?disabled=${this.readonly}
        @change=${(e: Event) => this._emit((e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!this.value}>—</option>
        ${values.map((x) => html`<option value=${x} ?selected=${x === this.value}>${x}</option>`)}
      </select>`
    }
    const cur = Array.isArray(this.value) ? (this.value as string[]) : []
    return html`<div class="options" id=${id} role="group" aria-label=${f.name}>
      ${values.map(
        (x) => html`<label class="check">
          <input type="checkbox" .checked=${cur.includes(x)} ?disabled=${this.readonly}
            @change=${(e: Event) => {
              const on = (e.target as HTMLInputElement).checked
              this._emit(on ? [...cur.filter((c) => c !== x), x] : cur.filter((c) => c !== x))
            }} />${x}
        </label>`,
      )}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-field-input': PbFieldInput
  }
}
