import { LitElement, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'

@customElement('pb-page-settings')
export class PbPagesettings extends LitElement {
  @property({ attribute: false }) query = new URLSearchParams()
  @property() collectionId = ''
  @property() section = ''
  override render() {
    return html`<h1>settings</h1>`
  }
}
