/** URL of the built admin directory (`admin/dist/`), ending with a slash. */
export declare const adminDistUrl: URL
/** URL of `admin/dist/manifest.json`. */
export declare const adminManifestUrl: URL
/** One file of the built admin UI, as listed in `manifest.json`. */
export interface AdminManifestFile {
  /** path relative to the admin mount, e.g. `assets/app-1A2B3C4D.js` */
  path: string
  /** the Content-Type to send */
  type: string
  size: number
  /** true for content-hashed files: `Cache-Control: public, max-age=31536000, immutable` is safe */
  immutable: boolean
}
/** The shape of `admin/dist/manifest.json`. */
export interface AdminManifest {
  /** the file to serve for the mount root (`/_/`) */
  index: string
  files: AdminManifestFile[]
}
