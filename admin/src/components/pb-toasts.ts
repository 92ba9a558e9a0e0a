import { LitElement, css, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { icon } from '../icons.js'
import { TOAST_EVENT, type Toast } from '../lib/toast.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * Stack of page-wide notifications, bottom center as in PocketBase's dashboard: clear of the page
 * headers (title, collection and record actions) and of the sidebars' buttons; only the toasts
 * themselves take clicks.
 */
@customElement('pb-toasts')
export class PbToasts extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: fixed;
        inset: auto auto 16px 50%;
        transform: translateX(-50%);
        margin: 0;
        padding: 0;
        border: 0;
        background: transparent;
        overflow: visible;
        z-index: 1000;
        display: flex;
        flex-direction: column;
        gap: 8px;
        max-width: min(420px, calc(100vw - 24px));
        pointer-events: none;
      }
      .toast {
        pointer-events: auto;
        display: flex;
        align-items: flex-start;
        gap: 8px;
        padding: 10px 10px 10px 14px;
        border-radius: var(--radius);
        background: var(--rail);
        color: #fff;
        box-shadow: var(--shadow-lg);
        font-size: 13.5px;
        animation: in 0.15s ease-out;
      }
      .toast.error {
        background: var(--danger);
      }
      .toast.success {
        border-left: 4px solid #34d399;
      }
      .msg {
        flex: 1;
        padding-top: 5px;
        word-break: break-word;
      }
      .icon-btn {
        color: inherit;
      }
      .icon-btn:hover {
        background: rgb(255 255 255 / 15%);
        color: inherit;
      }
      @keyframes in {
        from {
          transform: translateY(8px);
          opacity: 0;
        }
      }
    `,
  ]

  @state() private _toasts: Toast[] = []

  readonly #onToast = (e: Event): void => {
    const t = (e as CustomEvent<Toast>).detail
    this._toasts = [...this._toasts.slice(-4), t]
    this._raise()
    setTimeout(() => this._dismiss(t.id), t.kind === 'error' ? 8000 : 4000)
  }

  /**
   * Puts the stack in the top layer, above any open modal dialog (a manual popover shown after the
   * dialog opened is drawn over it).
   */
  private _raise(): void {
    if (typeof this.showPopover !== 'function') {
      return
    }
    if (this.matches(':popover-open')) {
      this.hidePopover()
    }
    this.showPopover()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.setAttribute('popover', 'manual')
    window.addEventListener(TOAST_EVENT, this.#onToast)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener(TOAST_EVENT, this.#onToast)
  }

  private _dismiss(id: number): void {
    this._toasts = this._toasts.filter((t) => t.id !== id)
    if (this._toasts.length === 0 && this.matches(':popover-open')) {
      this.hidePopover()
    }
  }

  override render() {
    return this._toasts.map(
      (t) => html`<div class="toast ${t.kind}" role=${t.kind === 'error' ? 'alert' : 'status'}>
        <span class="msg">${t.message}</span>
        <button class="icon-btn sm" aria-label="Dismiss" @click=${() => this._dismiss(t.id)}>
          ${icon('close', 14)}
        </button>
      </div>`,
    )
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-toasts': PbToasts
  }
}
