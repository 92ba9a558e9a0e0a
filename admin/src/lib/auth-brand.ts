/** @module The brand header of the cards shown outside the dashboard (sign-in, installer, email links). */
import { html } from 'lit'

/** The logo, the product name and what this page is for. */
export function authBrand(sub: string) {
  return html`<div class="brand">
    <span class="logo" aria-hidden="true">i</span>
    <div><div class="name">Isobase</div><div class="sub">${sub}</div></div>
  </div>`
}
