import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, query, queryAll, state } from 'lit/decorators.js'
import type { AuthCollectionModel, CollectionField, CollectionModel } from 'pocketbase'
import { icon } from '../icons.js'
import { collections } from '../lib/collections-store.js'
import { errorMessage, errorsUnder, fieldErrors, type FieldErrors } from '../lib/errors.js'
import { FIELD_TYPES, newField, timestampFields, type FieldType } from '../lib/field-types.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'
import { confirmDialog } from './pb-confirm.js'
import './pb-auth-options.js'
import './pb-field-card.js'
import type { PbFieldCard } from './pb-field-card.js'
import './pb-indexes-editor.js'
import type { PbRuleInput } from './pb-rule-input.js'
import './pb-rule-input.js'
import './pb-rules-help.js'

type Tab = 'fields' | 'query' | 'rules' | 'options' | 'indexes'
type Rules = Record<string, string | null>

const RULES: { key: string; label: string; empty: string; auth?: boolean }[] = [
  { key: 'listRule', label: 'List/Search rule', empty: 'Empty: everyone, including guests, can list records.' },
  { key: 'viewRule', label: 'View rule', empty: 'Empty: everyone, including guests, can view a record.' },
  { key: 'createRule', label: 'Create rule', empty: 'Empty: everyone, including guests, can create records.' },
  { key: 'updateRule', label: 'Update rule', empty: 'Empty: everyone, including guests, can update records.' },
  { key: 'deleteRule', label: 'Delete rule', empty: 'Empty: everyone, including guests, can delete records.' },
  {
    key: 'authRule',
    label: 'Authentication rule',
    empty: 'Empty: every record of this collection may sign in.',
    auth: true,
  },
  {
    key: 'manageRule',
    label: 'Manage rule',
    empty: 'A manage rule can not be empty: lock it or write a filter.',
    auth: true,
  },
]

/**
 * Drawer to create or edit a collection: name and type, fields (or the SQL query of a view), API
 * rules with syntax help, auth options and indexes. Saving sends the whole collection through the
 * SDK; server validation errors are shown next to the field or rule they belong to.
 * Emits `saved` (detail: the collection) and `deleted`.
 */
@customElement('pb-collection-editor')
export class PbCollectionEditor extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .name-row {
        display: flex;
        gap: 12px;
        align-items: flex-start;
        margin-bottom: 16px;
        flex-wrap: wrap;
      }
      .name-row .field:first-child {
        flex: 1;
        min-width: 200px;
      }
      .types {
        display: flex;
        gap: 0;
        border: 1px solid var(--border-strong);
        border-radius: var(--radius-sm);
        overflow: hidden;
      }
      .types button {
        border: 0;
        padding: 8px 14px;
        background: var(--surface);
        font: inherit;
        cursor: pointer;
        color: var(--fg-muted);
      }
      .types button[aria-pressed='true'] {
        background: var(--accent);
        color: #fff;
      }
      .tabs {
        margin: 0 -18px 16px;
        padding: 0 18px;
      }
      .fields {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .type-menu {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        gap: 6px;
        padding: 10px;
        margin-top: 4px;
      }
      .type-menu button {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 8px 10px;
        border: 1px solid var(--border);
        border-radius: var(--radius-sm);
        background: var(--surface);
        font: inherit;
        text-align: left;
        cursor: pointer;
      }
      .type-menu button:hover,
      .type-menu button:focus-visible {
        border-color: var(--accent);
        background: var(--accent-soft);
      }
      .rules {
        display: flex;
        flex-direction: column;
        gap: 16px;
      }
      .danger-zone {
        display: flex;
        gap: 8px;
      }
    `,
  ]

  @state() private _draft: CollectionModel | null = null
  @state() private _original: CollectionModel | null = null
  @state() private _tab: Tab = 'fields'
  @state() private _errors: FieldErrors = {}
  @state() private _error = ''
  @state() private _saving = false
  @state() private _typeMenu = false

  @query('dialog') private _dialog!: HTMLDialogElement
  @queryAll('pb-field-card') private _cards!: NodeListOf<PbFieldCard>
  #lastRule: PbRuleInput | null = null
  #scaffolds: Record<string, CollectionModel> | null = null

  /** the open state, for tests and the parent */
  @property({ type: Boolean, reflect: true }) open = false

  /** Opens the editor on a copy of `collection`, or on a new base collection. */
  async edit(collection: CollectionModel | null): Promise<void> {
    this._errors = {}
    this._error = ''
    this._tab = 'fields'
    this._typeMenu = false
    if (collection) {
      this._original = collection
      this._draft = structuredClone(collection)
      this._tab = collection.type === 'view' ? 'query' : 'fields'
    } else {
      this._original = null
      this._draft = await this._scaffold('base')
    }
    this.open = true
    await this.updateComplete
    if (!this._dialog.open) {
      this._dialog.showModal()
    }
    if (!collection) {
      this.renderRoot.querySelector<HTMLInputElement>('#coll-name')?.focus()
    }
  }

  private async _scaffold(type: string): Promise<CollectionModel> {
    this.#scaffolds ??= (await pb.collections.getScaffolds()) as unknown as Record<string, CollectionModel>
    const base = structuredClone(this.#scaffolds[type]) as CollectionModel
    base.name = this._draft?.name ?? ''
    if (type !== 'view') {
      // note: like PocketBase's dashboard, new collections get created/updated autodate fields
      base.fields = [...base.fields, ...timestampFields()]
    }
    // the scaffold's indexes belong to no table yet; the server names them after the collection
    return base
  }

  private async _setType(type: string): Promise<void> {
    if (this._draft?.type === type) {
      return
    }
    const prev = this._draft
    const next = await this._scaffold(type)
    // keep the user's own fields when switching between base and auth
    if (prev && type !== 'view' && prev.type !== 'view') {
      const names = new Set(next.fields.map((f) => f.name))
      next.fields = [...next.fields, ...prev.fields.filter((f) => !f.system && !names.has(f.name))]
    }
    this._draft = next
    this._tab = type === 'view' ? 'query' : 'fields'
  }

  private _close(): void {
    this._dialog.close()
    this.open = false
    this._draft = null
  }

  private _update(patch: Partial<CollectionModel> | Rules): void {
    if (this._draft) {
      this._draft = { ...this._draft, ...patch } as CollectionModel
    }
  }

  private _setField(i: number, field: CollectionField): void {
    const fields = [...this._draft!.fields]
    fields[i] = field
    this._update({ fields })
  }

  private _addField(type: FieldType): void {
    const fields = this._draft!.fields
    let n = 1
    let name = 'field'
    while (fields.some((f) => f.name === name)) {
      name = `field${++n}`
    }
    // new fields go before the trailing autodate fields, as users usually want
    let at = fields.length
    while (at > 0 && fields[at - 1]!.type === 'autodate' && !fields[at - 1]!.system) {
      at--
    }
    const next = [...fields]
    next.splice(at, 0, newField(type, name))
    this._update({ fields: next })
    this._typeMenu = false
    void this.updateComplete.then(() => this._cards[at]?.focusName())
  }

  private _moveField(i: number, dir: number): void {
    const fields = [...this._draft!.fields]
    const j = i + dir
    if (j < 0 || j >= fields.length) {
      return
    }
    ;[fields[i], fields[j]] = [fields[j]!, fields[i]!]
    this._update({ fields })
  }

  private async _save(): Promise<void> {
    const draft = this._draft
    if (!draft || this._saving) {
      return
    }
    const original = this._original
    if (original && original.type !== 'view') {
      const kept = new Set(draft.fields.map((f) => f.id).filter((id) => id))
      const removed = original.fields.filter((f) => !kept.has(f.id))
      const renamed = original.name !== draft.name
      if (removed.length > 0 || renamed) {
        const lines = [
          renamed ? `Rename the collection "${original.name}" to "${draft.name}".` : '',
          removed.length
            ? `Delete the field(s) ${removed.map((f) => `"${f.name}"`).join(', ')} and all their data.`
            : '',
        ].filter((l) => l)
        const ok = await confirmDialog(`${lines.join('\n')}\n\nRules that refer to old names must be updated too.`, {
          confirmLabel: 'Save changes',
          danger: removed.length > 0,
        })
        if (!ok) {
          return
        }
      }
    }
    this._saving = true
    this._errors = {}
    this._error = ''
    try {
      const body = { ...draft } as Record<string, unknown>
      delete body.created
      delete body.updated
      const saved = original
        ? await pb.collections.update(original.id, body)
        : await pb.collections.create(body)
      await collections.reload()
      toast(original ? `Collection "${saved.name}" saved.` : `Collection "${saved.name}" created.`)
      this.dispatchEvent(new CustomEvent<CollectionModel>('saved', { detail: saved }))
      this._close()
    } catch (err) {
      this._errors = fieldErrors(err)
      this._error = errorMessage(err)
      // stay on the current tab when it shows an error, else jump to the first tab that does
      this._tab = this._tabErrors(this._tab) ? this._tab : (this._tabWithError() ?? this._tab)
    } finally {
      this._saving = false
    }
  }

  private _tabErrors(tab: Tab): boolean {
    const keys = Object.keys(this._errors)
    switch (tab) {
      case 'fields':
        return keys.some((k) => k.startsWith('fields'))
      case 'query':
        return keys.some((k) => k.startsWith('viewQuery') || k.startsWith('fields'))
      case 'rules':
        return keys.some((k) => /Rule$/.test(k))
      case 'indexes':
        return keys.some((k) => k.startsWith('indexes'))
      case 'options':
        return keys.some((k) =>
          /^(passwordAuth|oauth2|otp|mfa|authAlert|\w+Token|\w+Template)/.test(k),
        )
    }
  }

  private _tabWithError(): Tab | undefined {
    const tabs: Tab[] = ['fields', 'query', 'rules', 'options', 'indexes']
    return tabs.find((t) => this._tabs().includes(t) && this._tabErrors(t))
  }

  private _tabs(): Tab[] {
    const t = this._draft?.type
    if (t === 'view') {
      return ['query', 'rules']
    }
    return t === 'auth' ? ['fields', 'rules', 'options', 'indexes'] : ['fields', 'rules', 'indexes']
  }

  private async _delete(): Promise<void> {
    const c = this._original
    if (!c) {
      return
    }
    const ok = await confirmDialog(
      `Delete the collection "${c.name}" with all its records and files?\nThis can not be undone.`,
      { confirmLabel: 'Delete collection', danger: true },
    )
    if (!ok) {
      return
    }
    try {
      await pb.collections.delete(c.id)
      await collections.reload()
      toast(`Collection "${c.name}" deleted.`)
      this.dispatchEvent(new CustomEvent('deleted'))
      this._close()
    } catch (err) {
      this._error = errorMessage(err)
    }
  }

  private async _truncate(): Promise<void> {
    const c = this._original
    if (!c) {
      return
    }
    const ok = await confirmDialog(`Delete ALL records of "${c.name}"? The collection stays.`, {
      confirmLabel: 'Delete all records',
      danger: true,
    })
    if (!ok) {
      return
    }
    try {
      await pb.collections.truncate(c.id)
      toast(`All records of "${c.name}" deleted.`)
      this.dispatchEvent(new CustomEvent<CollectionModel>('saved', { detail: c }))
    } catch (err) {
      this._error = errorMessage(err)
    }
  }

  override render() {
    const d = this._draft
    return html`<dialog
      class="drawer"
      aria-label=${this._original ? `Edit collection ${this._original.name}` : 'New collection'}
      @cancel=${(e: Event) => {
        e.preventDefault()
        this._close()
      }}
    >
      ${d ? this._content(d) : nothing}
    </dialog>`
  }

  private _content(d: CollectionModel) {
    const isNew = !this._original
    const tabs = this._tabs()
    const labels: Record<Tab, string> = {
      fields: 'Fields',
      query: 'Query',
      rules: 'API rules',
      options: 'Options',
      indexes: 'Indexes',
    }
    return html`<div class="dlg-head">
        <h2>${isNew ? 'New collection' : `Edit ${this._original!.name}`}</h2>
        ${d.system ? html`<span class="chip">system</span>` : nothing}
        <span class="spacer"></span>
        <button class="icon-btn" aria-label="Close" @click=${this._close}>${icon('close', 18)}</button>
      </div>
      <div class="dlg-body">
        ${this._error ? html`<p class="alert danger" role="alert">${this._error}</p>` : nothing}
        <div class="name-row">
          <div class="field ${this._errors.name ? 'invalid' : ''}">
            <label for="coll-name">Name</label>
            <input id="coll-name" spellcheck="false" placeholder="e.g. posts" .value=${d.name}
              ?readonly=${d.system}
              @input=${(e: Event) => this._update({ name: (e.target as HTMLInputElement).value })} />
            ${this._errors.name ? html`<span class="error">${this._errors.name}</span>` : nothing}
          </div>
          <div class="field">
            <span class="label">Type</span>
            ${isNew
              ? html`<div class="types" role="group" aria-label="Collection type">
                  ${(['base', 'auth', 'view'] as const).map(
                    (t) => html`<button type="button" aria-pressed=${d.type === t ? 'true' : 'false'}
                      @click=${() => void this._setType(t)}>${t[0]!.toUpperCase() + t.slice(1)}</button>`,
                  )}
                </div>`
              : html`<span class="chip accent" style="margin-top: 8px">${d.type}</span>`}
          </div>
        </div>
        <div class="tabs" role="tablist">
          ${tabs.map(
            (t) => html`<button role="tab" aria-selected=${this._tab === t ? 'true' : 'false'}
              class=${this._tabErrors(t) ? 'has-error' : ''} @click=${() => (this._tab = t)}>
              ${labels[t]}
            </button>`,
          )}
        </div>
        <div role="tabpanel">${this._tabContent(d)}</div>
      </div>
      <div class="dlg-foot">
        ${!isNew && !d.system
          ? html`<div class="danger-zone">
              <button class="btn danger sm" @click=${this._delete}>${icon('trash', 14)} Delete</button>
              ${d.type !== 'view'
                ? html`<button class="btn ghost sm" @click=${this._truncate}>Delete all records</button>`
                : nothing}
            </div>`
          : nothing}
        <span class="spacer"></span>
        <button class="btn ghost" @click=${this._close}>Cancel</button>
        <button class="btn primary ${this._saving ? 'busy' : ''}" ?disabled=${this._saving}
          @click=${this._save}>
          ${isNew ? 'Create' : 'Save changes'}
        </button>
      </div>`
  }

  private _tabContent(d: CollectionModel) {
    switch (this._tab) {
      case 'fields':
        return this._fieldsTab(d)
      case 'query':
        return this._queryTab(d)
      case 'rules':
        return this._rulesTab(d)
      case 'options':
        return html`<pb-auth-options
          .collection=${d as AuthCollectionModel}
          .errors=${this._errors}
          @options-change=${(e: CustomEvent<CollectionModel>) => (this._draft = e.detail)}
        ></pb-auth-options>`
      case 'indexes':
        return html`<pb-indexes-editor
          .collection=${d}
          .errors=${errorsUnder(this._errors, 'indexes')}
          @indexes-change=${(e: CustomEvent<string[]>) => this._update({ indexes: e.detail })}
        ></pb-indexes-editor>`
    }
  }

  private _fieldsTab(d: CollectionModel) {
    const all = collections.list
    return html`<div class="fields">
      ${this._errors.fields ? html`<p class="alert danger">${this._errors.fields}</p>` : nothing}
      ${d.fields.map(
        (f, i) => html`<pb-field-card
          .field=${f}
          .collections=${all}
          .collectionType=${d.type}
          .errors=${errorsUnder(this._errors, `fields.${i}`)}
          ?first=${i === 0}
          ?last=${i === d.fields.length - 1}
          @field-change=${(e: CustomEvent<CollectionField>) => this._setField(i, e.detail)}
          @field-remove=${() => this._update({ fields: d.fields.filter((_, j) => j !== i) })}
          @field-move=${(e: CustomEvent<number>) => this._moveField(i, e.detail)}
        ></pb-field-card>`,
      )}
      <div>
        <button class="btn block" aria-expanded=${this._typeMenu ? 'true' : 'false'}
          @click=${() => (this._typeMenu = !this._typeMenu)}>
          ${icon('plus')} New field
        </button>
        ${this._typeMenu
          ? html`<div class="card type-menu" role="menu" aria-label="Field type">
              ${FIELD_TYPES.map(
                (t) => html`<button role="menuitem" title=${t.hint} @click=${() => this._addField(t.type)}>
                  ${icon(t.icon)} ${t.label}
                </button>`,
              )}
            </div>`
          : nothing}
      </div>
    </div>`
  }

  private _queryTab(d: CollectionModel) {
    const err = this._errors.viewQuery
    const q = (d as CollectionModel & { viewQuery?: string }).viewQuery ?? ''
    return html`<div class="stack">
      <div class="field ${err ? 'invalid' : ''}">
        <label for="view-query">Select query</label>
        <textarea id="view-query" class="code" rows="10" spellcheck="false"
          placeholder="SELECT id, title, created FROM posts WHERE published = true"
          .value=${q}
          @input=${(e: Event) =>
            this._update({ viewQuery: (e.target as HTMLTextAreaElement).value } as Partial<CollectionModel>)}
        ></textarea>
        ${err ? html`<span class="error">${err}</span>` : nothing}
      </div>
      <div class="alert info">
        The query must return an <code>id</code> column with unique values; its other columns become
        the read-only fields of the view. Wildcards (<code>*</code>) are not allowed.
      </div>
      ${d.fields.length > 0
        ? html`<div>
            <div class="label" style="margin-bottom: 6px">Fields from the last save</div>
            <div class="row" style="flex-wrap: wrap">
              ${d.fields.map((f) => html`<span class="chip">${f.name}: ${f.type}</span>`)}
            </div>
          </div>`
        : nothing}
    </div>`
  }

  private _rulesTab(d: CollectionModel) {
    const rules = d as unknown as Rules
    const isView = d.type === 'view'
    return html`<div class="rules"
      @focusin=${(e: Event) => {
        const el = e.composedPath().find((n) => (n as HTMLElement).tagName === 'PB-RULE-INPUT')
        if (el) {
          this.#lastRule = el as PbRuleInput
        }
      }}>
      ${d.system
        ? html`<p class="alert warning">The rules of system collections can not be changed.</p>`
        : nothing}
      <pb-rules-help .collection=${d} .collections=${collections.list}
        @insert=${(e: CustomEvent<string>) => this.#lastRule?.insert(e.detail)}></pb-rules-help>
      ${RULES.filter((r) => !r.auth || d.type === 'auth').map((r) => {
        const writeOnView = isView && ['createRule', 'updateRule', 'deleteRule'].includes(r.key)
        return html`<pb-rule-input
          .label=${r.label}
          .value=${rules[r.key] ?? null}
          .emptyHint=${r.empty}
          .error=${this._errors[r.key] ?? ''}
          ?lockedOnly=${writeOnView}
          @rule-change=${(e: CustomEvent<string | null>) => this._update({ [r.key]: e.detail })}
        ></pb-rule-input>`
      })}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-collection-editor': PbCollectionEditor
  }
}
