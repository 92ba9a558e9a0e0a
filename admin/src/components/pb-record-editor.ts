import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { CollectionField, CollectionModel, RecordModel } from 'pocketbase'
import { icon } from '../icons.js'
import { errorMessage, fieldErrors, type FieldErrors } from '../lib/errors.js'
import { isMulti } from '../lib/field-types.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'
import { confirmDialog } from './pb-confirm.js'
import { impersonate } from './pb-impersonate-dialog.js'
import './pb-field-input.js'
import './pb-file-input.js'
import type { FileValue } from './pb-file-input.js'
import './pb-relation-input.js'

/** A stand-in field definition for the auth password inputs. */
function passwordField(name: string): CollectionField {
  return { id: '', name, type: 'password', system: false, hidden: false, presentable: false, required: true }
}

/** Auth system fields the editor handles itself (or never shows). */
const AUTH_SPECIAL = new Set(['password', 'tokenKey'])

/**
 * Drawer to create, view or edit one record, with an input for every field type. File fields
 * upload through the SDK's multipart support (`field+` to append, `field-` to remove); auth records
 * get password fields and the send-verification / send-password-reset actions.
 * Emits `saved` (detail: the record) and `deleted`.
 */
@customElement('pb-record-editor')
export class PbRecordEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .form {
        display: flex;
        flex-direction: column;
        gap: 16px;
      }
      .auth-box {
        display: flex;
        flex-direction: column;
        gap: 12px;
        padding: 14px;
        background: var(--surface-2);
        border-radius: var(--radius);
      }
      .menu-anchor {
        position: relative;
      }
      .up-menu {
        position: absolute;
        bottom: calc(100% + 6px);
        left: 0;
        z-index: 5;
        display: flex;
        flex-direction: column;
        min-width: 230px;
        padding: 6px;
        box-shadow: var(--shadow-lg);
      }
      .up-menu button {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 8px 10px;
        border: 0;
        border-radius: var(--radius-sm);
        background: none;
        color: var(--fg);
        font: inherit;
        text-align: left;
        white-space: nowrap;
        cursor: pointer;
      }
      .up-menu button:hover,
      .up-menu button:focus-visible {
        background: var(--accent-soft);
      }
      .meta {
        display: flex;
        align-items: center;
        gap: 8px;
        color: var(--fg-muted);
        font-size: 12.5px;
      }
    `,
  ]

  @property({ type: Boolean, reflect: true }) open = false

  @state() private _collection: CollectionModel | null = null
  @state() private _record: RecordModel | null = null
  @state() private _data: Record<string, unknown> = {}
  @state() private _files: Record<string, FileValue> = {}
  @state() private _errors: FieldErrors = {}
  @state() private _error = ''
  @state() private _saving = false
  @state() private _loading = false
  @state() private _changePassword = false
  @state() private _menu = false

  @query('dialog') private _dialog!: HTMLDialogElement

  /** Opens the editor for `record` of `collection` (a new record when null). */
  async edit(collection: CollectionModel, record: RecordModel | null): Promise<void> {
    this._collection = collection
    this._record = record
    this._errors = {}
    this._error = ''
    this._changePassword = false
    this._menu = false
    this._load(record)
    this.open = true
    await this.updateComplete
    if (!this._dialog.open) {
      this._dialog.showModal()
    }
    if (record) {
      // the list may hold fewer expands than the editor shows: fetch the full record
      const expand = collection.fields.filter((f) => f.type === 'relation').map((f) => f.name).join(',')
      this._loading = true
      try {
        const fresh = await pb.collection(collection.id).getOne(record.id, { expand: expand || undefined })
        if (this._record?.id === fresh.id) {
          this._record = fresh
          this._load(fresh)
        }
      } catch (err) {
        this._error = errorMessage(err)
      } finally {
        this._loading = false
      }
    }
  }

  private _load(record: RecordModel | null): void {
    const data: Record<string, unknown> = {}
    const files: Record<string, FileValue> = {}
    for (const f of this._collection!.fields) {
      const v = record?.[f.name]
      if (f.type === 'file') {
        files[f.name] = { keep: Array.isArray(v) ? [...v] : v ? [v as string] : [], add: [] }
      } else if (f.type === 'json') {
        data[f.name] = v === undefined || v === null ? '' : JSON.stringify(v, null, 2)
      } else if (f.type === 'password') {
        data[f.name] = ''
      } else if (record) {
        data[f.name] = v
      } else {
        data[f.name] = this._default(f)
      }
    }
    if (!record) {
      data.id = ''
    }
    data.passwordConfirm = ''
    this._data = data
    this._files = files
  }

  private _default(f: CollectionField): unknown {
    switch (f.type) {
      case 'bool':
        return false
      case 'number':
        return null
      case 'select':
      case 'relation':
        return isMulti(f) ? [] : ''
      case 'geoPoint':
        return { lon: 0, lat: 0 }
      default:
        return ''
    }
  }

  private _close(): void {
    this._dialog.close()
    this.open = false
    this._record = null
  }

  private get _isAuth(): boolean {
    return this._collection?.type === 'auth'
  }

  private get _readOnly(): boolean {
    return this._collection?.type === 'view'
  }

  /** The request body, or null (with `_errors` set) when something can't be sent as is. */
  private _body(): Record<string, unknown> | null {
    const c = this._collection!
    const isNew = !this._record
    const body: Record<string, unknown> = {}
    const errors: FieldErrors = {}
    for (const f of c.fields) {
      const v = this._data[f.name]
      if (f.type === 'autodate' || (f.system && f.name === 'tokenKey')) {
        continue
      }
      if (f.name === 'id') {
        if (isNew && v) {
          body.id = v
        }
        continue
      }
      if (f.type === 'password') {
        const wanted = !this._isAuth || f.name !== 'password' || isNew || this._changePassword
        if (wanted && (v || (this._isAuth && f.name === 'password'))) {
          body[f.name] = v ?? ''
          if (this._isAuth && f.name === 'password') {
            body.passwordConfirm = this._data.passwordConfirm ?? ''
          }
        }
        continue
      }
      if (f.type === 'file') {
        this._fileBody(f, body)
        continue
      }
      if (f.type === 'json') {
        const text = String(v ?? '').trim()
        if (text === '') {
          body[f.name] = null
          continue
        }
        try {
          body[f.name] = JSON.parse(text)
        } catch {
          errors[f.name] = 'Invalid JSON.'
        }
        continue
      }
      if (f.type === 'number') {
        body[f.name] = v === null || v === '' ? 0 : v
        continue
      }
      body[f.name] = v
    }
    if (Object.keys(errors).length) {
      this._errors = errors
      return null
    }
    return body
  }

  private _fileBody(f: CollectionField, body: Record<string, unknown>): void {
    const { keep, add } = this._files[f.name] ?? { keep: [], add: [] }
    const stored = this._record?.[f.name]
    const before = Array.isArray(stored) ? (stored as string[]) : stored ? [stored as string] : []
    if (!isMulti(f)) {
      if (add.length > 0) {
        body[f.name] = add[0]
      } else if (before.length > 0 && keep.length === 0) {
        body[f.name] = ''
      }
      return
    }
    const removed = before.filter((n) => !keep.includes(n))
    if (removed.length > 0) {
      body[`${f.name}-`] = removed
    }
    if (add.length > 0) {
      body[`${f.name}+`] = add
    }
  }

  private async _save(e?: Event): Promise<void> {
    e?.preventDefault()
    if (this._saving || this._readOnly) {
      return
    }
    const body = this._body()
    if (!body) {
      return
    }
    const c = this._collection!
    this._saving = true
    this._errors = {}
    this._error = ''
    try {
      const saved = this._record
        ? await pb.collection(c.id).update(this._record.id, body)
        : await pb.collection(c.id).create(body)
      toast(this._record ? 'Record saved.' : 'Record created.')
      this.dispatchEvent(new CustomEvent<RecordModel>('saved', { detail: saved }))
      this._close()
    } catch (err) {
      this._errors = fieldErrors(err)
      this._error = errorMessage(err)
    } finally {
      this._saving = false
    }
  }

  private async _delete(): Promise<void> {
    const r = this._record
    if (!r) {
      return
    }
    const ok = await confirmDialog(`Delete record ${r.id}? This can not be undone.`, {
      confirmLabel: 'Delete',
      danger: true,
    })
    if (!ok) {
      return
    }
    try {
      await pb.collection(this._collection!.id).delete(r.id)
      toast('Record deleted.')
      this.dispatchEvent(new CustomEvent('deleted'))
      this._close()
    } catch (err) {
      this._error = errorMessage(err)
    }
  }

  private async _authAction(kind: 'verification' | 'reset'): Promise<void> {
    const email = String(this._record?.email ?? '')
    const coll = pb.collection(this._collection!.id)
    try {
      if (kind === 'verification') {
        await coll.requestVerification(email)
        toast(`Verification email sent to ${email}.`)
      } else {
        await coll.requestPasswordReset(email)
        toast(`Password reset email sent to ${email}.`)
      }
    } catch (err) {
      toast(errorMessage(err), 'error')
    }
  }

  override render() {
    const c = this._collection
    const title = !c
      ? ''
      : this._readOnly
        ? `${c.name} record`
        : this._record
          ? `Edit ${c.name} record`
          : `New ${c.name} record`
    return html`<dialog class="drawer" aria-label=${title}
      @cancel=${(e: Event) => {
        e.preventDefault()
        this._close()
      }}>
      ${c && this.open ? this._content(c, title) : nothing}
    </dialog>`
  }

  private _content(c: CollectionModel, title: string) {
    const r = this._record
    return html`<div class="dlg-head">
        <h2>${title}</h2>
        ${this._loading ? html`<span class="faint" role="status">loading…</span>` : nothing}
        <span class="spacer"></span>
        <button class="icon-btn" aria-label="Close" @click=${this._close}>${icon('close', 18)}</button>
      </div>
      <form class="dlg-body form" id="record-form" @submit=${this._save} novalidate>
        ${this._error ? html`<p class="alert danger" role="alert">${this._error}</p>` : nothing}
        ${c.fields.map((f) => this._input(f))}
        ${this._isAuth && !c.fields.some((f) => f.name === 'verified') ? this._passwordBox() : nothing}
      </form>
      <div class="dlg-foot">
        ${r && !this._readOnly
          ? html`<button class="btn danger sm" @click=${this._delete}>${icon('trash', 14)} Delete</button>`
          : nothing}
        ${r && this._isAuth ? this._authMenu(c, r) : nothing}
        <span class="spacer"></span>
        <button class="btn ghost" @click=${this._close}>${this._readOnly ? 'Close' : 'Cancel'}</button>
        ${this._readOnly
          ? nothing
          : html`<button class="btn primary ${this._saving ? 'busy' : ''}" type="submit" form="record-form"
              ?disabled=${this._saving}>${r ? 'Save changes' : 'Create'}</button>`}
      </div>`
  }

  /** The auth record actions, in a menu that opens upwards from the footer. */
  private _authMenu(c: CollectionModel, r: RecordModel) {
    const run = (fn: () => void) => () => {
      this._menu = false
      fn()
    }
    return html`<div class="menu-anchor" @keydown=${(e: KeyboardEvent) => {
      if (e.key === 'Escape' && this._menu) {
        // note: closes the menu only, not the drawer
        e.preventDefault()
        e.stopPropagation()
        this._menu = false
      }
    }}>
      <button class="btn ghost sm" aria-haspopup="menu" aria-expanded=${this._menu ? 'true' : 'false'}
        @click=${() => (this._menu = !this._menu)}>${icon('more', 14)} Auth actions</button>
      ${this._menu
        ? html`<div class="card up-menu" role="menu" aria-label="Auth actions">
            ${c.name !== '_superusers' && !r.verified && r.email
              ? html`<button role="menuitem" @click=${run(() => void this._authAction('verification'))}>
                  ${icon('mail', 14)} Send verification email
                </button>`
              : nothing}
            ${r.email
              ? html`<button role="menuitem" @click=${run(() => void this._authAction('reset'))}>
                  ${icon('mail', 14)} Send password reset email
                </button>`
              : nothing}
            <button role="menuitem" @click=${run(() => void impersonate(c, r))}>
              ${icon('idCard', 14)} Impersonate
            </button>
          </div>`
        : nothing}
    </div>`
  }

  private _input(f: CollectionField) {
    const r = this._record
    const ro = this._readOnly
    const err = this._errors[f.name] ?? ''
    const set = (v: unknown) => (this._data = { ...this._data, [f.name]: v })
    if (f.name === 'id') {
      return r
        ? html`<div class="meta">
            <span>id</span><code>${r.id}</code>
            <button class="icon-btn sm" aria-label="Copy id"
              @click=${() => void navigator.clipboard?.writeText(r.id).then(() => toast('Copied.'))}>
              ${icon('copy', 14)}
            </button>
          </div>`
        : html`<pb-field-input .field=${{ ...f, required: false, help: 'Leave empty to generate one.' }} .value=${this._data.id}
            .error=${err} @value-change=${(e: CustomEvent) => set(e.detail)}></pb-field-input>`
    }
    if (this._isAuth && AUTH_SPECIAL.has(f.name) && f.system) {
      return nothing
    }
    if (f.type === 'autodate' && !r) {
      return nothing
    }
    if (f.type === 'file') {
      return html`<pb-file-input .field=${f} .record=${r} .value=${this._files[f.name]} .error=${err}
        ?readonly=${ro}
        @value-change=${(e: CustomEvent<FileValue>) => (this._files = { ...this._files, [f.name]: e.detail })}
      ></pb-file-input>`
    }
    if (f.type === 'relation') {
      const exp = r?.expand?.[f.name] as RecordModel | RecordModel[] | undefined
      return html`<pb-relation-input .field=${f} .value=${this._data[f.name] as string | string[]}
        .known=${Array.isArray(exp) ? exp : exp ? [exp] : []} .error=${err} ?readonly=${ro}
        @value-change=${(e: CustomEvent) => set(e.detail)}></pb-relation-input>`
    }
    const input = html`<pb-field-input .field=${f} .value=${this._data[f.name]} .error=${err}
      ?readonly=${ro} @value-change=${(e: CustomEvent) => set(e.detail)}></pb-field-input>`
    // the password inputs of auth records go right after the email/verified system fields
    return this._isAuth && f.system && f.name === 'verified' ? html`${input}${this._passwordBox()}` : input
  }

  private _passwordBox() {
    const err = this._errors.password ?? ''
    const isNew = !this._record
    const show = isNew || this._changePassword
    const confirmErr = this._errors.passwordConfirm ?? ''
    return html`<div class="auth-box">
      ${isNew
        ? nothing
        : html`<label class="switch">
            <input type="checkbox" .checked=${this._changePassword}
              @change=${(e: Event) => (this._changePassword = (e.target as HTMLInputElement).checked)} />
            Change password
          </label>`}
      ${show
        ? html`<div class="grid2">
            <pb-field-input .field=${passwordField('password')}
              .value=${this._data.password} .error=${err}
              @value-change=${(e: CustomEvent) => (this._data = { ...this._data, password: e.detail })}></pb-field-input>
            <pb-field-input .field=${passwordField('passwordConfirm')}
              .value=${this._data.passwordConfirm} .error=${confirmErr}
              @value-change=${(e: CustomEvent) => (this._data = { ...this._data, passwordConfirm: e.detail })}></pb-field-input>
          </div>`
        : nothing}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-record-editor': PbRecordEditor
  }
}
