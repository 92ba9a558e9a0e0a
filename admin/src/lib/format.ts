/** @module Formatting helpers: dates, sizes, short text, and the search-box → filter rule. */
import type { CollectionField, CollectionModel, RecordModel } from 'pocketbase'
import { pb } from '../pb.js'

/** `2024-05-01 10:20:30.123Z` → `2024-05-01 10:20:30 UTC` (empty for empty dates). */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    return ''
  }
  return value.replace(/\.\d+Z$/, '').replace(/Z$/, '') + ' UTC'
}

/** A server date string as the value of an `<input type="datetime-local">` (UTC, seconds). */
export function toDateInput(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    return ''
  }
  return value.slice(0, 19).replace(' ', 'T')
}

/** An `<input type="datetime-local">` value (taken as UTC) as a server date string. */
export function fromDateInput(value: string): string {
  if (!value) {
    return ''
  }
  const [date, time = '00:00:00'] = value.split('T')
  const full = time.length === 5 ? `${time}:00` : time
  return `${date} ${full}.000Z`
}

/** Bytes as `1.2 MB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) {
    return ''
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`
}

/** Cuts text to `max` characters with an ellipsis. */
export function truncate(s: string, max = 60): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s
}

/** Text without HTML tags (for editor fields in tables). */
export function stripHtml(s: string): string {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

const IMAGE_EXT = /\.(png|jpe?g|gif|webp|svg|avif|bmp)$/i

/** True when a stored file name looks like an image the server can thumbnail or show. */
export function isImageName(name: string): boolean {
  return IMAGE_EXT.test(name)
}

/** Short text that names a record: its presentable fields, else a text-ish field, else its id. */
export function recordLabel(record: RecordModel, collection?: CollectionModel): string {
  const fields = collection?.fields ?? []
  const presentable = fields.filter((f) => f.presentable).map((f) => record[f.name])
  const values = presentable.filter((v) => v !== '' && v !== null && v !== undefined)
  if (values.length > 0) {
    return values.map((v) => (Array.isArray(v) ? v.join(', ') : String(v))).join(' · ')
  }
  for (const key of ['name', 'title', 'email', 'username', 'label', 'slug']) {
    if (typeof record[key] === 'string' && record[key]) {
      return record[key] as string
    }
  }
  return record.id
}

const OPERATOR = /(=|~|<|>|&&|\|\||\(|\))/

/** Field types a plain search looks into. */
const SEARCHABLE = new Set(['text', 'email', 'url', 'editor', 'select', 'json'])

/**
 * The filter to send for what the user typed in a search box: a filter expression as is, or a
 * plain word turned into "any searchable field contains it" (as PocketBase's dashboard does).
 */
export function searchToFilter(text: string, fields: readonly CollectionField[]): string {
  const t = text.trim()
  if (t === '' || OPERATOR.test(t)) {
    return t
  }
  const names = fields.filter((f) => SEARCHABLE.has(f.type) && !f.hidden).map((f) => f.name)
  if (!names.includes('id')) {
    names.unshift('id')
  }
  return names.map((n) => pb.filter(`${n} ~ {:q}`, { q: t })).join(' || ')
}
