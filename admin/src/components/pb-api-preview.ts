import { LitElement, css, html, nothing } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import type { CollectionModel } from 'pocketbase'
import { icon } from '../icons.js'
import { apiActions, type ApiAction, type ApiParam } from '../lib/api-docs.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * The API preview of a collection, in a drawer: one tab per endpoint (records CRUD, realtime, and the
 * auth endpoints of auth collections) with its method and URL, who may call it (the collection's
 * rule), a JS SDK example, the query and body parameters, and an example response.
 */
@customElement('pb-api-preview')
export class PbApiPreview extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      .dlg-body {
        display: flex;
        flex-direction: column;
        gap: 16px;
      }
      .endpoint {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 8px 10px;
        border-radius: var(--radius-sm);
        background: var(--surface-2);
        font-family: var(--mono);
        font-size: 13px;
        word-break: break-all;
      }
      .method {
        flex: none;
        padding: 2px 8px;
        border-radius: 999px;
        background: var(--accent);
        color: #fff;
        font-size: 11.5px;
        font-weight: 600;
      }
      .method.DELETE {
        background: var(--danger);
      }
      .method.PATCH {
        background: #b45309;
      }
      .method.GET {
        background: #047857;
      }
      pre {
        position: relative;
        margin: 0;
        padding: 12px;
        border-radius: var(--radius-sm);
        background: #1d2030;
        color: #e5e7f0;
        font: 12.5px/1.5 var(--mono);
        overflow: auto;
        max-height: 360px;
      }
      .code {
        position: relative;
      }
      .code .icon-btn {
        position: absolute;
        top: 6px;
        right: 6px;
        color: #c7cbe0;
      }
      h3 {
        margin-bottom: 6px;
      }
      .tabs {
        padding: 0 12px;
        flex: none;
      }
      td {
        white-space: normal;
        vertical-align: top;
      }
      td code {
        white-space: nowrap;
      }
    `,
  ]

  @state() private _collection: CollectionModel | null = null
  @state() private _tab = 'list'

  @query('dialog') private _dialog!: HTMLDialogElement

  /** Opens the preview of `collection`. */
  async show(collection: CollectionModel): Promise<void> {
    this._collection = collection
    this._tab = 'list'
    await this.updateComplete
    if (!this._dialog.open) {
      this._dialog.showModal()
    }
  }

  private _close(): void {
    this._dialog.close()
    this._collection = null
  }

  /** Arrow keys move between tabs, as a tablist should. */
  private _tabKey(e: KeyboardEvent, actions: ApiAction[]): void {
    const i = actions.findIndex((a) => a.id === this._tab)
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
    if (!step) {
      return
    }
    e.preventDefault()
    const next = actions[(i + step + actions.length) % actions.length]!
    this._tab = next.id
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>(`[role=tab][data-id="${next.id}"]`)?.focus(),
    )
  }

  override render() {
    const c = this._collection
    return html`<dialog class="drawer" aria-label=${c ? `API preview of ${c.name}` : 'API preview'}
      @cancel=${(e: Event) => {
        e.preventDefault()
        this._close()
      }}>
      ${c ? this._content(c) : nothing}
    </dialog>`
  }

  private _content(c: CollectionModel) {
    const actions = apiActions(c)
    const a = actions.find((x) => x.id === this._tab) ?? actions[0]!
    return html`<div class="dlg-head">
        <h2>API preview <span class="faint">${c.name}</span></h2>
        <span class="spacer"></span>
        <button class="icon-btn" aria-label="Close" @click=${this._close}>${icon('close', 18)}</button>
      </div>
      <div class="tabs" role="tablist" aria-label="Endpoints" @keydown=${(e: KeyboardEvent) => this._tabKey(e, actions)}>
        ${actions.map(
          (x) => html`<button role="tab" data-id=${x.id} aria-selected=${x.id === a.id ? 'true' : 'false'}
            tabindex=${x.id === a.id ? '0' : '-1'} aria-controls="api-panel"
            @click=${() => (this._tab = x.id)}>${x.label}</button>`,
        )}
      </div>
      <div class="dlg-body" role="tabpanel" id="api-panel" aria-label=${a.label}>${this._action(a)}</div>`
  }

  private _action(a: ApiAction) {
    return html`<div class="endpoint"><span class="method ${a.method}">${a.method}</span>
        <span>${a.path}</span></div>
      ${this._access(a)}
      <section>
        <h3>JS SDK</h3>
        ${this._code(`import PocketBase from 'pocketbase'\n\nconst pb = new PocketBase('${pb.baseURL}')\n\n...\n\n${a.sdk}`, 'SDK example')}
      </section>
      ${a.query.length ? this._params('Query parameters', a.query) : nothing}
      ${a.body.length ? this._params('Body parameters', a.body) : nothing}
      <section>
        <h3>Response <span class="chip">${a.status}</span></h3>
        ${a.response === undefined
          ? html`<p class="muted">No content.</p>`
          : this._code(JSON.stringify(a.response, null, 2), 'Example response')}
      </section>`
  }

  private _access(a: ApiAction) {
    if (a.rule === undefined) {
      return html`<p class="alert info">${a.note ?? ''}</p>`
    }
    if (a.rule === null) {
      return html`<p class="alert warning">${icon('lock', 14)} Superusers only (the rule is locked).</p>`
    }
    if (a.rule === '') {
      return html`<p class="alert info">Anyone can call it, guests included (the rule is empty).</p>`
    }
    return html`<div class="alert info">Superusers, and callers matching the rule:
      <pre style="margin-top: 6px">${a.rule}</pre></div>`
  }

  private _code(text: string, label: string) {
    return html`<div class="code">
      <pre aria-label=${label}>${text}</pre>
      <button class="icon-btn sm" aria-label=${`Copy ${label.toLowerCase()}`}
        @click=${() => void navigator.clipboard?.writeText(text).then(() => toast('Copied.'))}>
        ${icon('copy', 14)}
      </button>
    </div>`
  }

  private _params(title: string, params: ApiParam[]) {
    return html`<section>
      <h3>${title}</h3>
      <div class="table-wrap">
        <table aria-label=${title}>
          <thead><tr><th>Param</th><th>Type</th><th>Description</th></tr></thead>
          <tbody>
            ${params.map(
              (p) => html`<tr>
                <td><code>${p.name}</code>${p.required ? html` <span class="chip danger">Required</span>` : nothing}</td>
                <td class="mono">${p.type}</td>
                <td>${p.description}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-api-preview': PbApiPreview
  }
}
