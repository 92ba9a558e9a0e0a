/**
 * @module `geoPoint` fields: `{lon, lat}` (PocketBase `core/field_geo_point.go`).
 */
import type { SqlValue } from '../db/sqlite-port.js'
import { toFloat } from '../tools/cast.js'
import type { FieldKind } from './field-kind.js'
import { checkCommonSettings, errRequired, errUnsupportedValueType, validationError } from './validators.js'

/** A point on the globe, serialised as `{"lon":…,"lat":…}`. */
export interface GeoPoint {
  lon: number
  lat: number
}

/** Reads a point from an object, JSON text or nothing (zero point); malformed input is the zero point. */
export function toGeoPoint(raw: unknown): GeoPoint {
  let value = raw
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    const text = typeof raw === 'string' ? raw : new TextDecoder().decode(raw)
    try {
      value = text === '' ? null : JSON.parse(text)
    } catch {
      value = null
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>
    return { lon: toFloat(v.lon), lat: toFloat(v.lat) }
  }
  return { lon: 0, lat: 0 }
}

export const geoPointField: FieldKind = {
  type: 'geoPoint',
  defaults: () => ({ required: false }),
  columnType: () => `JSON DEFAULT '{"lon":0,"lat":0}' NOT NULL`,
  prepareValue: (_field, raw) => toGeoPoint(raw),
  driverValue: (field, record): SqlValue => {
    const p = toGeoPoint(record.getRaw(field.name))
    return JSON.stringify({ lon: p.lon, lat: p.lat })
  },
  validateValue(_app, field, record) {
    const p = record.getRaw(field.name) as GeoPoint | undefined
    if (!p || typeof p.lat !== 'number' || typeof p.lon !== 'number') {
      return errUnsupportedValueType()
    }
    if (p.lat === 0 && p.lon === 0) {
      return field.required ? errRequired() : undefined
    }
    if (p.lat < -90 || p.lat > 90) {
      return validationError('validation_invalid_latitude', 'Latitude must be between -90 and 90 degrees.')
    }
    if (p.lon < -180 || p.lon > 180) {
      return validationError('validation_invalid_longitude', 'Longitude must be between -180 and 180 degrees.')
    }
    return undefined
  },
  validateSettings: (field) => checkCommonSettings(field, {}),
}
