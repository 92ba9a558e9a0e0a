/**
 * @module The JS migration file templates of PocketBase's `migratecmd` (`plugins/migratecmd/templates.go`):
 * blank, collections snapshot, and the create/delete/diff files automigrate writes. The text matches
 * PocketBase's (JSON with sorted keys, two-space indents), so the files run in both.
 */
import { collectionToJSON } from '../collections/collection-json.js'
import type { CollectionModel } from '../collections/collection-model.js'
import { snakecase } from '../files/file-name.js'

/** PocketBase's `/// <reference path="../pb_data/types.d.ts" />` first line. */
export const JS_TYPES_DIRECTIVE = '/// <reference path="../pb_data/types.d.ts" />\n'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function sortKeysDeep(value: unknown): Json {
  if (Array.isArray(value)) {
    return value.map(sortKeysDeep)
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = sortKeysDeep(v)
    }
    return out
  }
  return value as Json
}

/** Go's `json.MarshalIndent(v, prefix, indent)` of a decoded map (keys sorted), unescaped. */
export function marshalIndent(value: unknown, prefix: string, indent: string): string {
  return JSON.stringify(sortKeysDeep(value), null, indent).replaceAll('\n', '\n' + prefix)
}

/** A collection as the templates serialise it: its JSON without timestamps and OAuth2 providers. */
export function templateCollectionData(c: CollectionModel): Record<string, unknown> {
  const data = JSON.parse(JSON.stringify(collectionToJSON(c))) as Record<string, unknown>
  delete data.created
  delete data.updated
  const oauth2 = data.oauth2 as Record<string, unknown> | undefined
  if (oauth2 && typeof oauth2 === 'object') {
    delete oauth2.providers
  }
  return data
}

/** `migrate create <name>`: an empty migration. */
export function jsBlankTemplate(): string {
  return `${JS_TYPES_DIRECTIVE}migrate((app) => {
  // add up queries...
}, (app) => {
  // add down queries...
})
`
}

/** `migrate collections`: imports a snapshot of every collection. */
export function jsSnapshotTemplate(collections: readonly CollectionModel[]): string {
  const json = marshalIndent(collections.map(templateCollectionData), '  ', '  ')
  return `${JS_TYPES_DIRECTIVE}migrate((app) => {
  const snapshot = ${json};

  return app.importCollections(snapshot, false);
}, (app) => {
  return null;
})
`
}

/** A created collection. */
export function jsCreateTemplate(c: CollectionModel): string {
  const json = marshalIndent(templateCollectionData(c), '  ', '  ')
  return `${JS_TYPES_DIRECTIVE}migrate((app) => {
  const collection = new Collection(${json});

  return app.save(collection);
}, (app) => {
  const collection = app.findCollectionByNameOrId(${JSON.stringify(c.id)});

  return app.delete(collection);
})
`
}

/** A deleted collection. */
export function jsDeleteTemplate(c: CollectionModel): string {
  const json = marshalIndent(templateCollectionData(c), '  ', '  ')
  return `${JS_TYPES_DIRECTIVE}migrate((app) => {
  const collection = app.findCollectionByNameOrId(${JSON.stringify(c.id)});

  return app.delete(collection);
}, (app) => {
  const collection = new Collection(${json});

  return app.save(collection);
})
`
}

/** PocketBase's `diffMaps`: changed and new keys of `next` (nested maps diffed), removed keys as null. */
export function diffMaps(
  prev: Record<string, unknown>,
  next: Record<string, unknown>,
  ...exclude: string[]
): Record<string, unknown> {
  const diff: Record<string, unknown> = {}
  for (const [k, vNew] of Object.entries(next)) {
    if (exclude.includes(k)) continue
    if (!(k in prev)) {
      diff[k] = vNew
      continue
    }
    const vOld = prev[k]
    if (JSON.stringify(sortKeysDeep(vOld)) !== JSON.stringify(sortKeysDeep(vNew))) {
      const isMap = (v: unknown): v is Record<string, unknown> =>
        v !== null && typeof v === 'object' && !Array.isArray(v)
      if (isMap(vOld) && isMap(vNew)) {
        const sub = diffMaps(vOld, vNew)
        if (Object.keys(sub).length > 0) diff[k] = sub
      } else {
        diff[k] = vNew
      }
    }
  }
  for (const k of Object.keys(prev)) {
    if (k in diff || exclude.includes(k)) continue
    if (!(k in next)) diff[k] = null
  }
  return diff
}

/**
 * The migration between two states of a collection: create (no `prev`), delete (no `next`), or the
 * changed properties and fields; `undefined` when nothing changed.
 */
export function jsDiffTemplate(
  next: CollectionModel | undefined,
  prev: CollectionModel | undefined,
): string | undefined {
  if (!next && !prev) {
    throw new Error('the diff template require at least one of the collection to be non-nil')
  }
  if (!next) return jsDeleteTemplate(prev!)
  if (!prev) return jsCreateTemplate(next)

  const up: string[] = []
  const down: string[] = []
  const newMap = JSON.parse(JSON.stringify(collectionToJSON(next))) as Record<string, unknown>
  const oldMap = JSON.parse(JSON.stringify(collectionToJSON(prev))) as Record<string, unknown>
  const fieldJson = (f: unknown) => marshalIndent(f, '  ', '  ')

  const upDiff = diffMaps(oldMap, newMap, 'fields', 'created', 'updated')
  if (Object.keys(upDiff).length > 0) {
    const downDiff = diffMaps(newMap, oldMap, 'fields', 'created', 'updated')
    up.push(
      '// update collection data',
      `unmarshal(${marshalIndent(upDiff, '  ', '  ')}, collection)\n`,
    )
    down.push(
      '// update collection data',
      `unmarshal(${marshalIndent(downDiff, '  ', '  ')}, collection)\n`,
    )
  }

  const oldFields = oldMap.fields as Record<string, unknown>[]
  const newFields = newMap.fields as Record<string, unknown>[]

  prev.fields.forEach((f, i) => {
    if (next.fields.some((x) => x.id === f.id)) return
    up.push('// remove field', `collection.fields.removeById(${JSON.stringify(f.id)})\n`)
    down.push(
      '// add field',
      `collection.fields.addAt(${i}, new Field(${fieldJson(oldFields[i])}))\n`,
    )
  })

  next.fields.forEach((f, i) => {
    if (prev.fields.some((x) => x.id === f.id)) return
    up.push(
      '// add field',
      `collection.fields.addAt(${i}, new Field(${fieldJson(newFields[i])}))\n`,
    )
    down.push('// remove field', `collection.fields.removeById(${JSON.stringify(f.id)})\n`)
  })

  // note: as PocketBase, order-only changes are ignored
  next.fields.forEach((f, i) => {
    const j = prev.fields.findIndex((x) => x.id === f.id)
    if (j < 0) return
    const rawNew = fieldJson(newFields[i])
    const rawOld = fieldJson(oldFields[j])
    if (rawNew === rawOld) return
    up.push('// update field', `collection.fields.addAt(${i}, new Field(${rawNew}))\n`)
    down.push('// update field', `collection.fields.addAt(${j}, new Field(${rawOld}))\n`)
  })

  if (up.length === 0 && down.length === 0) {
    return undefined
  }
  return `${JS_TYPES_DIRECTIVE}migrate((app) => {
  const collection = app.findCollectionByNameOrId(${JSON.stringify(prev.id)})

  ${up.join('\n  ').trim()}

  return app.save(collection)
}, (app) => {
  const collection = app.findCollectionByNameOrId(${JSON.stringify(next.id)})

  ${down.join('\n  ').trim()}

  return app.save(collection)
})
`
}

/** `<unix seconds>_<snake_case name>.js`, the name `migrate create|collections` gives a file. */
export function migrationFileName(name: string, now: Date): string {
  return `${Math.floor(now.getTime() / 1000)}_${snakecase(name)}.js`
}
