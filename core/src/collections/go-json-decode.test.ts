import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeCollection, decodeFieldsList, UnknownFieldTypeError } from './collection-decode.js'
import { newCollection } from './collection-defaults.js'
import {
  goBool,
  goDecode,
  goFloat,
  goInt,
  GoJsonTypeError,
  goMap,
  goPtr,
  goSlice,
  goString,
  goStruct,
} from './go-json-decode.js'

const S = goStruct([
  ['name', goString],
  ['count', goInt],
  ['ratio', goPtr(goFloat)],
  ['on', goBool],
  ['tags', goSlice(goString)],
  [
    'items',
    goSlice(
      goStruct([
        ['a', goString],
        ['b', goString],
      ]),
    ),
  ],
  ['extra', goMap],
])

test("goDecode follows encoding/json's rules", () => {
  const current = {
    name: 'x',
    count: 2,
    ratio: 1.5,
    on: true,
    tags: ['t'],
    items: [{ a: '1', b: '2' }],
    extra: { k: 1 },
  }
  const cases: [string, unknown, unknown][] = [
    ['absent keys keep their value', {}, current],
    [
      'null leaves values untouched but clears pointers, slices and maps',
      { name: null, count: null, on: null, ratio: null, tags: null, extra: null },
      { ...current, ratio: null, tags: null, extra: null },
    ],
    [
      'keys match case-insensitively; unknown keys are ignored',
      { NAME: 'y', Count: 3, nope: 1 },
      { ...current, name: 'y', count: 3 },
    ],
    [
      'struct slice elements are decoded onto the old ones',
      { items: [{ a: 'z' }, { b: 'w' }] },
      {
        ...current,
        items: [
          { a: 'z', b: '2' },
          { a: '', b: 'w' },
        ],
      },
    ],
    ['maps merge', { extra: { j: 2 } }, { ...current, extra: { k: 1, j: 2 } }],
  ]
  for (const [name, json, expected] of cases) {
    assert.deepEqual(goDecode(S, current, json), expected, name)
  }
  for (const bad of [
    { name: 1 },
    { count: 1.5 },
    { count: '1' },
    { on: 'true' },
    { tags: 'a' },
    { tags: [1] },
    { items: {} },
    { extra: [] },
    [],
  ]) {
    assert.throws(() => goDecode(S, current, bad), GoJsonTypeError, JSON.stringify(bad))
  }
})

test('fields decode fresh from their type with default ids, unknown types fail', () => {
  const fields = decodeFieldsList([
    { type: 'text', name: 'a' },
    { type: 'select', name: 'b', values: ['x'] },
    { type: 'text', name: 'a', max: 5 },
    { type: 'number', name: 'n', id: 'custom' },
  ])
  assert.deepEqual(
    fields.map((f) => [f.id, f.name, f.max ?? null]),
    [
      ['text3904355907', 'a', 5],
      ['select1908338681', 'b', null],
      ['custom', 'n', null],
    ],
  )
  // every option of the type is present, keys sorted (Go marshals fields through a map)
  assert.deepEqual(Object.keys(fields[1]!), [
    'help',
    'hidden',
    'id',
    'maxSelect',
    'name',
    'presentable',
    'required',
    'system',
    'type',
    'values',
  ])
  assert.throws(() => decodeFieldsList([{ name: 'x' }]), UnknownFieldTypeError)
  assert.throws(() => decodeFieldsList([{ type: 'nope' }]), UnknownFieldTypeError)
  assert.throws(() => decodeFieldsList([null]), UnknownFieldTypeError)
  assert.throws(() => decodeFieldsList({}), GoJsonTypeError)
})

test('decodeCollection merges a body onto a collection without touching it', () => {
  const base = newCollection('auth', 'people')
  const secret = (base.authToken as { secret: string }).secret
  const next = decodeCollection(base, {
    name: 'folks',
    authToken: { duration: 100 },
    viewQuery: 'ignored for auth collections',
    fields: [{ type: 'text', name: 'nick' }],
  })
  assert.equal(base.name, 'people')
  assert.equal(next.name, 'folks')
  assert.deepEqual(next.authToken, { secret, duration: 100 })
  assert.equal('viewQuery' in next, false)
  assert.deepEqual(
    next.fields.map((f) => f.name),
    ['nick'],
  )
  assert.throws(() => decodeCollection(base, { viewQuery: 1 }), GoJsonTypeError)
  // a type change brings the other type's options (zero valued) for the validator to look at
  const asView = decodeCollection(base, { type: 'view' })
  assert.equal(asView.viewQuery, '')
  assert.equal('authToken' in asView, false)
})
