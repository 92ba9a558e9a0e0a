import { LitElement, html } from 'lit'
import { customElement, property, query } from 'lit/decorators.js'
import { sharedStyles } from '../styles/shared.js'

/** Options of {@link confirmDialog}. */
export interface ConfirmOptions {
  /** label of the confirm button */
  confirmLabel?: string
  /** paints the confirm button red */
  danger?: boolean
}

/** A yes/no modal; use {@link confirmDialog} rather than placing it by hand. */
@customElement('pb-confirm')
export class PbConfirm extends LitElement {
  static override styles = [sharedStyles]

  /** the question */
  @property() message = ''
  @property() confirmLabel = 'Yes'
  @property({ type: Boolean }) danger = false

  @query('dialog') private _dialog!: HTMLDialogElement
  #resolve: (ok: boolean) => void = () => {}

  /** Opens the modal; resolves true when confirmed. */
  ask(): Promise<boolean> {
    return new Promise((resolve) => {
      this.#resolve = resolve
      void this.updateComplete.then(() => this._dialog.showModal())
    })
  }

  private _close(ok: boolean): void {
    this._dialog.close()
    this.#resolve(ok)
    this.remove()
  }

  override render() {
    return html`<dialog
      aria-label="Confirm"
      style="width: 420px"
      @cancel=${(e: Event) => {
        e.preventDefault()
        this._close(false)
      }}
    >
      <div class="dlg-body" style="white-space: pre-line">${this.message}</div>
      <div class="dlg-foot">
        <span class="spacer"></span>
        <button class="btn ghost" @click=${() => this._close(false)}>Cancel</button>
        <button
          class="btn ${this.danger ? 'danger solid' : 'primary'}"
          autofocus
          @click=${() => this._close(true)}
        >
          ${this.confirmLabel}
        </button>
      </div>
    </dialog>`
  }
}

/** Asks a yes/no question in a modal. */
export function confirmDialog(message: string, opts: ConfirmOptions = {}): Promise<boolean> {
  const el = document.createElement('pb-confirm')
  el.message = message
  el.confirmLabel = opts.confirmLabel ?? 'Yes'
  el.danger = opts.danger ?? false
  document.body.append(el)
  return el.ask()
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-confirm': PbConfirm
  }
}
