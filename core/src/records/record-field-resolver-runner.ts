/**
 * @module Resolution of one identifier against collections (PocketBase `core/record_field_resolver_runner.go`).
 *
 * Walks `a.b.c:modifier` through relation fields, back-relations (`posts_via_author`), json paths,
 * `@collection.*`, `@request.auth.*` and `@request.body.*`, registering the LEFT JOINs the main query
 * needs and building, for multi-valued paths, the correlated "multi-match" subquery.
 */
import type { CollectionModel, FieldModel } from '../collections/collection-model.js'
import { isMultiValueField } from '../collections/collection-model.js'
import { ExprNode, GroupNode, IdentifierNode } from '../filter/filter-ast.js'
import { FilterResolveError } from '../filter/filter-error.js'
import type { MultiMatchSubquery, ResolvedOperand } from '../filter/field-resolver.js'
import {
  joinsToSql,
  quoteColumn,
  REAL_PARAM,
  quoteIdentifier,
  type SqlFragment,
  type SqlJoin,
} from '../filter/sql-fragment.js'
import { toString, toUniqueStringSlice } from '../tools/cast.js'
import {
  extractNestedValue,
  ownValue,
  toBindable,
  toSlice,
  type RequestInfo,
} from './record-field-resolver-request.js'
import {
  columnify,
  hasSingleColumnUniqueIndex,
  jsonArrayLength,
  jsonEach,
  jsonExtract,
  quoteTable,
} from './record-field-resolver-sql.js'

/** What the runner needs from its resolver. */
export interface RunnerContext {
  readonly base: CollectionModel
  readonly baseAlias: string
  readonly aliasSuffix: string
  readonly requestInfo: RequestInfo | null
  readonly allowHiddenFields: boolean
  readonly allowedFields: readonly (string | RegExp)[]
  loadCollection(nameOrId: string): CollectionModel | undefined
  /** Registers (or replaces, by alias) a join; `collection` is set when the join targets a collection table. */
  registerJoin(join: SqlJoin, collection?: CollectionModel): void
  /** Compiles a nested filter with this resolver (for `:changed`). */
  compile(node: GroupNode): SqlFragment
}

/** Max relation hops in one path (PocketBase `maxNestedRels`). */
export const MAX_NESTED_RELS = 6

const PLAIN_AUTH_FIELDS = new Set(
  ['id', 'collectionId', 'collectionName', 'email', 'emailVisibility', 'verified'].map(
    (f) => '@request.auth.' + f,
  ),
)
const MODIFIERS = new Set(['isset', 'each', 'length', 'lower', 'changed'])
const VIA = /^(\w+)_via_(\w+)$/
const NULL: ResolvedOperand = Object.freeze({ sql: 'NULL', params: Object.freeze([]) })

const isMultiValuer = (f: FieldModel) =>
  f.type === 'select' || f.type === 'relation' || f.type === 'file'
const fail = (message: string): never => {
  throw new FilterResolveError(message)
}

/** Splits `name:modifier`; an unknown modifier is an error, more than one `:` is no modifier. */
export function splitModifier(combined: string): [string, string] {
  const parts = combined.split(':')
  if (parts.length !== 2) {
    return [combined, '']
  }
  if (!MODIFIERS.has(parts[1]!)) {
    fail(`unknown modifier in ${JSON.stringify(combined)}`)
  }
  return [parts[0]!, parts[1]!]
}

function inExpr(column: string, ids: readonly string[]): SqlFragment {
  return ids.length === 1
    ? { sql: `${column}=?`, params: ids }
    : { sql: `${column} IN (${ids.map(() => '?').join(', ')})`, params: ids }
}

/** Resolves one identifier; throws {@link FilterResolveError} when it is not allowed or unknown. */
export function resolveRecordField(ctx: RunnerContext, fieldName: string): ResolvedOperand {
  return new Runner(ctx, fieldName).run()
}

class Runner {
  readonly #ctx: RunnerContext
  readonly #fieldName: string
  #props: string[]
  #activeCollectionName: string
  #activeAlias: string
  #nullifyMissing: boolean
  #withMultiMatch = false
  #mmActiveAlias: string
  readonly #mmFrom: { table: string; alias: string; target: string }
  readonly #mmJoins: SqlJoin[] = []

  constructor(ctx: RunnerContext, fieldName: string) {
    this.#ctx = ctx
    this.#fieldName = fieldName
    this.#props = fieldName.split('.')
    this.#activeCollectionName = ctx.base.name
    this.#activeAlias = ctx.baseAlias
    // note: missing @request.* fields resolve to NULL for backward compatibility, as in PocketBase
    this.#nullifyMissing = this.#props[0] === '@request'
    this.#mmFrom = {
      table: columnify(ctx.base.name),
      alias: '__mm_' + ctx.baseAlias,
      target: ctx.baseAlias,
    }
    this.#mmActiveAlias = this.#mmFrom.alias
  }

  run(): ResolvedOperand {
    const { allowedFields, requestInfo } = this.#ctx
    const name = this.#fieldName
    if (
      allowedFields.length > 0 &&
      !allowedFields.some((f) => (typeof f === 'string' ? f === name : f.test(name)))
    ) {
      fail(`failed to resolve field ${JSON.stringify(name)}`)
    }
    if (this.#props[0] === '@collection') {
      return this.#collectionField()
    }
    if (this.#props[0] === '@request') {
      if (requestInfo === null) {
        return NULL
      }
      if (name.startsWith('@request.auth.')) {
        return this.#authField(requestInfo)
      }
      if (name.startsWith('@request.body.') && this.#props.length > 2) {
        const [fieldName, modifier] = splitModifier(this.#props[2]!)
        const bodyField = this.#ctx.base.fields.find((f) => f.name === fieldName)
        if (bodyField) {
          if (bodyField.type === 'relation' && this.#props.length > 3) {
            return this.#bodyRelationField(bodyField, requestInfo)
          }
          if (this.#props.length === 3) {
            switch (modifier) {
              case 'each':
                return this.#bodyEach(bodyField, requestInfo)
              case 'length':
                return this.#bodyLength(bodyField, requestInfo)
              case 'lower':
                return this.#bodyLower(bodyField, requestInfo)
              case 'changed':
                return this.#bodyChanged(bodyField)
            }
          }
        }
      }
      return this.#staticField(requestInfo, this.#props.slice(1))
    }
    return this.#activeProps()
  }

  // --- @request.* values --------------------------------------------------------------------------

  #staticField(info: RequestInfo, path: string[]): ResolvedOperand {
    const [last, modifier] = splitModifier(path[path.length - 1]!)
    path[path.length - 1] = last
    const data = {
      context: info.context,
      method: info.method,
      query: info.query,
      headers: info.headers,
      body: info.body,
      auth: info.auth,
    }
    const extracted = extractNestedValue(data, path)
    if (modifier === 'isset') {
      return { sql: extracted.found ? 'TRUE' : 'FALSE', params: [] }
    }
    // note: a numeric string for a number field of the collection is compared as a number (multipart bodies)
    const field = this.#ctx.base.fields.find((f) => f.name === last)
    const value = toBindable(extracted.value, field?.type === 'number')
    if (modifier !== '' && modifier !== 'lower') {
      fail(`invalid modifier sequence ${last}:${modifier}`)
    }
    if (value === null) {
      return NULL
    }
    // note: Go binds JSON numbers as float64, i.e. REAL (see REAL_PARAM)
    const isBool = typeof extracted.value === 'boolean'
    const param = typeof value === 'number' && !isBool ? REAL_PARAM : '?'
    return {
      sql: modifier === 'lower' ? `LOWER(${param})` : param,
      params: [value],
      // as a `~` pattern PocketBase uses the value's text: 'true'/'false', not 1/0
      ...(isBool ? { patternParams: [String(extracted.value)] } : {}),
    }
  }

  #bodyLower(field: FieldModel, info: RequestInfo): ResolvedOperand {
    return { sql: 'LOWER(?)', params: [toString(ownValue(info.body, field.name))] }
  }

  #bodyLength(field: FieldModel, info: RequestInfo): ResolvedOperand {
    if (!isMultiValuer(field)) {
      fail(`field ${JSON.stringify(field.name)} doesn't support multivalue operations`)
    }
    // a count we computed, not request text: safe inline, and it keeps PocketBase's null handling
    return { sql: String(toSlice(ownValue(info.body, field.name)).length), params: [] }
  }

  #bodyEach(field: FieldModel, info: RequestInfo): ResolvedOperand {
    if (!isMultiValuer(field)) {
      fail(`field ${JSON.stringify(field.name)} doesn't support multivalue operations`)
    }
    const items = JSON.stringify(toSlice(ownValue(info.body, field.name)))
    const jeAlias = '__dataEach_je_' + columnify(field.name) + this.#ctx.aliasSuffix
    this.#ctx.registerJoin({ table: { sql: 'json_each(?)', params: [items] }, alias: jeAlias })
    // note: PocketBase keeps the items as the operand's parameter, so it counts as a (non-empty) value
    const result = {
      sql: quoteColumn(jeAlias, 'value'),
      params: [],
      isValue: true,
      valueParams: [items],
    }
    if (isMultiValueField(field)) {
      this.#withMultiMatch = true
    }
    if (!this.#withMultiMatch) {
      return result
    }
    const jeAlias2 = '__mm_' + jeAlias
    this.#mmJoins.push({ table: { sql: 'json_each(?)', params: [items] }, alias: jeAlias2 })
    return { ...result, multiMatch: this.#multiMatch(quoteColumn(jeAlias2, 'value')) }
  }

  #bodyChanged(field: FieldModel): ResolvedOperand {
    // `@request.body.f:changed` ≡ `@request.body.f:isset = true && @request.body.f != f`
    const name = field.name
    const expr = this.#ctx.compile(
      GroupNode.create([
        {
          join: '&&',
          node: ExprNode.create(
            IdentifierNode.create(`@request.body.${name}:isset`),
            '=',
            IdentifierNode.create('true'),
          ),
        },
        {
          join: '&&',
          node: ExprNode.create(
            IdentifierNode.create(`@request.body.${name}`),
            '!=',
            IdentifierNode.create(name),
          ),
        },
      ]),
    )
    return { sql: expr.sql, params: expr.params, nullFallback: 'disabled', isValue: false }
  }

  #bodyRelationField(field: FieldModel, info: RequestInfo): ResolvedOperand {
    const relCollection = this.#ctx.loadCollection(toString(field.collectionId))
    if (!relCollection) {
      return fail(
        `failed to load collection ${JSON.stringify(field.collectionId)} from data field ${JSON.stringify(field.name)}`,
      )
    }
    const ids = toUniqueStringSlice(ownValue(info.body, field.name))
    if (ids.length === 0) {
      return NULL
    }
    this.#activeCollectionName = relCollection.name
    this.#activeAlias =
      columnify(`__data_${relCollection.name}_${field.name}`) + this.#ctx.aliasSuffix
    this.#ctx.registerJoin(
      {
        table: { sql: quoteTable(relCollection.name), params: [] },
        alias: this.#activeAlias,
        on: inExpr(quoteColumn(this.#activeAlias, 'id'), ids),
      },
      relCollection,
    )
    if (isMultiValueField(field)) {
      this.#withMultiMatch = true
    }
    this.#mmActiveAlias = '__mm_' + this.#activeAlias
    this.#mmJoins.push({
      table: { sql: quoteTable(relCollection.name), params: [] },
      alias: this.#mmActiveAlias,
      on: inExpr(quoteColumn(this.#mmActiveAlias, 'id'), ids),
    })
    this.#props = this.#props.slice(3)
    return this.#activeProps()
  }

  // --- @request.auth.* and @collection.* joins ------------------------------------------------------

  #authField(info: RequestInfo): ResolvedOperand {
    const auth = info.auth
    const collection = auth
      ? (this.#ctx.loadCollection(toString(auth.collectionId)) ??
        this.#ctx.loadCollection(toString(auth.collectionName)))
      : undefined
    if (!auth || !collection) {
      return NULL
    }
    if (PLAIN_AUTH_FIELDS.has(this.#fieldName)) {
      return this.#staticField(info, this.#props.slice(1))
    }
    const authId = toString(auth.id)
    this.#activeCollectionName = collection.name
    this.#activeAlias = '__auth_' + columnify(collection.name) + this.#ctx.aliasSuffix
    const table = { sql: quoteTable(collection.name), params: [] }
    this.#ctx.registerJoin(
      {
        table,
        alias: this.#activeAlias,
        on: { sql: `${quoteColumn(this.#activeAlias, 'id')} = ?`, params: [authId] },
      },
      collection,
    )
    this.#mmActiveAlias = '__mm_' + this.#activeAlias
    this.#mmJoins.push({
      table,
      alias: this.#mmActiveAlias,
      on: { sql: `${quoteColumn(this.#mmActiveAlias, 'id')} = ?`, params: [authId] },
    })
    this.#props = this.#props.slice(2)
    return this.#activeProps()
  }

  #collectionField(): ResolvedOperand {
    if (this.#props.length < 3) {
      fail(`invalid @collection field path in ${JSON.stringify(this.#fieldName)}`)
    }
    const sep = this.#props[1]!.indexOf(':')
    const nameOrId = sep < 0 ? this.#props[1]! : this.#props[1]!.slice(0, sep)
    const alias = sep < 0 ? '' : this.#props[1]!.slice(sep + 1)
    const collection = this.#ctx.loadCollection(nameOrId)
    if (!collection) {
      return fail(
        `failed to load collection ${JSON.stringify(this.#props[1])} from field path ${JSON.stringify(this.#fieldName)}`,
      )
    }
    this.#activeCollectionName = collection.name
    this.#activeAlias =
      columnify(alias !== '' ? '__collection_alias_' + alias : '__collection_' + collection.name) +
      this.#ctx.aliasSuffix
    this.#withMultiMatch = true
    const table = { sql: quoteTable(collection.name), params: [] }
    this.#ctx.registerJoin({ table, alias: this.#activeAlias }, collection)
    this.#mmActiveAlias = '__mm_' + this.#activeAlias
    this.#mmJoins.push({ table, alias: this.#mmActiveAlias })
    this.#props = this.#props.slice(2)
    return this.#activeProps()
  }

  // --- field paths ---------------------------------------------------------------------------------

  #activeProps(): ResolvedOperand {
    const ctx = this.#ctx
    const props = this.#props
    for (let i = 0; i < props.length; i++) {
      const prop = props[i]!
      const collection = ctx.loadCollection(this.#activeCollectionName)
      if (!collection) {
        return fail(`failed to resolve field ${JSON.stringify(prop)}`)
      }
      if (i === props.length - 1) {
        return this.#finalize(collection, prop)
      }
      const field = collection.fields.find((f) => f.name === prop)
      if (field?.hidden && !ctx.allowHiddenFields) {
        fail(`non-filterable field ${JSON.stringify(prop)}`)
      }
      if (field && (field.type === 'json' || field.type === 'geoPoint')) {
        return this.#jsonPath(field, props.slice(i + 1))
      }
      if (i >= MAX_NESTED_RELS) {
        fail(`max nested relations reached for field ${JSON.stringify(prop)}`)
      }
      if (!field) {
        const back = this.#backRelation(collection, prop)
        if (back) {
          return back
        }
        continue
      }
      if (field.type !== 'relation') {
        fail(`field ${JSON.stringify(prop)} is not a valid relation`)
      }
      const relCollection = ctx.loadCollection(toString(field.collectionId))
      if (!relCollection) {
        return fail(`failed to load field ${JSON.stringify(prop)} collection`)
      }
      const multiple = isMultiValueField(field)
      // "rel.id" on a single relation is the relation column itself: no join
      if (!multiple && i === props.length - 2 && props[i + 1] === 'id') {
        return this.#finalize(collection, field.name)
      }
      this.#joinRelation(field, relCollection, multiple)
    }
    return fail(`failed to resolve field ${JSON.stringify(this.#fieldName)}`)
  }

  #joinRelation(field: FieldModel, relCollection: CollectionModel, multiple: boolean): void {
    const ctx = this.#ctx
    const col = columnify(field.name)
    const prefixed = quoteColumn(this.#activeAlias, col)
    const newAlias = this.#activeAlias + '_' + col + ctx.aliasSuffix
    const table = { sql: quoteTable(relCollection.name), params: [] }
    if (!multiple) {
      ctx.registerJoin(
        {
          table,
          alias: newAlias,
          on: { sql: `${quoteColumn(newAlias, 'id')} = ${prefixed}`, params: [] },
        },
        relCollection,
      )
    } else {
      const jeAlias = '__je_' + newAlias
      ctx.registerJoin({ table: { sql: jsonEach(prefixed), params: [] }, alias: jeAlias })
      ctx.registerJoin(
        {
          table,
          alias: newAlias,
          on: {
            sql: `${quoteColumn(newAlias, 'id')} = ${quoteColumn(jeAlias, 'value')}`,
            params: [],
          },
        },
        relCollection,
      )
    }
    this.#activeCollectionName = relCollection.name
    this.#activeAlias = newAlias

    if (multiple) {
      this.#withMultiMatch = true
    }
    const newAlias2 = this.#mmActiveAlias + '_' + col
    const prefixed2 = quoteColumn(this.#mmActiveAlias, col)
    if (!multiple) {
      this.#mmJoins.push({
        table,
        alias: newAlias2,
        on: { sql: `${quoteColumn(newAlias2, 'id')} = ${prefixed2}`, params: [] },
      })
    } else {
      const jeAlias2 = this.#mmActiveAlias + '_' + col + '_je'
      this.#mmJoins.push(
        { table: { sql: jsonEach(prefixed2), params: [] }, alias: jeAlias2 },
        {
          table,
          alias: newAlias2,
          on: {
            sql: `${quoteColumn(newAlias2, 'id')} = ${quoteColumn(jeAlias2, 'value')}`,
            params: [],
          },
        },
      )
    }
    this.#mmActiveAlias = newAlias2
  }

  /** `<collection>_via_<relField>`: joins the records whose relation points at the active row. */
  #backRelation(collection: CollectionModel, prop: string): ResolvedOperand | undefined {
    const ctx = this.#ctx
    const missing = (message: string): ResolvedOperand =>
      this.#nullifyMissing ? NULL : fail(message)
    const m = VIA.exec(prop)
    if (!m) {
      return missing(`failed to resolve field ${JSON.stringify(prop)}`)
    }
    const backCollection = ctx.loadCollection(m[1]!)
    if (!backCollection) {
      return missing(`failed to load back relation field ${JSON.stringify(prop)} collection`)
    }
    const backField = backCollection.fields.find((f) => f.name === m[2])
    if (!backField) {
      return missing(`missing back relation field ${JSON.stringify(m[2])}`)
    }
    if (backField.type !== 'relation') {
      return missing(`invalid back relation field ${JSON.stringify(m[2])}`)
    }
    if (backField.hidden && !ctx.allowHiddenFields) {
      fail(`non-filterable back relation field ${JSON.stringify(backField.name)}`)
    }
    if (backField.collectionId !== collection.id) {
      return missing(
        `invalid collection reference of a back relation field ${JSON.stringify(backField.name)}`,
      )
    }

    const cleanProp = columnify(prop)
    const cleanBack = columnify(backField.name)
    const newAlias = this.#activeAlias + '_' + cleanProp + ctx.aliasSuffix
    const table = { sql: quoteTable(backCollection.name), params: [] }
    const multiple = isMultiValueField(backField)
    const onFor = (alias: string, active: string): SqlFragment => {
      if (!multiple) {
        return {
          sql: `${quoteColumn(alias, cleanBack)} = ${quoteColumn(active, 'id')}`,
          params: [],
        }
      }
      const je = '__je_' + alias
      return {
        sql: `${quoteColumn(active, 'id')} IN (SELECT ${quoteColumn(je, 'value')} FROM ${jsonEach(quoteColumn(alias, cleanBack))} ${quoteIdentifier(je)})`,
        params: [],
      }
    }
    ctx.registerJoin(
      { table, alias: newAlias, on: onFor(newAlias, this.#activeAlias) },
      backCollection,
    )
    this.#activeCollectionName = backCollection.name
    this.#activeAlias = newAlias

    if (multiple) {
      this.#withMultiMatch = true
    } else if (!this.#withMultiMatch) {
      // without a unique index several records may point at the same row: check them all
      this.#withMultiMatch = !hasSingleColumnUniqueIndex(backCollection.indexes, backField.name)
    }
    const newAlias2 = this.#mmActiveAlias + '_' + cleanProp + ctx.aliasSuffix
    this.#mmJoins.push({ table, alias: newAlias2, on: onFor(newAlias2, this.#mmActiveAlias) })
    this.#mmActiveAlias = newAlias2
    return undefined
  }

  #jsonPath(field: FieldModel, rest: readonly string[]): ResolvedOperand {
    let path = ''
    rest.forEach((p, j) => {
      const part = columnify(p)
      if (!/^\w+$/.test(part)) {
        fail(`invalid json path segment in ${JSON.stringify(this.#fieldName)}`)
      }
      if (/^\d{1,15}$/.test(part)) {
        path += `[${part}]`
      } else {
        path += (j > 0 ? '.' : '') + part
      }
    })
    const col = columnify(field.name)
    const result: ResolvedOperand = {
      sql: jsonExtract(quoteColumn(this.#activeAlias, col), path),
      params: [],
      nullFallback: 'disabled',
    }
    if (!this.#withMultiMatch) {
      return result
    }
    return {
      ...result,
      multiMatch: this.#multiMatch(jsonExtract(quoteColumn(this.#mmActiveAlias, col), path)),
    }
  }

  #finalize(collection: CollectionModel, prop: string): ResolvedOperand {
    const ctx = this.#ctx
    const [name, modifier] = splitModifier(prop)
    const field = collection.fields.find((f) => f.name === name)
    if (!field) {
      return this.#nullifyMissing ? NULL : fail(`unknown field ${JSON.stringify(name)}`)
    }
    if (field.hidden && !ctx.allowHiddenFields) {
      fail(`non-filterable field ${JSON.stringify(name)}`)
    }
    const col = columnify(field.name)
    const column = quoteColumn(this.#activeAlias, col)
    const mmColumn = quoteColumn(this.#mmActiveAlias, col)

    if (modifier === 'length' && isMultiValuer(field)) {
      const result = { sql: jsonArrayLength(column), params: [] }
      return this.#withMultiMatch
        ? { ...result, multiMatch: this.#multiMatch(jsonArrayLength(mmColumn)) }
        : result
    }

    if (modifier === 'each' && isMultiValuer(field)) {
      const jeAlias = '__je_' + this.#activeAlias + '_' + col + ctx.aliasSuffix
      ctx.registerJoin({ table: { sql: jsonEach(column), params: [] }, alias: jeAlias })
      const result = { sql: quoteColumn(jeAlias, 'value'), params: [] }
      if (isMultiValueField(field)) {
        this.#withMultiMatch = true
      }
      if (!this.#withMultiMatch) {
        return result
      }
      const jeAlias2 = '__je_' + this.#mmActiveAlias + '_' + col + ctx.aliasSuffix
      this.#mmJoins.push({ table: { sql: jsonEach(mmColumn), params: [] }, alias: jeAlias2 })
      return { ...result, multiMatch: this.#multiMatch(quoteColumn(jeAlias2, 'value')) }
    }

    // other modifiers on fields that don't support them are ignored, as in PocketBase
    let sql = column
    let mmSql = mmColumn
    let nullFallback: 'disabled' | undefined
    if (field.type === 'json') {
      // top-level json primitives compare like their SQL equivalents (PocketBase #4068)
      sql = jsonExtract(column, '')
      mmSql = jsonExtract(mmColumn, '')
      nullFallback = 'disabled'
    }
    if (modifier === 'lower') {
      sql = `LOWER(${sql})`
      mmSql = `LOWER(${mmSql})`
    }
    let result: ResolvedOperand = { sql, params: [], ...(nullFallback ? { nullFallback } : {}) }
    if (this.#withMultiMatch) {
      result = { ...result, multiMatch: this.#multiMatch(mmSql) }
    }
    // non-superusers may only match emails that their owners made public
    if (field.name === 'email' && !ctx.allowHiddenFields && collection.type === 'auth') {
      const visibility = `${quoteColumn(this.#activeAlias, 'emailVisibility')} = TRUE`
      result = {
        ...result,
        afterBuild: (expr) => ({ sql: `((${expr.sql}) AND (${visibility}))`, params: expr.params }),
      }
    }
    return result
  }

  #multiMatch(valueSql: string): MultiMatchSubquery {
    const from = this.#mmFrom
    const joins = joinsToSql([...this.#mmJoins])
    const head = ` FROM ${quoteIdentifier(from.table)} ${quoteIdentifier(from.alias)}`
    const tail = ` WHERE ${quoteColumn(from.alias, 'id')} = ${quoteColumn(from.target, 'id')}`
    return {
      value: { sql: valueSql, params: [] },
      build: (value) => ({
        sql: `SELECT ${value.sql} AS "multiMatchValue"${head}${joins.sql}${tail}`,
        params: [...value.params, ...joins.params],
      }),
    }
  }
}
