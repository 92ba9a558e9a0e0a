import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CollectionModel } from 'pocketbase'
import { icon, type IconName } from '../icons.js'
import { collections, CollectionsController } from '../lib/collections-store.js'
import { href } from '../lib/router.js'
import { sharedStyles } from '../styles/shared.js'

const TYPE_ICONS: Record<string, IconName> = { base: 'database', auth: 'users', view: 'eye' }

/**
 * The list of collections with a search box; system collections sit in a collapsible group.
 * Emits `new-collection` when its button is pressed.
 */
@customElement('pb-collections-sidebar')
export class PbCollectionsSidebar extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        width: 250px;
        flex: none;
        border-right: 1px solid var(--border);
        background: var(--surface);
        min-height: 0;
      }
      .search {
        position: relative;
        padding: 12px;
      }
      .search svg {
        position: absolute;
        left: 22px;
        top: 22px;
        color: var(--fg-faint);
      }
      .search input {
        padding-left: 32px;
        background: var(--surface-2);
        border-color: transparent;
      }
      .list {
        flex: 1;
        overflow: auto;
        padding: 0 8px 8px;
      }
      .group {
        display: flex;
        align-items: center;
        gap: 4px;
        width: 100%;
        padding: 10px 8px 4px;
        border: 0;
        background: none;
        color: var(--fg-faint);
        font: inherit;
        font-size: 11.5px;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        cursor: default;
      }
      button.group {
        cursor: pointer;
      }
      a.item {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 7px 8px;
        border-radius: var(--radius-sm);
        color: var(--fg);
        text-decoration: none;
        font-size: 13.5px;
      }
      a.item:hover {
        background: var(--surface-2);
      }
      a.item[aria-current='page'] {
        background: var(--accent-soft);
        color: var(--accent-hover);
        font-weight: 500;
      }
      a.item svg {
        color: var(--fg-faint);
      }
      a.item[aria-current='page'] svg {
        color: var(--accent);
      }
      a.item .nm {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .foot {
        padding: 12px;
        border-top: 1px solid var(--border);
      }
      .none {
        padding: 8px;
        color: var(--fg-faint);
        font-size: 13px;
      }
    `,
  ]

  /** id of the collection shown on the page */
  @property() activeId = ''

  @state() private _search = ''
  @state() private _showSystem = false

  constructor() {
    super()
    new CollectionsController(this)
  }

  private _item(c: CollectionModel) {
    return html`<a
      class="item"
      href=${href(['collections', c.name])}
      aria-current=${c.id === this.activeId ? 'page' : nothing}
      title=${c.name}
    >
      ${icon(TYPE_ICONS[c.type] ?? 'database')}<span class="nm">${c.name}</span>
    </a>`
  }

  override render() {
    const q = this._search.trim().toLowerCase()
    const matches = collections.list.filter((c) => !q || c.name.toLowerCase().includes(q))
    const own = matches.filter((c) => !c.system)
    const system = matches.filter((c) => c.system)
    const showSystem = this._showSystem || q !== '' || system.some((c) => c.id === this.activeId)
    return html`<div class="search" role="search">
        ${icon('search', 14)}
        <input type="search" aria-label="Search collections" placeholder="Search collections…"
          .value=${this._search}
          @input=${(e: Event) => (this._search = (e.target as HTMLInputElement).value)} />
      </div>
      <nav class="list" aria-label="Collections">
        ${collections.error ? html`<div class="none error-text">${collections.error}</div>` : nothing}
        <div class="group">Collections</div>
        ${own.map((c) => this._item(c))}
        ${own.length === 0 && collections.loaded
          ? html`<div class="none">${q ? 'No matches.' : 'No collections yet.'}</div>`
          : nothing}
        ${system.length
          ? html`<button class="group" aria-expanded=${showSystem ? 'true' : 'false'}
                @click=${() => (this._showSystem = !this._showSystem)}>
                System ${icon(showSystem ? 'chevronUp' : 'chevronDown', 12)}
              </button>
              ${showSystem ? system.map((c) => this._item(c)) : nothing}`
          : nothing}
      </nav>
      <div class="foot">
        <button class="btn block" @click=${() => this.dispatchEvent(new CustomEvent('new-collection'))}>
          ${icon('plus')} New collection
        </button>
      </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-collections-sidebar': PbCollectionsSidebar
  }
}
