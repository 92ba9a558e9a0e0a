import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import { icon } from '../icons.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * One API rule: `null` (locked: superusers only), `""` (everyone) or a filter expression.
 * Emits `rule-change` with the new value (string or null).
 */
@customElement('pb-rule-input')
export class PbRuleInput extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .top {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 4px;
      }
      .name {
        font-weight: 600;
        font-size: 13px;
      }
      .locked {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: 40px;
        padding: 8px 12px;
        border: 1px dashed var(--border-strong);
        border-radius: var(--radius-sm);
        background: var(--surface-2);
        color: var(--fg-muted);
        font-size: 13px;
      }
      textarea {
        min-height: 40px;
        height: 40px;
        field-sizing: content;
        max-height: 200px;
      }
    `,
  ]

  /** rule label, e.g. "List/Search rule" */
  @property() label = ''
  /** the rule value */
  @property({ attribute: false }) value: string | null = null
  /** what an empty rule means for this action */
  @property() emptyHint = 'Empty: everyone, including guests, is allowed.'
  /** server error for this rule */
  @property() error = ''
  /** rules that can only be null (view collections' write rules) */
  @property({ type: Boolean }) lockedOnly = false

  @query('textarea') private _textarea?: HTMLTextAreaElement

  /** Inserts text at the cursor (used by the syntax help chips). */
  insert(text: string): void {
    const ta = this._textarea
    if (!ta) {
      return
    }
    const start = ta.selectionStart ?? ta.value.length
    const end = ta.selectionEnd ?? start
    const next = ta.value.slice(0, start) + text + ta.value.slice(end)
    this._emit(next)
    void this.updateComplete.then(() => {
      ta.focus()
      ta.setSelectionRange(start + text.length, start + text.length)
    })
  }

  private _emit(v: string | null): void {
    this.dispatchEvent(new CustomEvent<string | null>('rule-change', { detail: v }))
  }

  override render() {
    const id = 'rule'
    const locked = this.value === null
    return html`<div class="top">
        <label class="name" for=${id}>${this.label}</label>
        <span class="spacer"></span>
        ${this.lockedOnly
          ? nothing
          : html`<button
              class="btn sm ghost"
              @click=${async () => {
                this._emit(locked ? '' : null)
                if (locked) {
                  await this.updateComplete
                  this._textarea?.focus()
                }
              }}
            >
              ${icon(locked ? 'unlock' : 'lock', 14)} ${locked ? 'Unlock' : 'Set superusers only'}
            </button>`}
      </div>
      ${locked
        ? html`<div class="locked">${icon('lock', 14)} Superusers only</div>`
        : html`<textarea
              id=${id}
              class="code"
              spellcheck="false"
              placeholder="e.g. @request.auth.id != '' && author = @request.auth.id"
              aria-invalid=${this.error ? 'true' : 'false'}
              .value=${this.value ?? ''}
              @input=${(e: Event) => this._emit((e.target as HTMLTextAreaElement).value)}
            ></textarea>
            ${this.value === '' && !this.error
              ? html`<div class="help" style="font-size: 12px; color: var(--warning)">
                  ${this.emptyHint}
                </div>`
              : nothing}`}
      ${this.error ? html`<div class="error-text">${this.error}</div>` : nothing}`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-rule-input': PbRuleInput
  }
}
