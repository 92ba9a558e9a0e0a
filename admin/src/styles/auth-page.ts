/** @module Layout shared by the pages shown before sign-in (login, installer). */
import { css } from 'lit'

/** A centered card on a tinted background. */
export const authPageStyles = css`
  :host {
    display: grid;
    place-items: center;
    min-height: 100dvh;
    padding: 24px 16px;
    background:
      radial-gradient(1200px 500px at 50% -10%, #e0e7ff 0%, transparent 60%),
      var(--bg);
  }
  .card {
    width: min(400px, 100%);
    padding: 28px;
    box-shadow: var(--shadow);
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 10px;
    margin-bottom: 20px;
  }
  .brand .logo {
    display: grid;
    place-items: center;
    width: 36px;
    height: 36px;
    border-radius: 10px;
    background: var(--accent);
    color: #fff;
    font-weight: 700;
  }
  .brand .name {
    font-size: 16px;
    font-weight: 600;
  }
  .brand .sub {
    font-size: 12.5px;
    color: var(--fg-muted);
  }
  form {
    display: flex;
    flex-direction: column;
    gap: 14px;
  }
  .pw {
    position: relative;
  }
  .pw input {
    padding-right: 40px;
  }
  .pw .icon-btn {
    position: absolute;
    right: 2px;
    top: 2px;
  }
  .divider {
    display: flex;
    align-items: center;
    gap: 10px;
    margin: 18px 0 12px;
    color: var(--fg-faint);
    font-size: 12px;
  }
  .divider::before,
  .divider::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--border);
  }
  .link-btn {
    border: 0;
    padding: 0;
    background: none;
    color: var(--accent);
    font: inherit;
    font-size: 13px;
    cursor: pointer;
  }
  .link-btn:hover {
    text-decoration: underline;
  }
`
