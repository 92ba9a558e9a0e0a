/** @module Layout of the settings sections. */
import { css } from 'lit'

/** Cards with a title, a body grid and a footer of actions. */
export const settingsStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    gap: 16px;
  }
  .card {
    padding: 18px;
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .card > h2 {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .actions {
    position: sticky;
    bottom: -24px;
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 12px 0;
    background: var(--bg);
  }
  .sub {
    padding: 12px 14px;
    border: 1px solid var(--border);
    border-radius: var(--radius);
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
`
