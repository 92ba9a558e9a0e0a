/** @module Styles shared by every component's shadow root: controls, forms, tables, chips, dialogs. */
import { css } from 'lit'

/** Base look of native controls and the small utility classes the components use. */
export const sharedStyles = css`
  :host {
    font-family: var(--font);
    color: var(--fg);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3,
  h4 {
    margin: 0;
    font-weight: 600;
    line-height: 1.25;
  }
  h1 {
    font-size: 20px;
  }
  h2 {
    font-size: 16px;
  }
  h3 {
    font-size: 14px;
  }
  p {
    margin: 0 0 8px;
  }
  a {
    color: var(--accent);
  }
  code,
  .mono {
    font-family: var(--mono);
    font-size: 12.5px;
  }
  .muted {
    color: var(--fg-muted);
  }
  .faint {
    color: var(--fg-faint);
  }
  .row {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .spacer {
    flex: 1;
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  .grid2 {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
    gap: 12px 16px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  /* buttons */
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 34px;
    padding: 0 14px;
    border: 1px solid var(--border-strong);
    border-radius: var(--radius-sm);
    background: var(--surface);
    color: var(--fg);
    font: inherit;
    font-weight: 500;
    cursor: pointer;
    white-space: nowrap;
    text-decoration: none;
    transition:
      background 0.12s,
      border-color 0.12s;
  }
  .btn:hover {
    background: var(--surface-2);
  }
  .btn:focus-visible,
  .icon-btn:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  [tabindex]:focus-visible {
    outline: none;
    box-shadow: var(--focus);
  }
  .btn.primary {
    background: var(--accent);
    border-color: var(--accent);
    color: var(--accent-fg);
  }
  .btn.primary:hover {
    background: var(--accent-hover);
  }
  .btn.danger {
    color: var(--danger);
    border-color: color-mix(in srgb, var(--danger) 45%, transparent);
  }
  .btn.danger:hover {
    background: var(--danger-soft);
  }
  .btn.danger.solid {
    background: var(--danger);
    color: #fff;
  }
  .btn.ghost {
    border-color: transparent;
    background: transparent;
  }
  .btn.ghost:hover {
    background: var(--surface-2);
  }
  .btn.sm {
    min-height: 28px;
    padding: 0 10px;
    font-size: 13px;
  }
  .btn.block {
    width: 100%;
  }
  .btn[disabled] {
    opacity: 0.55;
    cursor: default;
    pointer-events: none;
  }
  .btn.busy::before {
    content: '';
    width: 12px;
    height: 12px;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.7s linear infinite;
  }
  .icon-btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 32px;
    height: 32px;
    padding: 0;
    border: 0;
    border-radius: var(--radius-sm);
    background: transparent;
    color: var(--fg-muted);
    cursor: pointer;
  }
  .icon-btn:hover {
    background: var(--surface-2);
    color: var(--fg);
  }
  .icon-btn.sm {
    width: 26px;
    height: 26px;
  }
  .icon-btn[disabled] {
    opacity: 0.4;
    pointer-events: none;
  }
  svg.icon {
    width: 16px;
    height: 16px;
    flex: none;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  /* form fields */
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
  }
  .field > label,
  .label {
    font-size: 12.5px;
    font-weight: 600;
    color: var(--fg-muted);
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .field .help {
    font-size: 12px;
    color: var(--fg-faint);
  }
  .field .error,
  .error-text {
    font-size: 12.5px;
    color: var(--danger);
  }
  .field.invalid input,
  .field.invalid select,
  .field.invalid textarea {
    border-color: var(--danger);
  }
  input,
  select,
  textarea {
    width: 100%;
    min-height: 36px;
    padding: 7px 10px;
    border: 1px solid var(--border-strong);
    border-radius: var(--radius-sm);
    background: var(--surface);
    color: var(--fg);
    font: inherit;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 16px;
    height: 16px;
    min-height: 0;
    margin: 0;
    accent-color: var(--accent);
    flex: none;
  }
  textarea {
    resize: vertical;
    min-height: 72px;
  }
  textarea.code,
  input.code {
    font-family: var(--mono);
    font-size: 12.5px;
  }
  input[readonly] {
    background: var(--surface-2);
    color: var(--fg-muted);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    cursor: pointer;
    font-size: 13.5px;
    user-select: none;
  }
  .switch {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 8px;
    cursor: pointer;
    font-size: 13.5px;
  }
  .switch input {
    appearance: none;
    width: 32px;
    height: 18px;
    border-radius: 9px;
    background: var(--border-strong);
    position: relative;
    cursor: pointer;
    transition: background 0.15s;
  }
  .switch input::after {
    content: '';
    position: absolute;
    top: 2px;
    left: 2px;
    width: 14px;
    height: 14px;
    border-radius: 50%;
    background: #fff;
    transition: transform 0.15s;
  }
  .switch input:checked {
    background: var(--accent);
  }
  .switch input:checked::after {
    transform: translateX(14px);
  }

  /* panels */
  .card {
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: var(--radius);
  }
  .alert {
    padding: 10px 12px;
    border-radius: var(--radius-sm);
    font-size: 13px;
    background: var(--surface-2);
  }
  .alert.danger {
    background: var(--danger-soft);
    color: var(--danger);
  }
  .alert.warning {
    background: var(--warning-soft);
    color: var(--warning);
  }
  .alert.info {
    background: var(--accent-soft);
    color: var(--accent-hover);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    max-width: 220px;
    padding: 1px 8px;
    border-radius: 999px;
    background: var(--surface-3);
    color: var(--fg);
    font-size: 12.5px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .chip.accent {
    background: var(--accent-soft);
    color: var(--accent-hover);
  }
  .chip.success {
    background: var(--success-soft);
    color: var(--success);
  }
  .chip.danger {
    background: var(--danger-soft);
    color: var(--danger);
  }
  .chip.warning {
    background: var(--warning-soft);
    color: var(--warning);
  }

  /* tabs */
  .tabs {
    display: flex;
    gap: 2px;
    border-bottom: 1px solid var(--border);
    overflow-x: auto;
  }
  .tabs button {
    padding: 8px 12px;
    border: 0;
    border-bottom: 2px solid transparent;
    background: none;
    color: var(--fg-muted);
    font: inherit;
    font-weight: 500;
    cursor: pointer;
    white-space: nowrap;
  }
  .tabs button[aria-selected='true'] {
    color: var(--accent);
    border-bottom-color: var(--accent);
  }
  .tabs button.has-error {
    color: var(--danger);
  }

  /* dialogs: centered modals and right-side drawers, both native <dialog> */
  dialog {
    padding: 0;
    border: 0;
    border-radius: var(--radius);
    background: var(--surface);
    color: var(--fg);
    box-shadow: var(--shadow-lg);
    max-width: calc(100vw - 24px);
    max-height: calc(100dvh - 24px);
  }
  dialog::backdrop {
    background: rgb(20 24 36 / 45%);
  }
  dialog.drawer {
    margin: 0 0 0 auto;
    height: 100dvh;
    max-height: 100dvh;
    width: min(720px, 100vw);
    max-width: 100vw;
    border-radius: 0;
  }
  dialog[open].drawer {
    display: flex;
    flex-direction: column;
  }
  .dlg-head {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 14px 18px;
    border-bottom: 1px solid var(--border);
  }
  .dlg-body {
    padding: 18px;
    overflow: auto;
    flex: 1;
  }
  .dlg-foot {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px 18px;
    border-top: 1px solid var(--border);
    background: var(--surface);
  }

  /* tables */
  .table-wrap {
    overflow: auto;
    border: 1px solid var(--border);
    border-radius: var(--radius);
    background: var(--surface);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 13.5px;
  }
  th,
  td {
    padding: 7px 12px;
    text-align: left;
    border-bottom: 1px solid var(--border);
    white-space: nowrap;
    vertical-align: middle;
  }
  th {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--surface-2);
    color: var(--fg-muted);
    font-size: 12.5px;
    font-weight: 600;
  }
  tbody tr:last-child td {
    border-bottom: 0;
  }
  tbody tr.clickable {
    cursor: pointer;
  }
  tbody tr.clickable:hover td {
    background: #f8f9fc;
  }
  .empty {
    padding: 32px;
    text-align: center;
    color: var(--fg-muted);
  }
  @media (max-width: 720px) {
    /* a wide table scrolls sideways: keep its empty-state text in view */
    td.empty {
      padding: 24px 16px;
      text-align: left;
    }
  }
  .skeleton {
    height: 12px;
    border-radius: 4px;
    background: linear-gradient(90deg, var(--surface-2), var(--surface-3), var(--surface-2));
    background-size: 200% 100%;
    animation: shimmer 1.2s infinite;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
`
