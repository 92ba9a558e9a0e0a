/** @module Entry point of the Isobase dashboard bundle: defines every custom element. */
import './components/pb-app.js'
