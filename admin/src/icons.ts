/** @module The dashboard's icon set: small stroke icons drawn for Isobase on a 24×24 grid. */
import { svg, type SVGTemplateResult } from 'lit'

const PATHS = {
  database: svg`<ellipse cx="12" cy="6" rx="7" ry="3"/><path d="M5 6v12c0 1.7 3.1 3 7 3s7-1.3 7-3V6M5 12c0 1.7 3.1 3 7 3s7-1.3 7-3"/>`,
  logs: svg`<path d="M4 6h16M4 12h16M4 18h10"/>`,
  settings: svg`<path d="M4 7h9M17 7h3M4 17h3M11 17h9"/><circle cx="15" cy="7" r="2"/><circle cx="9" cy="17" r="2"/>`,
  search: svg`<circle cx="11" cy="11" r="6"/><path d="m20 20-4.5-4.5"/>`,
  plus: svg`<path d="M12 5v14M5 12h14"/>`,
  close: svg`<path d="M6 6l12 12M18 6 6 18"/>`,
  trash: svg`<path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6"/>`,
  edit: svg`<path d="M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4"/>`,
  refresh: svg`<path d="M20 11a8 8 0 1 0-2.3 5.7M20 5v6h-6"/>`,
  chevronDown: svg`<path d="m6 9 6 6 6-6"/>`,
  chevronUp: svg`<path d="m6 15 6-6 6 6"/>`,
  chevronLeft: svg`<path d="m15 6-6 6 6 6"/>`,
  chevronRight: svg`<path d="m9 6 6 6-6 6"/>`,
  logout: svg`<path d="M14 4h5v16h-5M10 8l-4 4 4 4M6 12h10"/>`,
  columns: svg`<rect x="4" y="4" width="16" height="16" rx="2"/><path d="M10 4v16M15 4v16"/>`,
  upload: svg`<path d="M12 16V4M7 9l5-5 5 5M4 16v4h16v-4"/>`,
  download: svg`<path d="M12 4v12M7 11l5 5 5-5M4 16v4h16v-4"/>`,
  lock: svg`<rect x="5" y="10" width="14" height="10" rx="2"/><path d="M8 10V7a4 4 0 0 1 8 0v3"/>`,
  unlock: svg`<rect x="5" y="10" width="14" height="10" rx="2"/><path d="M8 10V7a4 4 0 0 1 7.5-2"/>`,
  copy: svg`<rect x="8" y="8" width="12" height="12" rx="2"/><path d="M16 8V4H4v12h4"/>`,
  play: svg`<path d="M7 5v14l12-7z"/>`,
  restore: svg`<path d="M4 11a8 8 0 1 1 2.3 5.7M4 5v6h6M12 8v4l3 2"/>`,
  menu: svg`<path d="M4 7h16M4 12h16M4 17h16"/>`,
  info: svg`<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>`,
  grip: svg`<path d="M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01"/>`,
  external: svg`<path d="M14 4h6v6M20 4l-9 9M18 14v6H4V6h6"/>`,
  mail: svg`<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>`,
  cloud: svg`<path d="M7 18a5 5 0 0 1-.6-10A6 6 0 0 1 18 9a4.5 4.5 0 0 1-.5 9z"/>`,
  archive: svg`<rect x="3" y="4" width="18" height="5" rx="1"/><path d="M5 9v11h14V9M10 13h4"/>`,
  clock: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`,
  shield: svg`<path d="M12 3 5 6v6c0 4.5 3 7.5 7 9 4-1.5 7-4.5 7-9V6z"/>`,
  app: svg`<rect x="4" y="4" width="7" height="7" rx="1.5"/><rect x="13" y="4" width="7" height="7" rx="1.5"/><rect x="4" y="13" width="7" height="7" rx="1.5"/><rect x="13" y="13" width="7" height="7" rx="1.5"/>`,
  users: svg`<circle cx="9" cy="8" r="3.5"/><path d="M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M16 4.5a3.5 3.5 0 0 1 0 7M18 14c2 .8 3 2.8 3 6"/>`,
  code: svg`<path d="m8 7-5 5 5 5M16 7l5 5-5 5M14 4l-4 16"/>`,
  more: svg`<path d="M5 12h.01M12 12h.01M19 12h.01" stroke-width="3"/>`,
  idCard: svg`<rect x="3" y="5" width="18" height="14" rx="2"/><circle cx="9" cy="11" r="2"/><path d="M6 16c.5-1.5 1.6-2.2 3-2.2s2.5.7 3 2.2M14 10h4M14 13h3"/>`,
  eye: svg`<path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>`,
  link: svg`<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>`,
  // one glyph per field type
  text: svg`<path d="M5 6h14M12 6v13"/>`,
  number: svg`<path d="M9 4 7 20M17 4l-2 16M4 9h16M4 15h16"/>`,
  bool: svg`<rect x="3" y="7" width="18" height="10" rx="5"/><circle cx="16" cy="12" r="2.5"/>`,
  email: svg`<circle cx="12" cy="12" r="3.5"/><path d="M15.5 12v1.5a2.5 2.5 0 0 0 5 0V12a8.5 8.5 0 1 0-3.4 6.8"/>`,
  url: svg`<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>`,
  editor: svg`<path d="M4 6h16M4 10h16M4 14h10M4 18h7"/>`,
  date: svg`<rect x="4" y="5" width="16" height="15" rx="2"/><path d="M4 10h16M9 3v4M15 3v4"/>`,
  autodate: svg`<rect x="4" y="5" width="16" height="15" rx="2"/><path d="M4 10h16M9 3v4M15 3v4M10 15l2 2 3-4"/>`,
  select: svg`<path d="M9 6h11M9 12h11M9 18h11"/><circle cx="5" cy="6" r="1"/><circle cx="5" cy="12" r="1"/><circle cx="5" cy="18" r="1"/>`,
  file: svg`<path d="M6 3h8l5 5v13H6z"/><path d="M14 3v5h5"/>`,
  relation: svg`<circle cx="6" cy="6" r="2.5"/><circle cx="18" cy="18" r="2.5"/><path d="M8 7.5c4 1 4 8 8 9"/>`,
  json: svg`<path d="M8 4c-2 0-2 2-2 4s-2 4-2 4 2 0 2 4 0 4 2 4M16 4c2 0 2 2 2 4s2 4 2 4-2 0-2 4 0 4-2 4"/>`,
  password: svg`<circle cx="8" cy="14" r="4"/><path d="M11 11l8-8M16 6l2 2M14 8l2 2"/>`,
  geoPoint: svg`<path d="M12 21s-6-6.2-6-11a6 6 0 0 1 12 0c0 4.8-6 11-6 11z"/><circle cx="12" cy="10" r="2"/>`,
} as const

/** Name of an icon in the set. */
export type IconName = keyof typeof PATHS

/** Renders one icon as inline SVG (decorative: hidden from assistive technology). */
export function icon(name: IconName, size = 16): SVGTemplateResult {
  return svg`<svg class="icon" width=${size} height=${size} viewBox="0 0 24 24" fill="none"
    stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"
    aria-hidden="true">${PATHS[name] ?? PATHS.text}</svg>`
}
