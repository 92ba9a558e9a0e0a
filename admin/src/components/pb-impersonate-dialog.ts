import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { CollectionModel, RecordModel } from 'pocketbase'
import { icon } from '../icons.js'
import { errorMessage, fieldErrors } from '../lib/errors.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * Generates a nonrenewable auth token for an auth record (`POST /api/collections/{c}/impersonate/{id}`,
 * superusers only), to act as that user from an SDK or curl; the optional duration is in seconds
 * (empty: the collection's auth token duration). Use {@link impersonate} rather than placing it.
 */
@customElement('pb-impersonate-dialog')
export class PbImpersonateDialog extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      dialog {
        width: min(520px, calc(100vw - 24px));
      }
      .dlg-body {
        display: flex;
        flex-direction: column;
        gap: 14px;
      }
      .token {
        display: flex;
        align-items: flex-start;
        gap: 6px;
      }
      .token code {
        flex: 1;
        min-width: 0;
        padding: 8px 10px;
        border-radius: var(--radius-sm);
        background: var(--surface-2);
        font-size: 12px;
        word-break: break-all;
      }
      pre {
        margin: 0;
        padding: 10px 12px;
        border-radius: var(--radius-sm);
        background: var(--surface-2);
        font: 12px/1.5 var(--mono);
        overflow: auto;
      }
    `,
  ]

  /** the auth collection */
  @property({ attribute: false }) collection: CollectionModel | null = null
  /** the record to act as */
  @property({ attribute: false }) record: RecordModel | null = null
  @state() private _duration = ''
  @state() private _token = ''
  @state() private _busy = false
  @state() private _error = ''
  @state() private _durationError = ''

  @query('dialog') private _dialog!: HTMLDialogElement

  /** Opens the dialog; it removes itself when closed. */
  async open(): Promise<void> {
    await this.updateComplete
    this._dialog.showModal()
  }

  private _close(): void {
    this._dialog.close()
    this.remove()
  }

  private async _generate(e: Event): Promise<void> {
    e.preventDefault()
    if (this._busy || !this.collection || !this.record) {
      return
    }
    this._busy = true
    this._error = ''
    this._durationError = ''
    try {
      const duration = this._duration.trim() === '' ? 0 : Number(this._duration)
      const client = await pb.collection(this.collection.id).impersonate(this.record.id, duration)
      this._token = client.authStore.token
    } catch (err) {
      this._durationError = fieldErrors(err).duration ?? ''
      this._error = this._durationError ? '' : errorMessage(err)
    } finally {
      this._busy = false
    }
  }

  override render() {
    const c = this.collection
    const r = this.record
    const label = String(r?.email || r?.id || '')
    const defaultSeconds = (c as { authToken?: { duration?: number } } | null)?.authToken?.duration ?? 0
    return html`<dialog
      aria-label="Impersonate"
      @cancel=${(e: Event) => {
        e.preventDefault()
        this._close()
      }}
    >
      <div class="dlg-head">
        <h2>Impersonate ${label}</h2>
        <span class="spacer"></span>
        <button class="icon-btn" aria-label="Close" @click=${this._close}>${icon('close', 18)}</button>
      </div>
      <form class="dlg-body" id="impersonate-form" @submit=${this._generate} novalidate>
        <p class="muted">
          Generate a nonrenewable auth token for <strong>${label}</strong> of
          <strong>${c?.name ?? ''}</strong>, to call the API as this user.
        </p>
        ${this._error ? html`<p class="alert danger" role="alert">${this._error}</p>` : nothing}
        <div class="field ${this._durationError ? 'invalid' : ''}">
          <label for="duration">Token duration (in seconds)</label>
          <input id="duration" type="number" min="0" step="1" inputmode="numeric"
            placeholder=${`Default to the collection settings (${defaultSeconds}s)`}
            .value=${this._duration} aria-invalid=${this._durationError ? 'true' : 'false'}
            aria-describedby=${this._durationError ? 'duration-error' : nothing}
            @input=${(e: Event) => (this._duration = (e.target as HTMLInputElement).value)} />
          ${this._durationError
            ? html`<span class="error" id="duration-error">${this._durationError}</span>`
            : nothing}
        </div>
        ${this._token ? this._result() : nothing}
      </form>
      <div class="dlg-foot">
        <span class="spacer"></span>
        <button class="btn ghost" @click=${this._close}>Close</button>
        <button class="btn primary ${this._busy ? 'busy' : ''}" type="submit" form="impersonate-form"
          ?disabled=${this._busy}>${this._token ? 'Generate new one' : 'Generate token'}</button>
      </div>
    </dialog>`
  }

  private _result() {
    return html`<div class="token" role="status" aria-label="Generated token">
        <code>${this._token}</code>
        <button type="button" class="icon-btn sm" aria-label="Copy token"
          @click=${() => void navigator.clipboard?.writeText(this._token).then(() => toast('Copied.'))}>
          ${icon('copy', 14)}
        </button>
      </div>
      <pre aria-label="JS SDK example">import PocketBase from 'pocketbase'

const pb = new PocketBase('${pb.baseURL}')

// load the token into the store
const token = '...'
pb.authStore.save(token, null)</pre>`
  }
}

/** Opens the impersonate dialog for an auth record. */
export function impersonate(collection: CollectionModel, record: RecordModel): Promise<void> {
  const el = document.createElement('pb-impersonate-dialog')
  el.collection = collection
  el.record = record
  document.body.append(el)
  return el.open()
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-impersonate-dialog': PbImpersonateDialog
  }
}
