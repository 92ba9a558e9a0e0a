import { Task } from '@lit/task'
import { LitElement, html } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { icon } from '../icons.js'
import { errorMessage } from '../lib/errors.js'
import { toast } from '../lib/toast.js'
import { pb } from '../pb.js'
import { settingsStyles } from '../styles/settings.js'
import { sharedStyles } from '../styles/shared.js'

/** The registered cron jobs, each with a button that runs it now. */
@customElement('pb-settings-crons')
export class PbSettingsCrons extends LitElement {
  static override styles = [sharedStyles, settingsStyles]

  @state() private _running = new Set<string>()

  private readonly _jobs = new Task(this, {
    task: () => pb.crons.getFullList(),
    args: () => [],
  })

  private async _run(id: string): Promise<void> {
    this._running = new Set([...this._running, id])
    try {
      await pb.crons.run(id)
      toast(`Started "${id}".`)
    } catch (err) {
      toast(errorMessage(err), 'error')
    } finally {
      this._running = new Set([...this._running].filter((x) => x !== id))
    }
  }

  override render() {
    return html`<div class="card">
      <h2>Cron jobs
        <span class="spacer"></span>
        <button class="icon-btn" aria-label="Reload cron jobs" @click=${() => this._jobs.run()}>${icon('refresh')}</button>
      </h2>
      <p class="muted">Jobs registered by the server and its extensions. Names starting with <code>__pb</code> are system jobs.</p>
      ${this._jobs.render({
        pending: () => html`<p class="muted">Loading…</p>`,
        error: (err) => html`<p class="alert danger">${errorMessage(err)}</p>`,
        complete: (jobs) =>
          jobs.length === 0
            ? html`<p class="muted">No cron jobs.</p>`
            : html`<div class="table-wrap">
                <table>
                  <thead><tr><th>Job</th><th>Schedule</th><th style="width: 1%"></th></tr></thead>
                  <tbody>
                    ${jobs.map(
                      (j) => html`<tr>
                        <td class="mono">${j.id}</td>
                        <td class="mono">${j.expression}</td>
                        <td><button class="btn sm ${this._running.has(j.id) ? 'busy' : ''}"
                          ?disabled=${this._running.has(j.id)} aria-label=${`Run ${j.id}`}
                          @click=${() => this._run(j.id)}>${icon('play', 13)} Run</button></td>
                      </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`,
      })}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pb-settings-crons': PbSettingsCrons
  }
}
