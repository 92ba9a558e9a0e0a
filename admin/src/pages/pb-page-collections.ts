import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { CollectionModel, RecordModel } from 'pocketbase'
import '../components/pb-api-preview.js'
import type { PbApiPreview } from '../components/pb-api-preview.js'
import '../components/pb-collection-editor.js'
import type { PbCollectionEditor } from '../components/pb-collection-editor.js'
import '../components/pb-collections-sidebar.js'
import '../components/pb-record-editor.js'
import type { PbRecordEditor } from '../components/pb-record-editor.js'
import '../components/pb-records-list.js'
import type { PbRecordsList } from '../components/pb-records-list.js'
import { icon } from '../icons.js'
import { collections, CollectionsController } from '../lib/collections-store.js'
import { href, navigate } from '../lib/router.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * The collections screen: the sidebar of collections and the records of the selected one, with
 * the collection and record editors.
 */
@customElement('pb-page-collections')
export class PbPageCollections extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        min-height: 0;
        height: 100%;
      }
      .main {
        flex: 1;
        min-width: 0;
        display: flex;
        flex-direction: column;
        gap: 14px;
        padding: 20px 24px 16px;
        overflow: auto;
      }
      header {
        display: flex;
        align-items: center;
        gap: 10px;
        flex-wrap: wrap;
      }
      header h1 {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .crumb {
        color: var(--fg-faint);
        font-weight: 400;
      }
      .toggle-sidebar {
        display: none;
      }
      .welcome {
        margin: auto;
        max-width: 420px;
        text-align: center;
        display: flex;
        flex-direction: column;
        gap: 12px;
        align-items: center;
      }
      @media (max-width: 900px) {
        pb-collections-sidebar {
          position: fixed;
          z-index: 20;
          top: 0;
          bottom: 0;
          left: 0;
          box-shadow: var(--shadow-lg);
          transform: translateX(-105%);
          transition: transform 0.18s;
        }
        pb-collections-sidebar.shown {
          transform: none;
        }
        .scrim {
          position: fixed;
          inset: 0;
          z-index: 19;
          background: rgb(20 24 36 / 35%);
        }
        .toggle-sidebar {
          display: inline-flex;
        }
        .main {
          padding: 14px 12px;
        }
      }
    `,
  ]

  /** id or name of the selected collection (from the route) */
  @property() collectionId = ''
  /** route query (filter, sort, page) */
  @property({ attribute: false }) query = new URLSearchParams()

  @state() private _sidebar = false
  @query('pb-collection-editor') private _collEditor!: PbCollectionEditor
  @query('pb-record-editor') private _recEditor!: PbRecordEditor
  @query('pb-records-list') private _list?: PbRecordsList
  @query('pb-api-preview') private _apiPreview!: PbApiPreview

  constructor() {
    super()
    new CollectionsController(this)
  }

  override willUpdate(): void {
    if (!collections.loaded) {
      return
    }
    const current = this.collectionId ? collections.find(this.collectionId) : undefined
    if (!current) {
      const first = collections.list.find((c) => !c.system) ?? collections.list.find((c) => c.name === 'users')
      if (first && (!this.collectionId || collections.loaded)) {
        queueMicrotask(() => {
          // note: only while still on this screen: the list may finish loading after the user moved on
          if (this.isConnected && /^#\/collections(\/|\?|$)/.test(location.hash)) {
            navigate(href(['collections', first.name]), true)
          }
        })
      }
    }
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('collectionId')) {
      this._sidebar = false
    }
  }

  private _onSaved(c: CollectionModel): void {
    navigate(href(['collections', c.name]))
    this._list?.refresh()
  }

  override render() {
    const current = this.collectionId ? collections.find(this.collectionId) : undefined
    return html`<pb-collections-sidebar
        class=${this._sidebar ? 'shown' : ''}
        .activeId=${current?.id ?? ''}
        @click=${(e: Event) => {
          // on narrow screens the sidebar is an overlay: following a link closes it
          if (e.composedPath().some((n) => (n as HTMLElement).tagName === 'A')) {
            this._sidebar = false
          }
        }}
        @new-collection=${() => {
          this._sidebar = false
          void this._collEditor.edit(null)
        }}
      ></pb-collections-sidebar>
      ${this._sidebar ? html`<div class="scrim" @click=${() => (this._sidebar = false)}></div>` : nothing}
      <section class="main">
        ${current ? this._collection(current) : this._welcome()}
      </section>
      <pb-collection-editor
        @saved=${(e: CustomEvent<CollectionModel>) => this._onSaved(e.detail)}
        @deleted=${() => navigate(href(['collections']), true)}
      ></pb-collection-editor>
      <pb-record-editor
        @saved=${() => this._list?.refresh()}
        @deleted=${() => this._list?.refresh()}
      ></pb-record-editor>
      <pb-api-preview></pb-api-preview>`
  }

  private _toggle() {
    return html`<button class="btn toggle-sidebar" aria-label="Show collections"
      @click=${() => (this._sidebar = !this._sidebar)}>${icon('menu')}</button>`
  }

  private _welcome() {
    if (!collections.loaded) {
      return html`<div class="welcome muted">${collections.error || 'Loading collections…'}</div>`
    }
    return html`<header>${this._toggle()}</header>
      <div class="welcome">
        <h1>No collections yet</h1>
        <p class="muted">Collections hold your records. Create one to get started.</p>
        <button class="btn primary" @click=${() => void this._collEditor.edit(null)}>
          ${icon('plus')} New collection
        </button>
      </div>`
  }

  private _collection(c: CollectionModel) {
    return html`<header>
        ${this._toggle()}
        <h1><span class="crumb">Collections /</span> ${c.name}</h1>
        <span class="chip">${c.type}</span>
        <button class="icon-btn" aria-label="Edit collection" title="Edit collection"
          @click=${() => void this._collEditor.edit(c)}>${icon('settings', 18)}</button>
        <span class="spacer"></span>
        <button class="btn" @click=${() => void this._apiPreview.show(c)}>${icon('code')} API preview</button>
        ${c.type === 'view'
          ? nothing
          : html`<button class="btn primary" @click=${() => void this._recEditor.edit(c, null)}>
              ${icon('plus')} New record
            </button>`}
      </header>
      <pb-records-list
        .collection=${c}
        .query=${this.query}
        @open-record=${(e: CustomEvent<RecordModel>) => void this._recEditor.edit(c, e.detail)}
      ></pb-records-list>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-collections': PbPageCollections
  }
}
