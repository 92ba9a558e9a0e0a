/**
 * @module The filter resolver for records (PocketBase `core.RecordFieldResolver`): knows collections,
 * fields, relations, back-relations, `@request.*` and `@collection.*`.
 *
 * One resolver serves one query: compile the rule(s), the client filter and the sort with it, then read
 * {@link RecordFieldResolver.queryParts} (or use `buildSelect`) for the joins they need.
 */
import type { CollectionModel } from '../collections/collection-model.js'
import { compileFilter } from '../filter/filter-compiler.js'
import type { GroupNode } from '../filter/filter-ast.js'
import { FilterError, FilterResolveError } from '../filter/filter-error.js'
import type { FieldResolver, QueryParts, ResolvedOperand } from '../filter/field-resolver.js'
import { quoteColumn, type SqlFragment, type SqlJoin } from '../filter/sql-fragment.js'
import type { RequestInfo } from './record-field-resolver-request.js'
import { resolveRecordField, type RunnerContext } from './record-field-resolver-runner.js'
import { columnify } from './record-field-resolver-sql.js'

/** Collections by id or (case-insensitive) name: a `CollectionCache`, or a plain list. */
export type CollectionLookup =
  | { find(idOrName: string): CollectionModel | undefined }
  | readonly CollectionModel[]

/** Options of {@link createRecordFieldResolver}. */
export interface RecordFieldResolverOptions {
  /** The collection whose table is the query's main table (its name is the table alias). */
  readonly collection: CollectionModel
  readonly collections: CollectionLookup
  /** `null` makes every `@request.*` identifier NULL (internal queries without a request). */
  readonly requestInfo: RequestInfo | null
  /**
   * `true` for API rules and superusers; `false` for a non-superuser's client filter/sort and realtime
   * filters: hidden fields are then errors, `email` of auth collections also requires
   * `emailVisibility = TRUE`, and every joined collection must have a non-null listRule (its rule is
   * ANDed in by {@link RecordFieldResolver.queryParts}). Can be changed between compiles.
   */
  readonly allowHiddenFields: boolean
  /** Identifier whitelist (exact names or patterns); default: PocketBase's 8 patterns. */
  readonly allowedFields?: readonly (string | RegExp)[]
  /** Clock of the datetime macros (default: system clock). */
  readonly now?: () => Date
}

/** PocketBase's default identifier patterns. */
export const DEFAULT_ALLOWED_FIELDS: readonly RegExp[] = Object.freeze([
  /^\w+[\w.:]*$/,
  /^@request\.context$/,
  /^@request\.method$/,
  /^@request\.auth\.[\w.:]*\w+$/,
  /^@request\.body\.[\w.:]*\w+$/,
  /^@request\.query\.[\w.:]*\w+$/,
  /^@request\.headers\.[\w.:]*\w+$/,
  /^@collection\.\w+(:\w+)?\.[\w.:]*\w+$/,
])

/**
 * Creates the resolver for one query over `collection`.
 *
 * @example
 * // list request of a non-superuser (see buildSelect for the SQL assembly)
 * const resolver = createRecordFieldResolver({ collection, collections: cache, requestInfo, allowHiddenFields: true })
 * const rule = collection.listRule ? compileFilter(collection.listRule, resolver) : undefined
 * resolver.allowHiddenFields = false
 * const filter = compileFilter(filterText, resolver, { maxLength: FILTER_LIMITS.maxFilterLength })
 */
export function createRecordFieldResolver(
  options: RecordFieldResolverOptions,
): RecordFieldResolver {
  return new RecordFieldResolver(options)
}

interface Internal {
  readonly baseAlias: string
  readonly aliasSuffix: string
}

/** See {@link createRecordFieldResolver}. */
export class RecordFieldResolver implements FieldResolver {
  /** See {@link RecordFieldResolverOptions.allowHiddenFields}. */
  allowHiddenFields: boolean
  readonly collection: CollectionModel
  readonly requestInfo: RequestInfo | null
  readonly #find: (idOrName: string) => CollectionModel | undefined
  readonly #collections: CollectionLookup
  readonly #allowedFields: readonly (string | RegExp)[]
  readonly #now: (() => Date) | undefined
  readonly #baseAlias: string
  readonly #aliasSuffix: string
  readonly #joins: SqlJoin[] = []
  readonly #ruleJoins: { collection: CollectionModel; alias: string }[] = []
  #cloneSeq = 0

  constructor(options: RecordFieldResolverOptions, internal?: Internal) {
    this.collection = options.collection
    this.requestInfo = options.requestInfo
    this.allowHiddenFields = options.allowHiddenFields
    this.#collections = options.collections
    this.#find = lookupFunction(options.collections)
    this.#allowedFields = options.allowedFields ?? DEFAULT_ALLOWED_FIELDS
    this.#now = options.now
    this.#baseAlias = internal?.baseAlias ?? columnify(options.collection.name)
    this.#aliasSuffix = internal?.aliasSuffix ?? ''
  }

  /** `"<table>"."_rowid_"`; `null` for view collections (they have no rowid). */
  get rowid(): string | null {
    return this.collection.type === 'view' ? null : quoteColumn(this.#baseAlias, '_rowid_')
  }

  /** The clock of the datetime macros. */
  now(): Date {
    return this.#now ? this.#now() : new Date()
  }

  /** @inheritdoc */
  resolve(identifier: string): ResolvedOperand {
    return resolveRecordField(this.#context(), identifier)
  }

  /**
   * Joins registered so far plus, when hidden fields are not allowed, the list rule of every joined
   * collection as `id='' || (rule)` (PocketBase `UpdateQuery`). Call after compiling everything.
   *
   * @throws FilterError when a joined collection's list rule does not compile.
   */
  queryParts(): QueryParts {
    const joins = [...this.#joins]
    const where: SqlFragment[] = []
    if (!this.allowHiddenFields) {
      for (const { collection, alias } of this.#ruleJoins) {
        if (collection.listRule === null || collection.listRule === '') {
          continue
        }
        const clone = new RecordFieldResolver(
          {
            collection,
            collections: this.#collections,
            requestInfo: this.requestInfo,
            allowHiddenFields: true,
            allowedFields: this.#allowedFields,
            ...(this.#now ? { now: this.#now } : {}),
          },
          { baseAlias: alias, aliasSuffix: `__lr${++this.#cloneSeq}` },
        )
        // note: "id=''" keeps rows whose relation is empty, so `a.x != '' || b.y != ''` still works
        // when one of the relations is unset (PocketBase does the same); \n ends trailing comments
        try {
          where.push(compileFilter(`id='' || (\n${collection.listRule}\n)`, clone))
        } catch (err) {
          if (err instanceof FilterError) {
            throw new FilterResolveError(
              `failed to build ${JSON.stringify(collection.name)} ListRule join subquery filter expression: ${err.message}`,
              { cause: err },
            )
          }
          throw err
        }
        joins.push(...clone.#joins)
      }
    }
    return { joins, where, distinct: joins.length > 0 }
  }

  #context(): RunnerContext {
    const internal = { baseAlias: this.#baseAlias, aliasSuffix: this.#aliasSuffix }
    return {
      base: this.collection,
      ...internal,
      requestInfo: this.requestInfo,
      allowHiddenFields: this.allowHiddenFields,
      allowedFields: this.#allowedFields,
      loadCollection: (nameOrId) => this.#loadCollection(nameOrId),
      registerJoin: (join, collection) => this.#registerJoin(join, collection),
      compile: (node: GroupNode) => compileFilter(node, this),
    }
  }

  #loadCollection(nameOrId: string): CollectionModel | undefined {
    if (nameOrId === this.collection.name || nameOrId === this.collection.id) {
      return this.collection
    }
    return this.#find(nameOrId)
  }

  #registerJoin(join: SqlJoin, collection: CollectionModel | undefined): void {
    if (!this.allowHiddenFields && collection) {
      // note: for non-superuser filters a joined collection behaves as if all its fields were hidden
      // unless it is listable, and then its list rule constrains the match (see queryParts)
      if (collection.listRule === null) {
        throw new FilterResolveError(
          `${JSON.stringify(collection.name)} fields can be accessed only when allowHiddenFields is enabled or by superusers`,
        )
      }
      const existing = this.#ruleJoins.find((r) => r.alias === join.alias)
      if (existing) {
        existing.collection = collection
      } else {
        this.#ruleJoins.push({ collection, alias: join.alias })
      }
    }
    const i = this.#joins.findIndex((j) => j.alias === join.alias)
    if (i >= 0) {
      this.#joins[i] = join
    } else {
      this.#joins.push(join)
    }
  }
}

const listIndexes = new WeakMap<
  readonly CollectionModel[],
  { byId: Map<string, CollectionModel>; byName: Map<string, CollectionModel> }
>()

function lookupFunction(
  collections: CollectionLookup,
): (idOrName: string) => CollectionModel | undefined {
  if (!Array.isArray(collections)) {
    const cache = collections as { find(idOrName: string): CollectionModel | undefined }
    return (idOrName) => cache.find(idOrName)
  }
  const list = collections as readonly CollectionModel[]
  let index = listIndexes.get(list)
  if (!index) {
    index = { byId: new Map(), byName: new Map() }
    for (const c of list) {
      index.byId.set(c.id, c)
      if (!index.byName.has(c.name.toLowerCase())) {
        index.byName.set(c.name.toLowerCase(), c)
      }
    }
    listIndexes.set(list, index)
  }
  const { byId, byName } = index
  return (idOrName) => byId.get(idOrName) ?? byName.get(idOrName.toLowerCase())
}
