import { Task } from '@lit/task'
import { LitElement, css, html, nothing, svg } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import type { HourlyStats, LogModel } from 'pocketbase'
import { icon } from '../icons.js'
import { errorMessage } from '../lib/errors.js'
import { formatDate, truncate } from '../lib/format.js'
import { href, navigate } from '../lib/router.js'
import { pb } from '../pb.js'
import { sharedStyles } from '../styles/shared.js'

const PER_PAGE = 50

const LEVELS: [string, string][] = [
  ['', 'All levels'],
  ['-4', 'Debug and up'],
  ['0', 'Info and up'],
  ['4', 'Warnings and errors'],
  ['8', 'Errors only'],
]

function levelName(level: number): string {
  return level >= 8 ? 'ERROR' : level >= 4 ? 'WARN' : level >= 0 ? 'INFO' : 'DEBUG'
}

function levelClass(level: number): string {
  return level >= 8 ? 'danger' : level >= 4 ? 'warning' : level >= 0 ? 'success' : ''
}

/** Builds the server filter from the search box, the level menu and the superuser toggle. */
export function logsFilter(search: string, level: string, withSuperusers: boolean): string {
  const parts: string[] = []
  const t = search.trim()
  if (t) {
    parts.push(
      /(=|~|<|>|&&|\|\|)/.test(t) ? `(${t})` : pb.filter('(message ~ {:q} || data.url ~ {:q})', { q: t }),
    )
  }
  if (level !== '') {
    parts.push(`level >= ${Number(level)}`)
  }
  if (!withSuperusers) {
    parts.push(`data.auth != "_superusers"`)
  }
  return parts.join(' && ')
}

/**
 * The logs screen: a filter (same language as records, plus level and superuser toggles), an hourly
 * chart of matching entries, a paged table and a drawer with every detail of one entry.
 */
@customElement('pb-page-logs')
export class PbPageLogs extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 14px;
        padding: 20px 24px 16px;
        overflow: auto;
        height: 100%;
      }
      .toolbar {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: center;
      }
      .toolbar form {
        flex: 1;
        min-width: 220px;
      }
      .toolbar input[type='search'] {
        font-family: var(--mono);
        font-size: 13px;
      }
      .toolbar select {
        width: auto;
      }
      .chart {
        height: 110px;
        padding: 10px 12px 4px;
      }
      .chart svg {
        width: 100%;
        height: 80px;
        display: block;
      }
      .chart rect {
        fill: var(--accent);
        opacity: 0.75;
      }
      .chart .axis {
        display: flex;
        justify-content: space-between;
        font-size: 11px;
        color: var(--fg-faint);
      }
      td.msg {
        max-width: 520px;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 6px 16px;
        margin: 0;
        font-size: 13px;
      }
      dt {
        color: var(--fg-muted);
        font-weight: 600;
      }
      dd {
        margin: 0;
        word-break: break-word;
        font-family: var(--mono);
        font-size: 12.5px;
      }
      pre {
        margin: 0;
        padding: 12px;
        background: var(--surface-2);
        border-radius: var(--radius-sm);
        overflow: auto;
        font-size: 12px;
      }
      @media (max-width: 720px) {
        :host {
          padding: 14px 12px;
        }
      }
    `,
  ]

  /** route query: `filter`, `level`, `su` (include superuser requests), `page` */
  @property({ attribute: false }) query = new URLSearchParams()

  @state() private _search = ''
  @state() private _selected: LogModel | null = null
  @state() private _reload = 0
  @query('dialog') private _dialog!: HTMLDialogElement

  private get _filter(): string {
    return logsFilter(this.query.get('filter') ?? '', this.query.get('level') ?? '', this.query.get('su') === '1')
  }

  private readonly _logs = new Task(this, {
    task: ([filter, page]) =>
      pb.logs.getList(page, PER_PAGE, { filter, sort: '-created' }),
    args: () => [this._filter, Math.max(1, Number(this.query.get('page')) || 1), this._reload] as const,
  })

  private readonly _stats = new Task(this, {
    task: ([filter]) => pb.logs.getStats({ filter }),
    args: () => [this._filter, this._reload] as const,
  })

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('query')) {
      this._search = this.query.get('filter') ?? ''
    }
  }

  private _go(patch: Record<string, string | undefined>): void {
    const q: Record<string, string | undefined> = {
      filter: this.query.get('filter') ?? undefined,
      level: this.query.get('level') ?? undefined,
      su: this.query.get('su') ?? undefined,
      page: undefined,
      ...patch,
    }
    navigate(href(['logs'], q))
  }

  private async _open(log: LogModel): Promise<void> {
    this._selected = log
    await this.updateComplete
    this._dialog.showModal()
  }

  override render() {
    const level = this.query.get('level') ?? ''
    return html`<div class="row">
        <h1>Logs</h1>
        <span class="spacer"></span>
        <button class="btn" aria-label="Reload logs" @click=${() => this._reload++}>${icon('refresh')}</button>
      </div>
      <div class="toolbar">
        <form role="search" @submit=${(e: Event) => {
          e.preventDefault()
          this._go({ filter: this._search.trim() || undefined })
        }}>
          <input type="search" aria-label="Search or filter logs" .value=${this._search}
            placeholder='Search, or filter like: data.status >= 400 && data.method = "POST"'
            @input=${(e: Event) => (this._search = (e.target as HTMLInputElement).value)} />
        </form>
        <select aria-label="Level" @change=${(e: Event) => this._go({ level: (e.target as HTMLSelectElement).value || undefined })}>
          ${LEVELS.map(([v, l]) => html`<option value=${v} ?selected=${v === level}>${l}</option>`)}
        </select>
        <label class="switch">
          <input type="checkbox" .checked=${this.query.get('su') === '1'}
            @change=${(e: Event) => this._go({ su: (e.target as HTMLInputElement).checked ? '1' : undefined })} />
          Superuser requests
        </label>
      </div>
      ${this._stats.render({
        complete: (stats) => this._chart(stats),
        pending: () => (this._stats.value ? this._chart(this._stats.value) : html`<div class="card chart"></div>`),
        error: () => nothing,
      })}
      ${this._logs.render({
        pending: () => html`<div class="table-wrap"><div class="empty">Loading…</div></div>`,
        error: (err) => html`<div class="alert danger" role="alert">${errorMessage(err)}</div>`,
        complete: (res) => html`<div class="table-wrap">
            <table>
              <thead><tr><th>Level</th><th>Message</th><th>Created</th></tr></thead>
              <tbody>
                ${res.items.length === 0
                  ? html`<tr><td colspan="3" class="empty">No logs found.</td></tr>`
                  : res.items.map(
                      (l) => html`<tr class="clickable" tabindex="0" @click=${() => this._open(l)}
                        @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && this._open(l)}>
                        <td><span class="chip ${levelClass(Number(l.level))}">${levelName(Number(l.level))}</span></td>
                        <td class="msg">${this._summary(l)}</td>
                        <td class="mono">${formatDate(l.created)}</td>
                      </tr>`,
                    )}
              </tbody>
            </table>
          </div>
          <div class="row muted" style="font-size: 13px">
            <span>${res.totalItems} ${res.totalItems === 1 ? 'entry' : 'entries'}</span>
            <span class="spacer"></span>
            <button class="btn sm" aria-label="Previous page" ?disabled=${res.page <= 1}
              @click=${() => this._go({ page: String(res.page - 1) })}>${icon('chevronLeft', 14)}</button>
            <span>Page ${res.page} of ${Math.max(1, res.totalPages)}</span>
            <button class="btn sm" aria-label="Next page" ?disabled=${res.page >= res.totalPages}
              @click=${() => this._go({ page: String(res.page + 1) })}>${icon('chevronRight', 14)}</button>
          </div>`,
      })}
      ${this._detail()}`
  }

  private _summary(l: LogModel) {
    const d = l.data ?? {}
    if (d.type === 'request') {
      return html`<span class="chip ${Number(d.status) >= 400 ? 'danger' : ''}">${d.status}</span>
        <strong>${d.method}</strong> <span class="mono">${truncate(String(d.url ?? ''), 80)}</span>
        <span class="faint">${d.execTime !== undefined ? `${Number(d.execTime).toFixed(1)} ms` : ''}</span>`
    }
    return truncate(l.message, 120)
  }

  /** Entries per hour over the last 24 hours (older buckets are left out). */
  private _chart(stats: HourlyStats[]) {
    const HOURS = 24
    const hour = 3600_000
    const end = Math.ceil(Date.now() / hour) * hour
    const start = end - HOURS * hour
    const slots = new Array<number>(HOURS).fill(0)
    for (const s of stats) {
      const t = Date.parse(s.date.replace(' ', 'T'))
      const i = Math.floor((t - start) / hour)
      if (i >= 0 && i < HOURS) {
        slots[i] = (slots[i] ?? 0) + s.total
      }
    }
    const max = Math.max(...slots, 1)
    const w = 100 / HOURS
    const label = (t: number) => new Date(t).toISOString().slice(11, 16) + ' UTC'
    return html`<div class="card chart" role="img" aria-label=${`Entries per hour in the last 24 hours, up to ${max}`}>
      <svg viewBox="0 0 100 80" preserveAspectRatio="none">
        ${slots.map((n, i) => {
          const h = n === 0 ? 0 : Math.max(2, (n / max) * 78)
          return svg`<rect x=${i * w + w * 0.15} y=${80 - h} width=${w * 0.7} height=${h}><title>${label(start + i * hour)}: ${n}</title></rect>`
        })}
      </svg>
      <div class="axis"><span>${label(start)}</span><span>${label(end - hour)}</span></div>
    </div>`
  }

  private _detail() {
    const l = this._selected
    return html`<dialog class="drawer" aria-label="Log entry" @close=${() => (this._selected = null)}>
      ${l
        ? html`<div class="dlg-head">
              <span class="chip ${levelClass(Number(l.level))}">${levelName(Number(l.level))}</span>
              <h2>Log entry</h2>
              <span class="spacer"></span>
              <button class="icon-btn" aria-label="Close" @click=${() => this._dialog.close()}>${icon('close', 18)}</button>
            </div>
            <div class="dlg-body stack">
              <dl>
                <dt>id</dt><dd>${l.id}</dd>
                <dt>created</dt><dd>${formatDate(l.created)}</dd>
                <dt>message</dt><dd>${l.message}</dd>
                ${Object.entries(l.data ?? {}).map(
                  ([k, v]) => html`<dt>${k}</dt><dd>${typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>`,
                )}
              </dl>
              <details><summary class="muted">Raw JSON</summary><pre>${JSON.stringify(l, null, 2)}</pre></details>
            </div>`
        : nothing}
    </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-page-logs': PbPageLogs
  }
}
