import { LitElement, css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { icon, type IconName } from '../icons.js'
import { errorMessage, isAuthError } from '../lib/errors.js'
import { RouteController, href, navigate } from '../lib/router.js'
import { toast } from '../lib/toast.js'
import { pb, SUPERUSERS } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'
import '../pages/pb-page-collections.js'
import '../pages/pb-page-confirm-email-change.js'
import '../pages/pb-page-confirm-password-reset.js'
import '../pages/pb-page-confirm-verification.js'
import '../pages/pb-page-installer.js'
import '../pages/pb-page-login.js'
import '../pages/pb-page-logs.js'
import '../pages/pb-page-oauth2-redirect.js'
import '../pages/pb-page-settings.js'
import './pb-toasts.js'

/** The sections in the navigation rail. */
const SECTIONS: { id: string; label: string; icon: IconName }[] = [
  { id: 'collections', label: 'Collections', icon: 'database' },
  { id: 'logs', label: 'Logs', icon: 'logs' },
  { id: 'settings', label: 'Settings', icon: 'settings' },
]

/**
 * The dashboard shell: picks the page from the hash route, keeps unauthenticated visitors on the
 * login page (or the installer when opened with an installer link) and draws the navigation rail.
 */
@customElement('pb-app')
export class PbApp extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        height: 100dvh;
      }
      nav {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 4px;
        width: 82px;
        flex: none;
        padding: 12px 0;
        background: var(--rail);
        color: var(--rail-fg);
      }
      .logo {
        display: grid;
        place-items: center;
        width: 36px;
        height: 36px;
        margin-bottom: 12px;
        border-radius: 10px;
        background: var(--accent);
        color: #fff;
        font-weight: 700;
        text-decoration: none;
      }
      nav a.section {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 3px;
        width: 78px;
        padding: 8px 2px;
        border-radius: var(--radius);
        color: inherit;
        font-size: 10.5px;
        text-decoration: none;
      }
      nav a.section:hover {
        background: rgb(255 255 255 / 7%);
        color: #fff;
      }
      nav a.section[aria-current='page'] {
        background: rgb(255 255 255 / 12%);
        color: #fff;
      }
      nav a:focus-visible,
      nav button:focus-visible {
        outline: 2px solid #a5b4fc;
        outline-offset: 1px;
      }
      nav .bottom {
        margin-top: auto;
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 6px;
      }
      .avatar {
        display: grid;
        place-items: center;
        width: 32px;
        height: 32px;
        border-radius: 50%;
        background: #3b3f55;
        color: #fff;
        font-weight: 600;
        text-transform: uppercase;
      }
      nav .icon-btn {
        color: var(--rail-fg);
      }
      nav .icon-btn:hover {
        background: rgb(255 255 255 / 10%);
        color: #fff;
      }
      main {
        flex: 1;
        min-width: 0;
        display: flex;
      }
      main > * {
        flex: 1;
        min-width: 0;
      }
      .center {
        flex: 1;
        display: grid;
        place-items: center;
        color: var(--fg-muted);
      }
      @media (max-width: 720px) {
        :host {
          flex-direction: column;
        }
        nav {
          flex-direction: row;
          width: auto;
          height: 52px;
          padding: 0 8px;
        }
        .logo {
          margin: 0 8px 0 0;
          width: 32px;
          height: 32px;
        }
        nav a.section {
          flex-direction: row;
          width: auto;
          padding: 6px 10px;
          font-size: 12px;
        }
        nav a.section .label {
          display: none;
        }
        nav .bottom {
          margin: 0 0 0 auto;
          flex-direction: row;
        }
        main {
          min-height: 0;
        }
      }
    `,
  ]

  readonly #router = new RouteController(this)
  @state() private _authed = pb.authStore.isValid && pb.authStore.isSuperuser
  @state() private _checking = this._authed
  #unsubscribe: () => void = () => {}

  override connectedCallback(): void {
    super.connectedCallback()
    this.#unsubscribe = pb.authStore.onChange(() => {
      this._authed = pb.authStore.isValid && pb.authStore.isSuperuser
    })
    if (this._authed) {
      void this._refreshSession()
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#unsubscribe()
  }

  /** Confirms on start that the stored session is still accepted (and renews its token). */
  private async _refreshSession(): Promise<void> {
    try {
      await pb.collection(SUPERUSERS).authRefresh()
    } catch (err) {
      if (isAuthError(err)) {
        pb.authStore.clear()
        toast('Your session has expired, please sign in again.', 'info')
      } else {
        toast(errorMessage(err), 'error')
      }
    } finally {
      this._checking = false
    }
  }

  private _logout(): void {
    pb.authStore.clear()
    navigate('#/login')
  }

  override render() {
    const { parts } = this.#router.route
    const page = parts[0] ?? ''
    if (page === 'pbinstall') {
      return html`<main><pb-page-installer .token=${parts[1] ?? ''}></pb-page-installer></main>
        <pb-toasts></pb-toasts>`
    }
    if (page === 'auth') {
      // the pages auth emails and the OAuth2 redirect link to: for anyone, signed in or not
      return html`<main>${this._authPage(parts[1] ?? '', parts[2] ?? '')}</main><pb-toasts></pb-toasts>`
    }
    if (!this._authed) {
      return html`<main><pb-page-login></pb-page-login></main><pb-toasts></pb-toasts>`
    }
    if (page === '' || page === 'login') {
      queueMicrotask(() => navigate(href(['collections']), true))
    }
    const email = pb.authStore.record?.email ?? ''
    return html`<nav aria-label="Main">
        <a class="logo" href="#/collections" aria-label="Isobase home">i</a>
        ${SECTIONS.map(
          (s) => html`<a
            class="section"
            href=${href([s.id])}
            aria-current=${page === s.id ? 'page' : nothing}
          >
            ${icon(s.icon, 20)}<span class="label">${s.label}</span>
          </a>`,
        )}
        <div class="bottom">
          <span class="avatar" title=${email} aria-label=${`Signed in as ${email}`}
            >${email.slice(0, 1)}</span
          >
          <button class="icon-btn" title="Sign out" aria-label="Sign out" @click=${this._logout}>
            ${icon('logout', 18)}
          </button>
        </div>
      </nav>
      <main>${this._checking ? html`<div class="center">Loading…</div>` : this._page(page)}</main>
      <pb-toasts></pb-toasts>`
  }

  private _authPage(action: string, token: string) {
    switch (action) {
      case 'oauth2-redirect-success':
        return html`<pb-page-oauth2-redirect outcome="success"></pb-page-oauth2-redirect>`
      case 'oauth2-redirect-failure':
        return html`<pb-page-oauth2-redirect outcome="failure"></pb-page-oauth2-redirect>`
      case 'confirm-verification':
        return html`<pb-page-confirm-verification .token=${token}></pb-page-confirm-verification>`
      case 'confirm-password-reset':
        return html`<pb-page-confirm-password-reset .token=${token}></pb-page-confirm-password-reset>`
      case 'confirm-email-change':
        return html`<pb-page-confirm-email-change .token=${token}></pb-page-confirm-email-change>`
      default:
        queueMicrotask(() => navigate('#/', true))
        return nothing
    }
  }

  private _page(page: string) {
    const { parts, query } = this.#router.route
    switch (page) {
      case 'logs':
        return html`<pb-page-logs .query=${query}></pb-page-logs>`
      case 'settings':
        return html`<pb-page-settings .section=${parts[1] ?? 'application'}></pb-page-settings>`
      default:
        return html`<pb-page-collections
          .collectionId=${parts[1] ?? ''}
          .query=${query}
        ></pb-page-collections>`
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-app': PbApp
  }
}
