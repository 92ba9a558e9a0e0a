/**
 * @module The field types by name. Apps may register more (PocketBase's `core.Fields` map).
 */
import type { FieldType } from '../collections/collection-model.js'
import { autodateField } from './field-autodate.js'
import { boolField } from './field-bool.js'
import { dateField } from './field-date.js'
import { editorField } from './field-editor.js'
import { emailField } from './field-email.js'
import { fileField } from './field-file.js'
import { geoPointField } from './field-geo-point.js'
import { jsonField } from './field-json.js'
import type { FieldKind } from './field-kind.js'
import { numberField } from './field-number.js'
import { passwordField } from './field-password.js'
import { relationField } from './field-relation.js'
import { selectField } from './field-select.js'
import { textField } from './field-text.js'
import { urlField } from './field-url.js'

const kinds = new Map<string, FieldKind>()

/** Registers (or replaces) the behaviour of a field type. */
export function registerFieldKind(kind: FieldKind): void {
  kinds.set(kind.type, kind)
}

for (const kind of [
  textField,
  numberField,
  boolField,
  emailField,
  urlField,
  editorField,
  dateField,
  autodateField,
  selectField,
  fileField,
  relationField,
  jsonField,
  passwordField,
  geoPointField,
]) {
  registerFieldKind(kind)
}

/** The behaviour of a field type; unknown types throw (a collection with one can't be used). */
export function fieldKind(type: FieldType | string): FieldKind {
  const kind = kinds.get(type)
  if (!kind) {
    throw new Error(`unknown field type "${type}"`)
  }
  return kind
}

/** Whether a field type is registered. */
export function hasFieldKind(type: string): boolean {
  return kinds.has(type)
}
