/**
 * @module Applying a submitted settings body the way Go's `json.Unmarshal` fills PocketBase's typed
 * settings struct: known keys only, values must have the field's JSON type (a wrong type fails the
 * whole body), integers must be whole, `null` leaves a value as it is.
 */
import { defaultSettings } from './settings-defaults.js'

/** Thrown when the body doesn't fit the settings' types. */
export class SettingsTypeError extends Error {}

type Shape = 'string' | 'int' | 'bool' | 'strings' | 'rules' | { [key: string]: Shape }

function shapeOf(value: unknown, key: string): Shape {
  if (key === 'rules') return 'rules'
  if (Array.isArray(value)) return 'strings'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return 'int' // every numeric setting is a Go int
  if (typeof value === 'string') return 'string'
  const out: { [key: string]: Shape } = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = shapeOf(v, k)
  }
  return out
}

const SETTINGS_SHAPE = (() => {
  const shape = shapeOf(defaultSettings(), '') as { [key: string]: Shape }
  // secrets are write-only but settable
  ;(shape.s3 as Record<string, Shape>).secret = 'string'
  ;((shape.backups as Record<string, Shape>).s3 as Record<string, Shape>).secret = 'string'
  return shape
})()

const RULE_SHAPE: { [key: string]: Shape } = { label: 'string', audience: 'string', duration: 'int', maxRequests: 'int' }

function convert(value: unknown, shape: Shape, current: unknown): unknown {
  if (value === null) {
    return current // note: Go leaves non-pointer fields untouched on null
  }
  switch (shape) {
    case 'string':
      if (typeof value !== 'string') throw new SettingsTypeError('expected a string')
      return value
    case 'bool':
      if (typeof value !== 'boolean') throw new SettingsTypeError('expected a boolean')
      return value
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new SettingsTypeError('expected an integer')
      return value
    case 'strings':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new SettingsTypeError('expected strings')
      return [...value]
    case 'rules':
      if (!Array.isArray(value)) throw new SettingsTypeError('expected a list of rules')
      return value.map((rule) => convert(rule, RULE_SHAPE, { label: '', audience: '', duration: 0, maxRequests: 0 }))
    default: {
      if (typeof value !== 'object' || Array.isArray(value)) throw new SettingsTypeError('expected an object')
      const out: Record<string, unknown> = { ...((current as Record<string, unknown>) ?? {}) }
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const sub = shape[k]
        if (sub !== undefined) {
          out[k] = convert(v, sub, out[k])
        }
      }
      return out
    }
  }
}

/** A copy of `current` with `body` applied; throws SettingsTypeError for mistyped values. */
export function applySettingsPatch<T extends Record<string, unknown>>(current: T, body: unknown): T {
  return convert(body, SETTINGS_SHAPE, structuredClone(current)) as T
}
