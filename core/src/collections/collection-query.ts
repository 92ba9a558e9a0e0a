/**
 * @module Reading collections from `_collections`, and the in-memory cache every request uses.
 */
import type { SqlExecutor, SqlRow } from '../db/sqlite-port.js'
import { collectionFromRow } from './collection-json.js'
import type { CollectionModel, CollectionType } from './collection-model.js'

/** Loads every collection, ordered like PocketBase lists them (by creation). */
export async function loadAllCollections(db: SqlExecutor): Promise<CollectionModel[]> {
  const rows = await db.all<SqlRow>('SELECT * FROM `_collections` ORDER BY `created` ASC, `name` ASC')
  return rows.map(collectionFromRow)
}

/** An immutable snapshot of all collections, indexed by id and by lower-cased name. */
export class CollectionCache {
  readonly all: readonly CollectionModel[]
  readonly #byId = new Map<string, CollectionModel>()
  readonly #byName = new Map<string, CollectionModel>()

  constructor(collections: CollectionModel[]) {
    this.all = collections
    for (const c of collections) {
      this.#byId.set(c.id, c)
      this.#byName.set(c.name.toLowerCase(), c)
    }
  }

  /** Finds by id, or by name case-insensitively (PocketBase's `FindCachedCollectionByNameOrId`). */
  find(idOrName: string): CollectionModel | undefined {
    return this.#byId.get(idOrName) ?? this.#byName.get(idOrName.toLowerCase())
  }

  /** All collections of the given types (all when none given). */
  ofType(...types: CollectionType[]): CollectionModel[] {
    return types.length === 0 ? [...this.all] : this.all.filter((c) => types.includes(c.type))
  }

  /**
   * The relation fields (by collection) that point at `collection` (PocketBase's
   * `FindCachedCollectionReferences`), used for cascade deletes and back-relations.
   */
  references(collection: CollectionModel): Map<CollectionModel, CollectionModel['fields']> {
    const refs = new Map<CollectionModel, CollectionModel['fields']>()
    for (const c of this.all) {
      const fields = c.fields.filter((f) => f.type === 'relation' && f.collectionId === collection.id)
      if (fields.length > 0) {
        refs.set(c, fields)
      }
    }
    return refs
  }
}
