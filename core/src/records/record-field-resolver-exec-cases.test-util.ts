/**
 * @module Execution cases for the record resolver: a list query over the PocketBase fixture and the ids
 * it returns. Every `expected` was settled on the reference PocketBase v0.39.11 binary with the same
 * request (superuser list, or an impersonated user's list after PATCHing the collection's listRule).
 */
import type { Actor } from './record-field-resolver.test-util.js'

/** One list request and its outcome. */
export interface ExecCase {
  readonly name: string
  readonly collection: string
  readonly as: Actor
  readonly filter?: string
  readonly sort?: string
  /** Replaces the collection's listRule for this case. */
  readonly rule?: string
  /** Matching ids (sorted unless `sort` is given), or the status PocketBase answers. */
  readonly expected: readonly string[] | 400 | 403
}

const USER1 = { collection: 'users', id: '4q1xlclmfloku33' } as const // name test1, rel → demo2 test1
const USER2 = { collection: 'users', id: 'oap640cot4yru2s' } as const // no name, verified, no rel
const CLIENT = { collection: 'clients', id: 'gk390qegs4y47wn' } as const
const NOLOGIN = { collection: 'nologin', id: 'dc49k6jgejn40h3' } as const

export const EXEC_CASES: readonly ExecCase[] = [
  // --- errors ------------------------------------------------------------------------------------
  { name: 'unknown field', collection: 'demo1', as: 'superuser', filter: "missing = 1", expected: 400 },
  { name: 'syntax error', collection: 'demo1', as: 'superuser', filter: "text = ", expected: 400 },
  { name: 'unknown modifier', collection: 'demo1', as: 'superuser', filter: "text:upper = 'x'", expected: 400 },
  { name: 'hidden field for a user', collection: 'nologin', as: USER1, filter: "tokenKey != ''", expected: 400 },
  { name: '@request in a user filter', collection: 'demo2', as: USER1, filter: "@request.auth.id != ''", expected: 403 },
  { name: '@collection in a user filter', collection: 'demo2', as: USER1, filter: "title = '@collection.x'", expected: 403 },
  { name: 'user filter through a relation to a superuser-only collection', collection: 'view1', as: USER1, filter: "rel_many.name != ''", expected: 400 },
  { name: 'user filter two hops into a rule-guarded collection', collection: 'demo5', as: USER1, rule: '', filter: "rel_one.rel_one_cascade.title != ''", expected: [] },
  { name: 'sort by an unknown field', collection: 'demo1', as: 'superuser', sort: 'missing', expected: 400 },
  { name: 'sort by @rowid on a view', collection: 'view1', as: 'superuser', sort: '@rowid', expected: 400 },
  { name: 'too many expressions', collection: 'demo2', as: 'superuser', filter: Array(201).fill("title != 'x'").join(' && '), expected: 400 },

  // --- operators on plain fields ---------------------------------------------------------------
  { name: 'contains', collection: 'demo1', as: 'superuser', filter: "text ~ 'test'", expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy'] },
  { name: 'not contains', collection: 'demo1', as: 'superuser', filter: "text !~ 'test'", expected: ['imy661ixudk5izi'] },
  { name: 'like pattern with %', collection: 'demo1', as: 'superuser', filter: "text ~ 'te%2'", expected: ['al1h9ijdeojtsjy'] },
  { name: 'underscore is literal', collection: 'demo1', as: 'superuser', filter: "text ~ 'lorem_ipsum'", expected: [] },
  { name: 'like is case-insensitive', collection: 'demo1', as: 'superuser', filter: "text ~ 'LOREM'", expected: ['imy661ixudk5izi'] },
  { name: 'bool = true', collection: 'demo1', as: 'superuser', filter: 'bool = true', expected: ['84nmscqy84lsi1t'] },
  { name: 'bool != true', collection: 'demo1', as: 'superuser', filter: 'bool != true', expected: ['al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: 'number range', collection: 'demo1', as: 'superuser', filter: 'number > 400 && number < 200000', expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy'] },
  { name: 'number vs numeric text', collection: 'demo1', as: 'superuser', filter: "number = '456'", expected: ['al1h9ijdeojtsjy'] },
  { name: 'empty equals null', collection: 'demo1', as: 'superuser', filter: "email = null", expected: ['imy661ixudk5izi'] },
  { name: 'not empty', collection: 'demo1', as: 'superuser', filter: "email != ''", expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy'] },
  { name: 'null on the left', collection: 'demo1', as: 'superuser', filter: "null != datetime", expected: ['84nmscqy84lsi1t'] },
  { name: 'date compare', collection: 'demo1', as: 'superuser', filter: "datetime > '2022-01-01' && datetime < @now", expected: ['84nmscqy84lsi1t'] },
  { name: 'created before now', collection: 'demo1', as: 'superuser', filter: 'created < @now && @yesterday > created', expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: 'column vs column', collection: 'demo1', as: 'superuser', filter: 'url != email', expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy'] },
  { name: 'text:lower', collection: 'demo1', as: 'superuser', filter: "text:lower = 'test2' || 'LOREM IPSUM' = text", expected: ['al1h9ijdeojtsjy'] },
  { name: 'precedence: AND binds tighter', collection: 'demo1', as: 'superuser', filter: "text = 'test' || text = 'test2' && bool = true", expected: ['84nmscqy84lsi1t'] },
  { name: 'parentheses', collection: 'demo1', as: 'superuser', filter: "(text = 'test' || text = 'test2') && bool = false", expected: ['al1h9ijdeojtsjy'] },
  { name: 'comments', collection: 'demo1', as: 'superuser', filter: "// leading\ntext = 'test' // trailing", expected: ['84nmscqy84lsi1t'] },
  { name: 'both sides literal', collection: 'demo1', as: 'superuser', filter: "'' = null && 1 < 2", expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: 'identifier true/false/null', collection: 'demo1', as: 'superuser', filter: 'true = true && null = NULL && FALSE != bool', expected: ['84nmscqy84lsi1t'] },
  { name: 'any-of on a plain field', collection: 'demo1', as: 'superuser', filter: "text ?= 'test'", expected: ['84nmscqy84lsi1t'] },

  // --- multi-value fields ----------------------------------------------------------------------
  { name: 'select_many:each all', collection: 'demo1', as: 'superuser', filter: "select_many:each = 'optionB'", expected: ['al1h9ijdeojtsjy'] },
  { name: 'select_many:each any', collection: 'demo1', as: 'superuser', filter: "select_many:each ?= 'optionC'", expected: ['84nmscqy84lsi1t'] },
  { name: 'select_many:length', collection: 'demo1', as: 'superuser', filter: 'select_many:length > 1 || select_many:length = 0', expected: ['84nmscqy84lsi1t', 'imy661ixudk5izi'] },
  { name: 'select_many contains', collection: 'demo1', as: 'superuser', filter: "select_many ~ 'optionC'", expected: ['84nmscqy84lsi1t'] },
  { name: 'file_many:length', collection: 'demo1', as: 'superuser', filter: 'file_many:length >= 5', expected: ['84nmscqy84lsi1t'] },
  { name: 'rel_many:length', collection: 'demo1', as: 'superuser', filter: 'rel_many:length = 3', expected: ['al1h9ijdeojtsjy'] },
  { name: 'multi relation all', collection: 'demo1', as: 'superuser', filter: 'rel_many.verified = true', expected: ['84nmscqy84lsi1t'] },
  { name: 'multi relation any', collection: 'demo1', as: 'superuser', filter: 'rel_many.verified ?= true', expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy'] },
  { name: 'multi relation not equal (all)', collection: 'demo1', as: 'superuser', filter: "rel_many.name != 'test1'", expected: ['84nmscqy84lsi1t', 'imy661ixudk5izi'] },
  { name: 'multi relation not equal (any)', collection: 'demo1', as: 'superuser', filter: "rel_many.name ?!= 'test1'", expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: 'multi relation like', collection: 'demo1', as: 'superuser', filter: "rel_many.email ~ 'test'", expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy'] },
  { name: 'multi relation .id', collection: 'demo1', as: 'superuser', filter: "rel_many.id ?= 'bgs820n361vj1qd'", expected: ['al1h9ijdeojtsjy'] },
  { name: 'single relation', collection: 'demo1', as: 'superuser', filter: "rel_one.text = 'test'", expected: ['al1h9ijdeojtsjy'] },
  { name: 'single relation .id (no join)', collection: 'demo1', as: 'superuser', filter: "rel_one.id = '84nmscqy84lsi1t'", expected: ['al1h9ijdeojtsjy'] },
  { name: 'empty single relation', collection: 'demo1', as: 'superuser', filter: "rel_one.text = ''", expected: ['84nmscqy84lsi1t', 'imy661ixudk5izi'] },
  { name: 'nested relations', collection: 'demo5', as: 'superuser', filter: "rel_one.self_rel_one.title = 'test1'", expected: ['qjeql998mtp1azp'] },
  { name: 'nested multi relations any', collection: 'demo5', as: 'superuser', filter: "rel_many.rel_many_cascade.title ?= 'test4'", expected: ['qjeql998mtp1azp'] },
  { name: 'nested multi relations all', collection: 'demo5', as: 'superuser', filter: "rel_many.self_rel_many.title = 'test1'", expected: [] },
  { name: 'nested multi relations all (true)', collection: 'demo5', as: 'superuser', filter: "rel_many.rel_many_no_cascade_required.files:length >= 0", expected: ['la4y2w4o98acwuj', 'qjeql998mtp1azp'] },
  { name: 'multi vs multi', collection: 'demo1', as: 'superuser', filter: 'rel_many.verified = rel_many.verified', expected: ['84nmscqy84lsi1t', 'imy661ixudk5izi'] },
  { name: 'multi vs multi any', collection: 'demo4', as: 'superuser', filter: 'self_rel_many.title ?= self_rel_many.title', expected: ['i9naidtvr6qsgb4', 'qzaqccwrmva4o1n'] },
  { name: 'strftime over a multi relation', collection: 'demo5', as: 'superuser', filter: "strftime('%Y', rel_many.created) = '2022'", expected: ['qjeql998mtp1azp'] },

  // --- back relations, json, geo, functions -----------------------------------------------------
  { name: 'back relation (single field)', collection: 'demo1', as: 'superuser', filter: "demo1_via_rel_one.text = 'test2'", expected: ['84nmscqy84lsi1t'] },
  { name: 'back relation (multi field) any', collection: 'users', as: 'superuser', filter: "demo1_via_rel_many.text ?= 'test'", expected: ['oap640cot4yru2s'] },
  { name: 'back relation (multi field) all', collection: 'users', as: 'superuser', filter: "demo1_via_rel_many.text = 'test'", expected: [] },
  { name: 'back relation (multi field) all (true)', collection: 'users', as: 'superuser', filter: "demo1_via_rel_many.text ~ 'test'", expected: ['4q1xlclmfloku33', 'bgs820n361vj1qd', 'oap640cot4yru2s'] },
  { name: 'back relation via a non-unique single relation', collection: 'demo3', as: 'superuser', filter: "demo4_via_rel_one_cascade.title = 'test1'", expected: ['7nwo8tuiatetxdm'] },
  { name: 'back relation count', collection: 'demo3', as: 'superuser', filter: "demo4_via_rel_many_no_cascade_required.title ?= 'test2'", expected: ['7nwo8tuiatetxdm'] },
  { name: 'json path', collection: 'demo4', as: 'superuser', filter: "json_object.a = 123 || json_object.a.b = 'test'", expected: ['i9naidtvr6qsgb4', 'qzaqccwrmva4o1n'] },
  { name: 'json array index', collection: 'demo4', as: 'superuser', filter: 'json_array.1 = 2', expected: ['i9naidtvr6qsgb4'] },
  { name: 'json top-level null', collection: 'demo1', as: 'superuser', filter: 'json = null', expected: ['al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: 'json top-level array contains', collection: 'demo1', as: 'superuser', filter: "json ~ '2'", expected: ['84nmscqy84lsi1t'] },
  { name: 'geoPoint props', collection: 'demo1', as: 'superuser', filter: 'point.lat > 40 && point.lon < 0', expected: ['imy661ixudk5izi'] },
  { name: 'geoDistance', collection: 'demo1', as: 'superuser', filter: 'geoDistance(point.lon, point.lat, -74.0, 40.7) < 10', expected: ['imy661ixudk5izi'] },
  { name: 'strftime', collection: 'demo1', as: 'superuser', filter: "strftime('%Y-%m', created) = '2022-10' && strftime('%d', datetime) = '01'", expected: ['84nmscqy84lsi1t'] },
  { name: 'strftime with modifiers', collection: 'demo2', as: 'superuser', filter: "strftime('%Y-%m-%d', created, '+1 day') = '2022-10-13'", expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: '@collection any', collection: 'demo1', as: 'superuser', filter: "@collection.demo2.title ?= 'test2' && @collection.demo2.active ?= true", expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: '@collection all', collection: 'demo1', as: 'superuser', filter: "@collection.demo2.title = 'test2'", expected: [] },
  { name: '@collection alias: one row must match both', collection: 'demo1', as: 'superuser', filter: "@collection.demo2:a.title ?= 'test1' && @collection.demo2:a.active ?= true", expected: [] },
  { name: '@collection alias: matching row', collection: 'demo1', as: 'superuser', filter: "@collection.demo2:a.title ?= 'test2' && @collection.demo2:a.active ?= true", expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: '@collection two aliases', collection: 'demo1', as: 'superuser', filter: "@collection.demo2:a.title ?= 'test1' && @collection.demo2:b.active ?= true && @collection.demo2:a.active ?= false", expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: '@collection correlated', collection: 'users', as: 'superuser', filter: '@collection.demo1.rel_many ?~ id', expected: ['4q1xlclmfloku33', 'bgs820n361vj1qd', 'oap640cot4yru2s'] },
  { name: '@request.method and context', collection: 'demo2', as: 'superuser', filter: "@request.method = 'GET' && @request.context = 'default'", expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: '@request.query', collection: 'demo2', as: 'superuser', filter: "@request.query.filter ~ 'title' && @request.query.missing = null", expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: '@request.query:isset', collection: 'demo2', as: 'superuser', filter: '@request.query.filter:isset = true && @request.query.nope:isset = false', expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: 'superuser @request.auth', collection: 'demo2', as: 'superuser', filter: "@request.auth.collectionName = '_superusers' && @request.auth.email = 'test@example.com'", expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },

  // --- sort ------------------------------------------------------------------------------------
  { name: 'sort desc', collection: 'demo1', as: 'superuser', sort: '-number', expected: ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy', 'imy661ixudk5izi'] },
  { name: 'sort by relation', collection: 'demo5', as: 'superuser', sort: 'rel_one.title,-created', expected: ['la4y2w4o98acwuj', 'qjeql998mtp1azp'] },
  { name: 'sort by @rowid desc', collection: 'demo2', as: 'superuser', sort: '-@rowid', expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: 'sort by json path', collection: 'demo4', as: 'superuser', sort: '-json_object.a', expected: ['i9naidtvr6qsgb4', 'qzaqccwrmva4o1n'] },

  // --- rules and non-superuser filters ----------------------------------------------------------
  { name: 'rule: auth id', collection: 'demo2', as: USER1, rule: "@request.auth.id = '4q1xlclmfloku33'", expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: 'rule: guest', collection: 'demo2', as: 'guest', rule: "@request.auth.id = ''", expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: 'rule: guest sees nothing', collection: 'demo2', as: 'guest', rule: "@request.auth.id != ''", expected: [] },
  { name: 'rule: auth relation field', collection: 'demo2', as: USER1, rule: "id = @request.auth.rel", expected: ['llvuca81nly1qls'] },
  { name: 'rule: auth relation path', collection: 'demo2', as: USER1, rule: "title = @request.auth.rel.title", expected: ['llvuca81nly1qls'] },
  { name: 'rule: auth relation path (unset)', collection: 'demo2', as: USER2, rule: "title = @request.auth.rel.title", expected: [] },
  { name: 'rule: auth back relation', collection: 'demo2', as: USER1, rule: "@request.auth.demo1_via_rel_many.text ?= 'test2'", expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: 'rule: auth verified', collection: 'demo2', as: USER2, rule: '@request.auth.verified = true && active = true', expected: ['0yxhwia2amd8gec', 'achvryl401bhse3'] },
  { name: 'rule: auth missing field is null', collection: 'demo2', as: USER1, rule: '@request.auth.nope = null', expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: 'rule: membership via @collection', collection: 'demo2', as: USER1, rule: "@collection.demo1.rel_many ?~ @request.auth.id && @collection.demo1.text ?= 'test2'", expected: ['0yxhwia2amd8gec', 'achvryl401bhse3', 'llvuca81nly1qls'] },
  { name: 'rule: collection name', collection: 'demo3', as: CLIENT, expected: ['1tmknxy2868d869', '7nwo8tuiatetxdm', 'lcl9d87w22ml6jy', 'mk5fmymtx4wsprk'] },
  { name: 'rule: collection name (users excluded)', collection: 'demo3', as: USER1, expected: [] },
  { name: 'rule: listRule with :length', collection: 'demo5', as: USER1, expected: ['qjeql998mtp1azp'] },
  { name: 'rule + filter', collection: 'demo5', as: USER1, rule: '', filter: "select_one = 'b' || total > 1", expected: ['la4y2w4o98acwuj', 'qjeql998mtp1azp'] },
  { name: 'user filter on a relation with a list rule (hidden rows)', collection: 'demo4', as: USER1, filter: "rel_one_cascade.title = 'test3'", expected: [] },
  { name: 'user filter on a relation with a list rule (visible rows)', collection: 'demo4', as: CLIENT, filter: "rel_one_cascade.title = 'test3'", expected: ['qzaqccwrmva4o1n'] },
  { name: 'user filter OR across a hidden relation', collection: 'demo4', as: USER1, filter: "rel_one_cascade.title = 'test3' || title = 'test2'", expected: ['i9naidtvr6qsgb4'] },
  { name: 'user filter on email adds emailVisibility', collection: 'nologin', as: NOLOGIN, filter: "email ~ 'example.com'", expected: ['phhq3wr65cap535'] },
  { name: 'superuser filter on email ignores visibility', collection: 'nologin', as: 'superuser', filter: "email ~ 'example.com'", expected: ['dc49k6jgejn40h3', 'oos036e9xvqeexy', 'phhq3wr65cap535'] },
  { name: 'user sort on a joined field', collection: 'demo4', as: CLIENT, sort: '-rel_one_cascade.title,title', expected: ['qzaqccwrmva4o1n', 'i9naidtvr6qsgb4'] },
]
