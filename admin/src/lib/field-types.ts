/** @module The 14 collection field types: labels, icons and the options a new field starts with. */
import type { CollectionField } from 'pocketbase'
import type { IconName } from '../icons.js'

/** A field type the server knows. */
export type FieldType =
  | 'text'
  | 'number'
  | 'bool'
  | 'email'
  | 'url'
  | 'editor'
  | 'date'
  | 'autodate'
  | 'select'
  | 'file'
  | 'relation'
  | 'json'
  | 'password'
  | 'geoPoint'

/** Display data for one field type. */
export interface FieldTypeInfo {
  readonly type: FieldType
  readonly label: string
  readonly icon: IconName
  readonly hint: string
}

/** Every field type, in the order the "new field" menu lists them. */
export const FIELD_TYPES: readonly FieldTypeInfo[] = [
  { type: 'text', label: 'Plain text', icon: 'text', hint: 'Single or multi-line text' },
  { type: 'editor', label: 'Rich editor', icon: 'editor', hint: 'HTML content' },
  { type: 'number', label: 'Number', icon: 'number', hint: 'Integer or decimal' },
  { type: 'bool', label: 'Bool', icon: 'bool', hint: 'True or false' },
  { type: 'email', label: 'Email', icon: 'email', hint: 'Email address' },
  { type: 'url', label: 'URL', icon: 'url', hint: 'Web address' },
  { type: 'date', label: 'DateTime', icon: 'date', hint: 'Date and time (UTC)' },
  { type: 'autodate', label: 'Autodate', icon: 'autodate', hint: 'Set on create / update' },
  { type: 'select', label: 'Select', icon: 'select', hint: 'One or more listed values' },
  { type: 'file', label: 'File', icon: 'file', hint: 'Uploads with thumbnails' },
  { type: 'relation', label: 'Relation', icon: 'relation', hint: 'Links to other records' },
  { type: 'json', label: 'JSON', icon: 'json', hint: 'Any JSON value' },
  { type: 'geoPoint', label: 'Geo point', icon: 'geoPoint', hint: 'Longitude and latitude' },
  { type: 'password', label: 'Password', icon: 'password', hint: 'Hashed, never readable' },
]

/** Display data for a type (unknown types fall back to text's icon). */
export function fieldTypeInfo(type: string): FieldTypeInfo {
  return (
    FIELD_TYPES.find((t) => t.type === type) ?? { type: 'text', label: type, icon: 'text', hint: '' }
  )
}

const DEFAULT_OPTIONS: Record<FieldType, Record<string, unknown>> = {
  text: { min: 0, max: 0, pattern: '', autogeneratePattern: '', primaryKey: false },
  number: { min: null, max: null, onlyInt: false },
  bool: {},
  email: { exceptDomains: [], onlyDomains: [] },
  url: { exceptDomains: [], onlyDomains: [] },
  editor: { maxSize: 0, convertURLs: false },
  date: { min: '', max: '' },
  autodate: { onCreate: true, onUpdate: false },
  select: { values: [], maxSelect: 1 },
  file: { maxSelect: 1, maxSize: 0, mimeTypes: [], thumbs: [], protected: false },
  relation: { collectionId: '', cascadeDelete: false, minSelect: 0, maxSelect: 1 },
  json: { maxSize: 0 },
  password: { min: 0, max: 0, pattern: '', cost: 0 },
  geoPoint: {},
}

/**
 * A new, unsaved field. It has no `id`: the server gives it one and matches it by name until then.
 */
export function newField(type: FieldType, name: string): CollectionField {
  return {
    // note: an empty id makes the server generate one (type + crc32 of the name), as for a missing id
    id: '',
    name,
    type,
    system: false,
    hidden: false,
    presentable: false,
    required: false,
    help: '',
    ...structuredClone(DEFAULT_OPTIONS[type]),
  }
}

/** The fields PocketBase's dashboard adds to every new base or auth collection. */
export function timestampFields(): CollectionField[] {
  return [
    { ...newField('autodate', 'created'), onCreate: true, onUpdate: false },
    { ...newField('autodate', 'updated'), onCreate: true, onUpdate: true },
  ]
}

/** True for select/relation/file fields that hold several values. */
export function isMulti(field: CollectionField): boolean {
  return ['select', 'relation', 'file'].includes(field.type) && Number(field.maxSelect) > 1
}
