import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { CollectionModel } from 'pocketbase'
import { sharedStyles } from '../styles/shared.js'

const OPERATORS: [string, string][] = [
  ['=', 'equal'],
  ['!=', 'not equal'],
  ['>', 'greater'],
  ['>=', 'greater or equal'],
  ['<', 'less'],
  ['<=', 'less or equal'],
  ['~', 'contains / like'],
  ['!~', 'does not contain'],
  ['?=', 'any equal'],
  ['?!=', 'any not equal'],
  ['?~', 'any contains'],
  ['&&', 'and'],
  ['||', 'or'],
]

const MACROS = ['@now', '@today', '@todayStart', '@todayEnd', '@monthStart', '@yearStart', '@yesterday', '@tomorrow']
const MODIFIERS = [':isset', ':changed', ':length', ':each', ':lower']

/**
 * Syntax help for API rules and filters: clickable names of this collection's fields, request
 * and collection placeholders, operators, macros and modifiers. Emits `insert` (detail: text).
 */
@customElement('pb-rules-help')
export class PbRulesHelp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        font-size: 12.5px;
      }
      details {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--surface-2);
      }
      summary {
        padding: 8px 12px;
        cursor: pointer;
        font-weight: 600;
        color: var(--fg-muted);
      }
      .content {
        padding: 0 12px 12px;
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .group-title {
        font-weight: 600;
        color: var(--fg-muted);
        margin-bottom: 4px;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      button.chip {
        border: 0;
        font-family: var(--mono);
        font-size: 12px;
        cursor: pointer;
      }
      button.chip:hover {
        background: var(--accent-soft);
        color: var(--accent-hover);
      }
      .ops {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
        gap: 2px 12px;
      }
    `,
  ]

  /** the collection the rules belong to */
  @property({ attribute: false }) collection?: CollectionModel
  /** all collections, for `@collection.*` */
  @property({ attribute: false }) collections: CollectionModel[] = []

  private _insert(text: string): void {
    this.dispatchEvent(new CustomEvent<string>('insert', { detail: text }))
  }

  private _chips(items: string[]) {
    return html`<div class="chips">
      ${items.map(
        (t) => html`<button class="chip" type="button" @click=${() => this._insert(t)}>${t}</button>`,
      )}
    </div>`
  }

  override render() {
    const fields = (this.collection?.fields ?? []).map((f) => f.name).filter((n) => n)
    const authFields = ['id', 'collectionName', 'email', 'verified']
    return html`<details>
      <summary>Rule syntax help</summary>
      <div class="content">
        <div>
          Empty rule: everyone may do it. Locked rule: superusers only. Otherwise a filter that the
          record and request must match, e.g.
          <code>@request.auth.id != "" && author = @request.auth.id</code>. Click a name to insert it.
        </div>
        <div>
          <div class="group-title">Record fields</div>
          ${this._chips(fields)}
        </div>
        <div>
          <div class="group-title">Request</div>
          ${this._chips([
            ...authFields.map((f) => `@request.auth.${f}`),
            ...fields.filter((f) => f !== 'id').map((f) => `@request.body.${f}`),
            '@request.query.',
            '@request.headers.',
            '@request.method',
            '@request.context',
          ])}
        </div>
        <div>
          <div class="group-title">Other collections</div>
          ${this._chips(
            this.collections.filter((c) => !c.system).map((c) => `@collection.${c.name}.`),
          )}
        </div>
        <div>
          <div class="group-title">Operators</div>
          <div class="ops">
            ${OPERATORS.map(([op, d]) => html`<span><code>${op}</code> <span class="muted">${d}</span></span>`)}
          </div>
          <div class="muted" style="margin-top: 4px">
            On multi-value fields the plain operators require all values to match; the
            <code>?</code> variants require any.
          </div>
        </div>
        <div>
          <div class="group-title">Macros and modifiers</div>
          ${this._chips([...MACROS, ...MODIFIERS])}
        </div>
      </div>
    </details>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-rules-help': PbRulesHelp
  }
}
