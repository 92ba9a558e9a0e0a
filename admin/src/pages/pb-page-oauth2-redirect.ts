import { LitElement, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { authBrand } from '../lib/auth-brand.js'
import { authPageStyles } from '../styles/auth-page.js'
import { sharedStyles } from '../styles/shared.js'

/**
 * Where `/api/oauth2-redirect` sends the OAuth2 popup when the SDK's all-in-one flow ends
 * (`#/auth/oauth2-redirect-success` or `-failure`): the app that opened the popup already got the
 * result over realtime, so the page closes itself, and says so if the browser keeps it open.
 */
@customElement('pb-page-oauth2-redirect')
export class PbPageOAuth2Redirect extends LitElement {
  static override styles = [sharedStyles, authPageStyles]

  /** how the provider's sign-in ended */
  @property() outcome: 'success' | 'failure' = 'success'

  override connectedCallback(): void {
    super.connectedCallback()
    document.title = this.outcome === 'success' ? 'OAuth2 auth completed' : 'OAuth2 auth failed'
    // note: as PocketBase's page; browsers only let a script close a window a script opened (the
    // SDK's popup), so a tab the user opened stays and shows the message
    window.close()
  }

  override render() {
    const ok = this.outcome === 'success'
    return html`<div class="card">
      ${authBrand(ok ? 'OAuth2 sign-in completed' : 'OAuth2 sign-in failed')}
      <p class="alert ${ok ? 'info' : 'danger'}" role=${ok ? 'status' : 'alert'}>
        ${ok ? 'Auth completed.' : 'Auth failed.'}
      </p>
      <p class="muted">
        ${ok
          ? 'You can close this window and go back to the app.'
          : 'You can close this window and go back to the app to try again.'}
      </p>
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-oauth2-redirect': PbPageOAuth2Redirect
  }
}
