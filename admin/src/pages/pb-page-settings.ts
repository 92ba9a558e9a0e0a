import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import '../components/pb-settings-application.js'
import '../components/pb-settings-backups.js'
import '../components/pb-settings-crons.js'
import '../components/pb-settings-export.js'
import '../components/pb-settings-import.js'
import '../components/pb-settings-mail.js'
import '../components/pb-settings-storage.js'
import { icon, type IconName } from '../icons.js'
import { href } from '../lib/router.js'
import { sharedStyles } from '../styles/shared.js'

const SECTIONS: { id: string; label: string; icon: IconName }[] = [
  { id: 'application', label: 'Application', icon: 'app' },
  { id: 'mail', label: 'Mail', icon: 'mail' },
  { id: 'storage', label: 'File storage', icon: 'cloud' },
  { id: 'backups', label: 'Backups', icon: 'archive' },
  { id: 'crons', label: 'Crons', icon: 'clock' },
]

const SYNC: { id: string; label: string; icon: IconName }[] = [
  { id: 'export', label: 'Export collections', icon: 'download' },
  { id: 'import', label: 'Import collections', icon: 'upload' },
]

/** The settings screen: a section menu and the selected section's form. */
@customElement('pb-page-settings')
export class PbPageSettings extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        height: 100%;
        min-height: 0;
      }
      nav {
        width: 220px;
        flex: none;
        padding: 16px 10px;
        border-right: 1px solid var(--border);
        background: var(--surface);
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      nav h2 {
        padding: 4px 10px 12px;
      }
      nav a {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 8px 10px;
        border-radius: var(--radius-sm);
        color: var(--fg);
        text-decoration: none;
      }
      nav a:hover {
        background: var(--surface-2);
      }
      nav a[aria-current='page'] {
        background: var(--accent-soft);
        color: var(--accent-hover);
        font-weight: 500;
      }
      nav .sep {
        margin: 10px 10px 4px;
        font-size: 11.5px;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-faint);
      }
      .content {
        flex: 1;
        min-width: 0;
        overflow: auto;
        padding: 20px 24px 24px;
      }
      .content > * {
        max-width: 860px;
      }
      @media (max-width: 900px) {
        :host {
          flex-direction: column;
        }
        nav {
          width: auto;
          flex-direction: row;
          overflow-x: auto;
          padding: 8px;
          border-right: 0;
          border-bottom: 1px solid var(--border);
        }
        nav h2,
        nav .sep {
          display: none;
        }
        nav a {
          white-space: nowrap;
        }
        .content {
          padding: 14px 12px;
        }
      }
    `,
  ]

  /** the section id from the route */
  @property() section = 'application'

  override render() {
    return html`<nav aria-label="Settings">
        <h2>Settings</h2>
        ${SECTIONS.map(
          (s) => html`<a href=${href(['settings', s.id])} aria-current=${this.section === s.id ? 'page' : 'false'}>
            ${icon(s.icon)} ${s.label}
          </a>`,
        )}
        <div class="sep">Sync</div>
        ${SYNC.map(
          (s) => html`<a href=${href(['settings', s.id])} aria-current=${this.section === s.id ? 'page' : 'false'}>
            ${icon(s.icon)} ${s.label}
          </a>`,
        )}
        <div class="sep">Access</div>
        <a href=${href(['collections', '_superusers'])}>${icon('shield')} Superusers</a>
      </nav>
      <div class="content">${this._section()}</div>`
  }

  private _section() {
    switch (this.section) {
      case 'mail':
        return html`<pb-settings-mail></pb-settings-mail>`
      case 'storage':
        return html`<pb-settings-storage></pb-settings-storage>`
      case 'backups':
        return html`<pb-settings-backups></pb-settings-backups>`
      case 'crons':
        return html`<pb-settings-crons></pb-settings-crons>`
      case 'export':
        return html`<pb-settings-export></pb-settings-export>`
      case 'import':
        return html`<pb-settings-import></pb-settings-import>`
      default:
        return html`<pb-settings-application></pb-settings-application>`
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-settings': PbPageSettings
  }
}
