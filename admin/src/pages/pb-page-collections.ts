import { LitElement, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'

@customElement('pb-page-collections')
export class PbPagecollections extends LitElement {
  @property({ attribute: false }) query = new URLSearchParams()
  @property() collectionId = ''
  @property() section = ''
  override render() {
    return html`<h1>collections</h1>`
  }
}
