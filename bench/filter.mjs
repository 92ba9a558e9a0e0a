#!/usr/bin/env node
// Filter benchmark: CPU time per operation of core's filter language (parse, compile with the record
// resolver, full list-query assembly), over collections shaped like PocketBase's test fixture.
// Needs a build (`npx tsc -b`). CPU time (process.cpuUsage) rather than wall time, so a busy machine
// distorts the figures less.
//
//   node bench/run.mjs filter [--iterations 20000]
import { parseArgs } from 'node:util'
import { compileFilter } from '../core/dist/filter/filter-compiler.js'
import { clearFilterCache, parseFilter } from '../core/dist/filter/filter-parser.js'
import { buildSelect } from '../core/dist/filter/select-builder.js'
import { compileSort } from '../core/dist/filter/sort-compiler.js'
import { createRecordFieldResolver } from '../core/dist/records/record-field-resolver.js'

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '20000' } } })
const N = Number(values.iterations)

const field = (name, type, extra = {}) => ({ id: name, name, type, system: false, hidden: false, presentable: false, ...extra })
const collection = (id, name, type, fields, listRule = '') => ({
  id, name, type, system: false, indexes: [], listRule, viewRule: listRule, createRule: null, updateRule: null,
  deleteRule: null, created: '', updated: '', fields: [field('id', 'text'), ...fields, field('created', 'autodate')],
})
const users = collection('_pb_users_auth_', 'users', 'auth', [
  field('email', 'email'), field('emailVisibility', 'bool'), field('verified', 'bool'), field('name', 'text'),
  field('password', 'password', { hidden: true }),
], null)
const tags = collection('tags0000000000a', 'tags', 'base', [field('title', 'text')], "@request.auth.id != ''")
const posts = collection('posts000000000a', 'posts', 'base', [
  field('title', 'text'), field('views', 'number'), field('published', 'bool'), field('meta', 'json'),
  field('author', 'relation', { collectionId: users.id, maxSelect: 1 }),
  field('tags', 'relation', { collectionId: tags.id, maxSelect: 99 }),
  field('labels', 'select', { maxSelect: 5, values: ['a', 'b', 'c'] }),
])
const collections = [users, tags, posts]
const requestInfo = {
  auth: { id: 'u1', collectionId: users.id, collectionName: 'users', email: 'a@b.c', emailVisibility: false, verified: true },
  body: {}, query: {}, headers: {}, method: 'GET', context: 'default',
}
const resolver = (allowHiddenFields = true) =>
  createRecordFieldResolver({ collection: posts, collections, requestInfo, allowHiddenFields })

const FILTERS = {
  simple: "title ~ 'abc' && views > 2",
  typical: "title ~ 'abc' && (views > 10 || published = true) && created >= @todayStart && author.name != ''",
  rule: "@request.auth.id != '' && (author = @request.auth.id || @request.auth.verified = true)",
  'multi-match': "tags.title = 'x' && labels:each ?= 'a' && @collection.tags.title ?= title && meta.a.b = 1",
}

function bench(label, fn) {
  for (let i = 0; i < Math.min(N, 2000); i++) fn()
  const start = process.cpuUsage()
  for (let i = 0; i < N; i++) fn()
  const used = process.cpuUsage(start)
  console.log(`${label.padEnd(48)} ${((used.user + used.system) / N).toFixed(2).padStart(8)} µs`)
}

console.log(`filter language, CPU µs per operation (${N} iterations)`)
for (const [name, text] of Object.entries(FILTERS)) {
  bench(`parse, uncached: ${name}`, () => {
    clearFilterCache()
    parseFilter(text)
  })
  bench(`compile (new resolver, cached AST): ${name}`, () => compileFilter(text, resolver()))
}
bench('list query: rule + user filter + sort + SELECT', () => {
  const r = resolver()
  const rule = compileFilter("@request.auth.id != ''", r)
  r.allowHiddenFields = false
  const filter = compileFilter("tags.title ?= 'x' || title ~ 'y'", r)
  const orderBy = compileSort('-created,title', r)
  buildSelect({ from: 'posts', where: [rule, filter], orderBy, limit: 30, resolver: r })
})
