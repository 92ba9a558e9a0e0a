import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  goUrlRawQuery,
  parseSubscriptionOptions,
  subscriptionTopic,
} from './subscription-options.js'

const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v))

// [name, subscription, expected query, expected headers]
const CASES: [string, string, Record<string, string>, Record<string, string>][] = [
  ['no options', 'posts/*', {}, {}],
  [
    'SDK-encoded options',
    `posts/*?options=${enc({ query: { expand: 'author', fields: 'id' } })}`,
    { expand: 'author', fields: 'id' },
    {},
  ],
  [
    'values through cast.ToString',
    `posts/*?options=${enc({ query: { n: 2.5, big: 1e21, b: true, f: false, nil: null, obj: { a: 1 }, arr: [1] } })}`,
    { n: '2.5', big: '1000000000000000000000', b: 'true', f: 'false', nil: '', obj: '', arr: '' },
    {},
  ],
  [
    'header names snake-cased',
    `posts/*?options=${enc({ headers: { 'X-Token': 'a', 'content-type': 'b', fooBar: 'c' } })}`,
    {},
    { x_token: 'a', content_type: 'b', foo_bar: 'c' },
  ],
  ['`+` is a space', 'posts?options={"query":{"a":"x+y"}}', { a: 'x y' }, {}],
  [
    'keys match case-insensitively',
    `posts?options=${enc({ QUERY: { a: '1' }, Headers: { b: '2' } })}`,
    { a: '1' },
    { b: '2' },
  ],
  [
    'a pair with `;` is skipped',
    `posts/*?a=1;b&options=${enc({ query: { q: '1' } })}`,
    { q: '1' },
    {},
  ],
  [
    'a pair with a bad escape is skipped',
    `posts/*?x=%zz&options=${enc({ query: { q: '1' } })}`,
    { q: '1' },
    {},
  ],
  [
    'the first options value wins',
    `p?options=${enc({ query: { a: '1' } })}&options=${enc({ query: { a: '2' } })}`,
    { a: '1' },
    {},
  ],
  [
    'a bad escape in the fragment fails the URL',
    `posts/*?options=${enc({ query: { q: '1' } })}#x%zz`,
    {},
    {},
  ],
  ['a good fragment is fine', `posts/*?options=${enc({ query: { q: '1' } })}#frag`, { q: '1' }, {}],
  ['invalid JSON', 'posts?options=%7Bnope', {}, {}],
  ['JSON that is not an object', `posts?options=${enc([1])}`, {}, {}],
  [
    'query of the wrong type',
    `posts?options=${enc({ query: 'x', headers: { a: '1' } })}`,
    {},
    { a: '1' },
  ],
  ['a control character fails the URL', `posts\t?options=${enc({ query: { a: '1' } })}`, {}, {}],
  [
    'a colon in a scheme-less first segment fails',
    `a:b/c?options=${enc({ query: { a: '1' } })}`.replace('a:b', '1a:b'),
    {},
    {},
  ],
  [
    'a colon after the first segment is fine',
    `posts/x:y?options=${enc({ query: { a: '1' } })}`,
    { a: '1' },
    {},
  ],
  [
    'an opaque URL keeps its query',
    `mailto:x?options=${enc({ query: { a: '1' } })}`,
    { a: '1' },
    {},
  ],
  ['a bad escape in the path fails', `posts/%zz?options=${enc({ query: { a: '1' } })}`, {}, {}],
  ['UTF-8 escapes', `p?options=${enc({ query: { e: '€ ü' } })}`, { e: '€ ü' }, {}],
]

describe('subscription options (Go url.Parse + json.Unmarshal + cast)', () => {
  for (const [name, sub, query, headers] of CASES) {
    test(name, () => {
      const options = parseSubscriptionOptions(sub)
      assert.deepEqual(options.query, query)
      assert.deepEqual(options.headers, headers)
    })
  }

  test('equal options have equal keys, different ones different keys', () => {
    const a = parseSubscriptionOptions(`x?options=${enc({ query: { a: '1', b: '2' } })}`)
    const b = parseSubscriptionOptions(`y/*?options=${enc({ query: { b: '2', a: '1' } })}`)
    const c = parseSubscriptionOptions(`y/*?options=${enc({ headers: { b: '2', a: '1' } })}`)
    assert.equal(a.key, b.key)
    assert.notEqual(a.key, c.key)
    assert.equal(parseSubscriptionOptions('x').key, parseSubscriptionOptions('y?z=1').key)
  })

  test('topic is the text before the first `?`', () => {
    assert.equal(subscriptionTopic('posts/*?options=x?y'), 'posts/*')
    assert.equal(subscriptionTopic('posts'), 'posts')
    assert.equal(subscriptionTopic('?x'), '')
  })

  test('raw query edge cases', () => {
    assert.equal(goUrlRawQuery('a?'), '') // Go's ForceQuery
    assert.equal(goUrlRawQuery('*'), '')
    assert.equal(goUrlRawQuery(':x?a=1'), undefined) // missing protocol scheme
    assert.equal(goUrlRawQuery('//host:80/p?a=1'), 'a=1')
    assert.equal(goUrlRawQuery('//ho st/p?a=1'), undefined)
    assert.equal(goUrlRawQuery('//host:8x/p?a=1'), undefined)
    assert.equal(goUrlRawQuery('///p?a=1'), 'a=1')
  })
})
