/** @module Base element of the settings forms: loads the settings, edits a draft by path, saves. */
import { LitElement, html, nothing } from 'lit'
import { state } from 'lit/decorators.js'
import { pb } from '../pb.js'
import { errorMessage, fieldErrors, type FieldErrors } from './errors.js'
import { toast } from './toast.js'

type Obj = Record<string, unknown>

/** Reads a dotted path (`smtp.host`, `rateLimits.rules.0.label`). */
export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Obj | undefined)?.[k], obj)
}

/** A copy of `obj` with `path` set (objects and arrays on the way are copied). */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.') as [string, ...string[]]
  const cur = obj as Obj
  const child = rest.length ? setPath((cur?.[head] as Obj) ?? {}, rest.join('.'), value) : value
  if (Array.isArray(cur)) {
    const copy = [...cur] as unknown[]
    copy[Number(head)] = child
    return copy as T
  }
  return { ...cur, [head]: child } as T
}

/**
 * A settings form: `load()` fetches `pb.settings.getAll()`, inputs edit `_draft` by path, and
 * `save(keys)` sends the listed top-level sections (`meta`, `smtp`, …) with `pb.settings.update`.
 * Server errors (`data.smtp.host`, …) are kept by path for the inputs to show.
 */
export class SettingsForm extends LitElement {
  @state() protected _draft: Obj | null = null
  @state() protected _saved: Obj | null = null
  @state() protected _errors: FieldErrors = {}
  @state() protected _error = ''
  @state() protected _saving = false

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  async load(): Promise<void> {
    try {
      const s = (await pb.settings.getAll()) as Obj
      this._saved = s
      this._draft = structuredClone(s)
      this._error = ''
    } catch (err) {
      this._error = errorMessage(err)
    }
  }

  protected get _dirty(): boolean {
    return JSON.stringify(this._draft) !== JSON.stringify(this._saved)
  }

  protected _set(path: string, value: unknown): void {
    this._draft = setPath(this._draft ?? {}, path, value)
  }

  protected async _save(keys: string[]): Promise<void> {
    if (!this._draft || this._saving) {
      return
    }
    this._saving = true
    this._errors = {}
    this._error = ''
    try {
      const patch: Obj = {}
      for (const k of keys) {
        patch[k] = this._draft[k]
      }
      const s = (await pb.settings.update(patch)) as Obj
      this._saved = s
      this._draft = structuredClone(s)
      toast('Settings saved.')
    } catch (err) {
      this._errors = fieldErrors(err)
      this._error = errorMessage(err)
    } finally {
      this._saving = false
    }
  }

  protected _reset(): void {
    this._draft = structuredClone(this._saved)
    this._errors = {}
    this._error = ''
  }

  /** A labelled input bound to a path. */
  protected _input(path: string, label: string, type = 'text', opts: { help?: string; placeholder?: string } = {}) {
    const v = getPath(this._draft, path)
    const err = this._errors[path]
    const id = path.replace(/\W/g, '-')
    return html`<div class="field ${err ? 'invalid' : ''}">
      <label for=${id}>${label}</label>
      <input id=${id} type=${type} placeholder=${opts.placeholder ?? ''}
        autocomplete=${type === 'password' ? 'new-password' : 'off'}
        .value=${v === null || v === undefined ? '' : String(v)}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value
          this._set(path, type === 'number' ? (raw === '' ? 0 : Number(raw)) : raw)
        }} />
      ${err ? html`<span class="error">${err}</span>` : opts.help ? html`<span class="help">${opts.help}</span>` : nothing}
    </div>`
  }

  /** A comma-separated list input bound to a path holding a string array. */
  protected _list(path: string, label: string, help = '') {
    const v = (getPath(this._draft, path) as string[] | null) ?? []
    const err = this._errors[path]
    const id = path.replace(/\W/g, '-')
    return html`<div class="field ${err ? 'invalid' : ''}">
      <label for=${id}>${label}</label>
      <input id=${id} .value=${v.join(', ')}
        @change=${(e: Event) =>
          this._set(
            path,
            (e.target as HTMLInputElement).value
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s),
          )} />
      ${err ? html`<span class="error">${err}</span>` : help ? html`<span class="help">${help}</span>` : nothing}
    </div>`
  }

  /** A switch bound to a boolean path. */
  protected _switch(path: string, label: string) {
    return html`<label class="switch">
      <input type="checkbox" .checked=${!!getPath(this._draft, path)}
        @change=${(e: Event) => this._set(path, (e.target as HTMLInputElement).checked)} />
      ${label}
    </label>`
  }

  /** Save / reset buttons for the given sections. */
  protected _actions(keys: string[]) {
    return html`<div class="actions">
      ${this._error ? html`<span class="error-text" role="alert">${this._error}</span>` : nothing}
      <span class="spacer"></span>
      <button class="btn ghost" ?disabled=${!this._dirty || this._saving} @click=${this._reset}>Reset</button>
      <button class="btn primary ${this._saving ? 'busy' : ''}" ?disabled=${!this._dirty || this._saving}
        @click=${() => this._save(keys)}>Save changes</button>
    </div>`
  }
}
