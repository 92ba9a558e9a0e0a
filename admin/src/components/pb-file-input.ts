import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CollectionField, RecordModel } from 'pocketbase'
import { icon } from '../icons.js'
import { isMulti } from '../lib/field-types.js'
import { formatBytes, isImageName, truncate } from '../lib/format.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'

/** The state of a file field while editing: stored names to keep, and new files to upload. */
export interface FileValue {
  keep: string[]
  add: File[]
}

/**
 * A file field in the record editor: stored files with thumbnails (or a file icon) that can be
 * removed, new files with local previews, and an upload button that also accepts dropped files.
 * Emits `value-change` with a {@link FileValue}.
 */
@customElement('pb-file-input')
export class PbFileInput extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .box {
        display: flex;
        flex-direction: column;
        gap: 6px;
        padding: 8px;
        border: 1px dashed var(--border-strong);
        border-radius: var(--radius-sm);
      }
      .box.drag {
        border-color: var(--accent);
        background: var(--accent-soft);
      }
      .invalid .box {
        border-color: var(--danger);
      }
      .file {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 4px;
        border-radius: var(--radius-sm);
      }
      .file:hover {
        background: var(--surface-2);
      }
      .file .thumb {
        width: 40px;
        height: 40px;
        flex: none;
        display: grid;
        place-items: center;
        border-radius: 6px;
        border: 1px solid var(--border);
        background: var(--surface-2);
        overflow: hidden;
        color: var(--fg-faint);
      }
      .file .thumb img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .file .name {
        flex: 1;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-size: 13px;
      }
      .file.removed .name {
        text-decoration: line-through;
        color: var(--fg-faint);
      }
    `,
  ]

  @property({ attribute: false }) field!: CollectionField
  /** the saved record (null while creating) */
  @property({ attribute: false }) record: RecordModel | null = null
  @property({ attribute: false }) value: FileValue = { keep: [], add: [] }
  @property() error = ''
  @property({ type: Boolean }) readonly = false

  @state() private _drag = false
  @state() private _token = ''
  readonly #previews = new Map<File, string>()

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.field.protected) {
      // note: protected files are only served with a short-lived file token
      pb.files
        .getToken()
        .then((t) => (this._token = t))
        .catch(() => {})
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#previews.forEach((url) => URL.revokeObjectURL(url))
    this.#previews.clear()
  }

  private get _stored(): string[] {
    const v = this.record?.[this.field.name]
    return Array.isArray(v) ? (v as string[]) : v ? [v as string] : []
  }

  private _emit(v: FileValue): void {
    this.dispatchEvent(new CustomEvent<FileValue>('value-change', { detail: v }))
  }

  private _addFiles(files: File[]): void {
    if (files.length === 0) {
      return
    }
    if (!isMulti(this.field)) {
      // a single-file field replaces what it had
      this._emit({ keep: [], add: [files[0]!] })
      return
    }
    this._emit({ keep: this.value.keep, add: [...this.value.add, ...files] })
  }

  private _preview(file: File): string {
    let url = this.#previews.get(file)
    if (!url) {
      url = URL.createObjectURL(file)
      this.#previews.set(file, url)
    }
    return url
  }

  private _url(name: string, thumb = ''): string {
    if (!this.record) {
      return ''
    }
    return pb.files.getURL(this.record, name, { thumb: thumb || undefined, token: this._token || undefined })
  }

  override render() {
    const f = this.field
    const multi = isMulti(f)
    const { keep, add } = this.value
    const stored = this._stored
    const canAdd = !this.readonly && (multi ? keep.length + add.length < (Number(f.maxSelect) || 1) : true)
    return html`<div class="field ${this.error ? 'invalid' : ''}">
      <span class="label">${icon('file', 13)} ${f.name}
        ${f.required ? html`<span aria-hidden="true" style="color: var(--danger)">*</span>` : nothing}
        ${f.protected ? html`<span class="chip warning">protected</span>` : nothing}</span>
      <div
        class="box ${this._drag ? 'drag' : ''}"
        @dragover=${(e: DragEvent) => {
          e.preventDefault()
          this._drag = true
        }}
        @dragleave=${() => (this._drag = false)}
        @drop=${(e: DragEvent) => {
          e.preventDefault()
          this._drag = false
          if (!this.readonly) {
            this._addFiles([...(e.dataTransfer?.files ?? [])])
          }
        }}
      >
        ${stored.map((name) => {
          const kept = keep.includes(name)
          return html`<div class="file ${kept ? '' : 'removed'}">
            <span class="thumb">
              ${isImageName(name) && (!f.protected || this._token)
                ? html`<img alt="" loading="lazy" src=${this._url(name, '100x100')} />`
                : icon('file', 18)}
            </span>
            <a class="name" href=${this._url(name)} target="_blank" rel="noopener noreferrer" title=${name}>${name}</a>
            ${this.readonly
              ? nothing
              : kept
                ? html`<button class="icon-btn sm" aria-label=${`Remove ${name}`}
                    @click=${() => this._emit({ keep: keep.filter((k) => k !== name), add })}>
                    ${icon('trash', 14)}</button>`
                : html`<button class="btn sm ghost" aria-label=${`Restore ${name}`}
                    @click=${() => this._emit({ keep: [...keep, name], add: multi ? add : [] })}>
                    ${icon('restore', 14)} Restore</button>`}
          </div>`
        })}
        ${add.map(
          (file, i) => html`<div class="file">
            <span class="thumb">
              ${file.type.startsWith('image/') ? html`<img alt="" src=${this._preview(file)} />` : icon('upload', 18)}
            </span>
            <span class="name" title=${file.name}>${truncate(file.name, 50)}
              <span class="faint">· new · ${formatBytes(file.size)}</span></span>
            <button class="icon-btn sm" aria-label=${`Remove new file ${file.name}`}
              @click=${() => this._emit({ keep, add: add.filter((_, j) => j !== i) })}>${icon('close', 14)}</button>
          </div>`,
        )}
        ${canAdd
          ? html`<label class="btn sm ghost" style="align-self: flex-start">
              ${icon('upload', 14)} ${multi ? 'Upload files' : stored.length || add.length ? 'Replace file' : 'Upload file'}
              <input type="file" class="sr-only" ?multiple=${multi}
                accept=${((f.mimeTypes as string[]) ?? []).join(',') || nothing}
                @change=${(e: Event) => {
                  const input = e.target as HTMLInputElement
                  this._addFiles([...(input.files ?? [])])
                  input.value = ''
                }} />
            </label>`
          : nothing}
        ${stored.length === 0 && add.length === 0 && this.readonly ? html`<span class="faint">No files.</span>` : nothing}
      </div>
      ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-file-input': PbFileInput
  }
}
