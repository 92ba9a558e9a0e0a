/**
 * @module fast-check generators of records API requests: random filters (mostly well-formed, with
 * quotes, comments, `;`, unicode, huge literals, deep nesting and token soup), sorts, paging params,
 * and create/update bodies as JSON, malformed text, urlencoded or multipart (with files). Requests are
 * plain data so that one generated list can be replayed on several servers.
 */
import fc from 'fast-check'
import { ALICE, BOB } from './fuzz-seed.test-util.js'

export type Role = 'guest' | 'alice' | 'bob' | 'superuser'
export type Kind = 'list' | 'view' | 'create' | 'update' | 'delete'

/** One multipart part: a form value or a file. */
export type Part =
  | { name: string; value: string }
  | { name: string; file: { bytes: number[]; filename: string; type: string } }

/** A generated request, replayable on any target. */
export interface FuzzRequest {
  kind: Kind
  role: Role
  method: string
  path: string
  contentType?: string
  /** Body text (JSON or not) or multipart parts. */
  body?: { text: string } | { parts: Part[] }
  /** Unique strings inside quoted literals or body values: none may ever appear in SQL text. */
  markers: string[]
  /** The post a PATCH/DELETE targets (for before/after snapshots). */
  targetId?: string
}

const POST_IDS = Array.from({ length: 24 }, (_, i) => 'post' + String(i + 1).padStart(11, '0'))
const TAG_IDS = Array.from({ length: 6 }, (_, i) => 'tag' + String(i + 1).padStart(12, '0'))

/** Fields and macros any requester may filter on. */
const IDENTIFIERS = [
  'id', 'title', 'body', 'views', 'active', 'kind', 'labels', 'labels:each', 'labels:length', 'meta',
  'meta.a', 'meta.b.0', 'meta.nested.deep', 'link', 'contact', 'published', 'owner', 'owner.name',
  'owner.email', 'owner.verified', 'tags', 'tags.name', 'tags.rank', 'tags:length', 'tags:each', 'loc',
  'loc.lat', 'loc.lon', 'files', 'files:length', 'created', 'updated', 'title:lower',
  'comments_via_post.text', 'comments_via_post.id', 'null', 'true', 'false', '@now', '@yesterday',
  '@month', '@todayStart',
]
/** Hidden, superuser-only, unknown or hostile names. */
const SPECIAL_IDENTIFIERS = [
  'secret', 'owner.emailVisibility', 'owner.tokenKey', 'owner.password', '@request.auth.id',
  '@request.auth.name', '@request.query.x', '@request.method', '@request.headers.x_y',
  '@request.body.title', '@collection.tags.name', '@collection.tags:t.rank', 'missing', 'title:bogus',
  'owner.missing', '#x', '_', 'constructor', '__proto__', 'toString', 'meta.__proto__',
]
const OPS = ['=', '!=', '~', '!~', '<', '<=', '>', '>=', '?=', '?!=', '?~', '?!~', '?<', '?<=', '?>', '?>=']
const BAD_OPS = ['==', '=!', '!', '?', '<>', '=>', '===', '~~']

type Piece = { token: string; markers: string[] }
const plain = (token: string): Piece => ({ token, markers: [] })

/** A unique marker per literal, so the test can see whether a literal leaked into SQL text. */
const marker = fc.stringMatching(/^[a-z]{8}$/).map((s) => `ZQ${s}`)
const nasty = fc.constantFrom(
  'a', ' ', "'", '"', '\\', '%', '_', ';', '--', '/*', '*/', ')', '(', 'é', '✓', '🚀', '\n', '\t',
  '\r', '\u0000', '\u202e', '\ufeff', 'DROP TABLE posts', "' OR 1=1 --", '`', '[', ']', '{', '}', '$',
)
const textLiteral: fc.Arbitrary<Piece> = fc
  .tuple(
    marker,
    fc.array(nasty, { maxLength: 10 }),
    fc.constantFrom("'", '"'),
    fc.oneof({ weight: 20, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(100, 4000) }),
  )
  .map(([m, chars, q, pad]) => {
    const body = chars.map((c) => (c === q || c === '\\' ? '\\' + c : c)).join('')
    return { token: `${q}${m}${body}${'x'.repeat(pad)}${q}`, markers: [m] }
  })
const numberLiteral = fc.oneof(
  fc.integer({ min: -1000, max: 2000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => n.toFixed(2)),
  fc.constantFrom('9'.repeat(40), '-0', '0.5', '00012'),
)
const operand: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...IDENTIFIERS).map(plain) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_IDENTIFIERS).map(plain) },
  { weight: 12, arbitrary: textLiteral },
  { weight: 8, arbitrary: numberLiteral.map(plain) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('loc.lon', '1.5', 'views'), fc.constantFrom('loc.lat', '-3', 'title'))
      .map(([x, y]) => plain(`geoDistance(${x}, ${y}, 23.3, 42.6)`)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(textLiteral, fc.constantFrom('created', 'published', "'now'", '@now', 'tags.name'))
      .map(([f, time]) => ({ token: `strftime(${f.token}, ${time})`, markers: f.markers })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('nope(1)', 'strftime(', 'geoDistance()', 'f(g(h(i(1))))', '1e5', '-', '1.', '.5')
      .map(plain),
  },
)
const comparison: fc.Arbitrary<Piece[]> = fc
  .tuple(
    operand,
    fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...OPS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_OPS) }),
    operand,
  )
  .map(([l, op, r]) => [l, plain(op), r])
const join = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom('&&', '||') },
  { weight: 1, arbitrary: fc.constantFrom('&', '|', '', 'AND', ';') },
)
const expression: fc.Arbitrary<Piece[]> = fc.letrec<{ expr: Piece[]; group: Piece[] }>((tie) => ({
  expr: fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: comparison }, { weight: 1, arbitrary: tie('group') }), join), {
      minLength: 1,
      maxLength: 4,
    })
    .map((items) => items.flatMap(([pieces, j], i) => (i === 0 ? pieces : [plain(j), ...pieces]))),
  group: fc
    .tuple(tie('expr'), fc.integer({ min: 0, max: 19 }))
    .map(([inner, n]) => [plain('('), ...inner, plain(n === 0 ? '' : ')')]),
})).expr

/** Filters: structured (sometimes deeply nested or very long), token soup, or raw noise. */
export const filterArb: fc.Arbitrary<Piece> = fc
  .oneof(
    { weight: 14, arbitrary: expression },
    {
      weight: 2,
      arbitrary: fc
        .tuple(comparison, fc.constantFrom(60, 300, 1000, 1001, 3000))
        .map(([c, depth]) => [plain('('.repeat(depth)), ...c, plain(')'.repeat(depth))]),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(comparison, fc.integer({ min: 150, max: 260 }))
        .map(([c, n]) => Array.from({ length: n }, (_, i) => (i === 0 ? c : [plain('||'), ...c])).flat()),
    },
    {
      weight: 2,
      arbitrary: fc.array(
        fc.oneof(operand, fc.constantFrom(...OPS, ...BAD_OPS, '&&', '||', '(', ')', '//', '\n', ',').map(plain)),
        { maxLength: 12 },
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }).map((s) => [plain(s)]) },
  )
  .chain((pieces) =>
    fc.constantFrom(' ', ' ', ' ', ' ', ' ', '\t', '\n', ' // c\n', ' ', '').map((sep) => ({
      token: pieces.map((p) => p.token).join(sep),
      markers: pieces.flatMap((p) => p.markers),
    })),
  )

const sortItem = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'title', '-title', '+views', '-created', '@random', '@rowid', '-@rowid', 'owner.name', '-tags.name',
      'meta.a', 'id', '-id', 'comments_via_post.text', '-loc.lat',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'secret', 'missing', 'x'.repeat(300), '@request.auth.id', '@collection.tags.name', '', ' ',
      '--title', 'title:lower', 'labels:length', 'owner.tokenKey',
    ),
  },
)
const sortArb = fc
  .array(sortItem, { minLength: 1, maxLength: 4 })
  .chain((xs) => fc.constantFrom(',', ', ').map((sep) => xs.join(sep)))
  .chain((s) => fc.oneof({ weight: 8, arbitrary: fc.constant(s) }, { weight: 1, arbitrary: fc.constant(Array(10).fill('id').join(',')) }))
const intish = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 5 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('1000', '1001', '999999999', '1.5', 'abc', '', ' 1', '+2', '0x1', '1e2', '9'.repeat(25), '-0'),
  },
)
const skipTotal = fc.constantFrom('1', 't', 'true', 'TRUE', '0', 'f', 'false', 'yes', '', 'x')
const expand = fc.constantFrom('owner', 'tags', 'owner,tags', 'comments_via_post', 'nope', 'owner.nope', '', 'tags.a.b.c.d.e.f.g')
const fieldsParam = fc.constantFrom('id', 'id,title', '*', 'expand.owner.name', 'title:excerpt(10)', 'title:excerpt(x)', '', ',,,')
const role = fc.constantFrom<Role>('guest', 'alice', 'bob', 'superuser')

/** `arb` in about `percent`% of the samples, else undefined. */
const sometimes = <T>(percent: number, arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: percent, arbitrary: arb }, { weight: 100 - percent, arbitrary: fc.constant(undefined) })

/** Query params of a list request (filter markers returned alongside). */
const listQuery = fc
  .record({
    filter: sometimes(90, filterArb),
    sort: sometimes(30, sortArb),
    page: sometimes(20, intish),
    perPage: sometimes(20, intish),
    skipTotal: sometimes(15, skipTotal),
    expand: sometimes(20, expand),
    fields: sometimes(10, fieldsParam),
  })
  .map((q) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(q)) {
      if (v !== undefined) {
        params.set(k, typeof v === 'string' ? v : v.token)
      }
    }
    return { query: params.toString(), markers: q.filter?.markers ?? [] }
  })

const collection = fc.oneof(
  { weight: 12, arbitrary: fc.constant('posts') },
  { weight: 1, arbitrary: fc.constantFrom('tags', 'comments', 'users', '_superusers', 'POSTS', 'nope', '%00', 'a%2Fb') },
)

const listArb: fc.Arbitrary<FuzzRequest> = fc
  .tuple(role, collection, listQuery, fc.constantFrom('', '', '', '&filter=%ff%fe', '&page=1&page=2', '&%zz=1'))
  .map(([r, c, q, noise]) => ({
    kind: 'list',
    role: r,
    method: 'GET',
    path: `/api/collections/${c}/records?${q.query}${noise}`,
    markers: q.markers,
  }))

const recordId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...POST_IDS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('nope', 'x'.repeat(200), '%00', '..%2f..', 'post000000000001', "'%20OR%201=1%20--", '%F0%9F%9A%80'),
  },
)

/** Field values: plausible, wrong-typed, over-long and hostile. */
const fieldValues: Record<string, fc.Arbitrary<unknown>> = {
  title: fc.oneof(marker.map((m) => `t ${m} '";--`), fc.constantFrom('', 'x'.repeat(51), 'y'.repeat(10000), 'ünï ✓ 🚀', 5, null, ['a'], { a: 1 })),
  views: fc.constantFrom(5, -1, 1.5, 1e9, '7', 'abc', true, null, [], 1e308),
  active: fc.constantFrom(true, false, 'true', '1', 1, 'yes', null, {}),
  kind: fc.constantFrom('a', 'd', '', ['a', 'b'], 5),
  labels: fc.constantFrom(['x'], ['x', 'y', 'z', 'x'], 'x', ['w'], [], null, 'x,y'),
  meta: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ big: 'z'.repeat(3000) })),
  link: fc.constantFrom('https://x.y', 'notaurl', '', 'javascript:alert(1)'),
  contact: fc.constantFrom('a@b.co', 'bad', '', 'a@b'),
  published: fc.constantFrom('2024-01-01', '2024-01-01 00:00:00.000Z', 'yesterday', 0, ''),
  owner: fc.constantFrom(ALICE.id, BOB.id, ALICE.id, 'nonexistent1234', '', [ALICE.id, BOB.id], 5),
  tags: fc.oneof(fc.subarray(TAG_IDS), fc.constantFrom(['missing'], [...TAG_IDS, TAG_IDS[0]], 'tag000000000001')),
  secret: fc.constantFrom('s1', 'x'.repeat(100)),
  loc: fc.constantFrom({ lon: 1, lat: 2 }, { lon: 500, lat: 0 }, 'x', null, { lon: 'a' }),
  id: fc.constantFrom('newpost00000001', 'short', POST_IDS[0], 'UPPER0000000000', 'x'.repeat(16), ''),
  created: fc.constantFrom('2020-01-01 00:00:00.000Z', 'x'),
  nope: fc.constantFrom(1, 'x'),
  ['__proto__']: fc.constant({ polluted: true }),
  constructor: fc.constant('x'),
  'views+': fc.constantFrom(5, 'x', -2000000),
  'views-': fc.constantFrom(1, null),
  'labels+': fc.constantFrom('y', ['z', 'w']),
  '+labels': fc.constant('z'),
  'labels-': fc.constantFrom(['x'], 'q'),
  'tags+': fc.constantFrom(TAG_IDS[1], 'missing'),
  'files-': fc.constantFrom('abc.txt', ['x']),
}

const jsonObject = fc
  .uniqueArray(fc.constantFrom(...Object.keys(fieldValues)), { maxLength: 8 })
  .chain((keys) => fc.tuple(...keys.map((k) => fieldValues[k]!.map((v) => [k, v] as const))))
  .map((entries) => {
    const obj: Record<string, unknown> = {}
    for (const [k, v] of entries) {
      Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true })
    }
    return obj
  })

const malformedText = fc.constantFrom(
  '', '{', '{"title":', '[]', '"str"', '123', 'null', '{"title":"x"}garbage', '['.repeat(20000) + ']'.repeat(20000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), '\ufeff{"title":"bom"}', '{"title":"\\ud800"}',
  '{"title":"a","title":"b"}', '{"views":1e400}', '{"title":"\u0000"}', 'title=x&views=2', '\u00ff\u00fe',
)
const filePart = fc
  .tuple(
    fc.constantFrom('files', 'files+', 'title', 'nope'),
    fc.oneof(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }), fc.constant(Array.from({ length: 5000 }, (_, i) => i & 0xff))),
    fc.constantFrom('a.txt', '', '../../evil.sh', 'x'.repeat(300) + '.png', 'ünï ✓.txt', 'no-ext'),
    fc.constantFrom('text/plain', 'image/png', 'application/octet-stream', ''),
  )
  .map(([name, bytes, filename, type]): Part => ({ name, file: { bytes, filename, type } }))
const multipartBody = fc
  .tuple(
    jsonObject,
    fc.array(filePart, { maxLength: 3 }),
    fc.option(fc.oneof(jsonObject.map((o) => JSON.stringify(o)), malformedText), { nil: undefined }),
  )
  .map(([obj, files, payload]) => {
    const parts: Part[] = Object.entries(obj).map(([name, v]) => ({
      name,
      value: typeof v === 'string' ? v : JSON.stringify(v) ?? '',
    }))
    if (payload !== undefined) {
      parts.push({ name: '@jsonPayload', value: payload })
    }
    return [...parts, ...files]
  })

/** A body that passes validation and the create rule when `owner` is the requester. */
const validObject = (owner: string) =>
  fc
    .tuple(
      marker,
      fc.integer({ min: 0, max: 1000 }),
      fc.boolean(),
      fc.subarray(['x', 'y', 'z']),
      fc.subarray(TAG_IDS, { maxLength: 5 }),
      fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: jsonObject }),
    )
    .map(([m, views, active, labels, tags, extra]) => ({
      ...extra,
      title: `ok ${m} '"`,
      views,
      active,
      labels,
      tags,
      owner,
    }))

/** A create/update body and its content type. */
const bodyFor = (owner: string) => fc.oneof(
  {
    weight: 6,
    arbitrary: validObject(owner).map((o) => ({ contentType: 'application/json', body: { text: JSON.stringify(o) } })),
  },
  {
    weight: 2,
    arbitrary: validObject(owner).map((o) => ({
      contentType: undefined,
      body: {
        parts: Object.entries(o).map(([name, v]): Part => ({ name, value: typeof v === 'string' ? v : JSON.stringify(v) ?? '' })),
      },
    })),
  },
  { weight: 8, arbitrary: jsonObject.map((o) => ({ contentType: 'application/json', body: { text: JSON.stringify(o) } })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(malformedText, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data', ''))
      .map(([text, contentType]) => ({ contentType, body: { text } })),
  },
  { weight: 3, arbitrary: multipartBody.map((parts) => ({ contentType: undefined, body: { parts } })) },
)

/** The marker strings inside a body (title values carry them). */
function bodyMarkers(body: { text: string } | { parts: Part[] }): string[] {
  const text = 'text' in body ? body.text : body.parts.map((p) => ('value' in p ? p.value : '')).join(' ')
  return [...text.matchAll(/ZQ[a-z]{8}/g)].map((m) => m[0])
}

const ownerOf = (r: Role) => (r === 'alice' ? ALICE.id : r === 'bob' ? BOB.id : ALICE.id)

const mutationArb: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom<Kind>('create', 'update', 'update', 'delete'),
    fc.constantFrom<Role>('guest', 'alice', 'alice', 'bob', 'bob', 'superuser'),
    recordId,
  )
  // note: deletes only reach the last seeded posts, so that updates keep finding rows to change
  .map(([kind, r, id]) => [kind, r, kind === 'delete' && /^post0+([1-9]|1[0-6])$/.test(id) ? `${id}x` : id] as const)
  .chain(([kind, r, id]) => bodyFor(ownerOf(r)).map((b) => [kind, r, id, b] as const))
  .map(([kind, r, id, b]): FuzzRequest => {
    const base = { kind, role: r, markers: [] as string[] }
    if (kind === 'delete') {
      return { ...base, method: 'DELETE', path: `/api/collections/posts/records/${id}`, targetId: id }
    }
    return {
      ...base,
      method: kind === 'create' ? 'POST' : 'PATCH',
      path: kind === 'create' ? '/api/collections/posts/records' : `/api/collections/posts/records/${id}`,
      body: b.body,
      markers: bodyMarkers(b.body),
      ...(b.contentType !== undefined ? { contentType: b.contentType } : {}),
      ...(kind === 'update' ? { targetId: id } : {}),
    }
  })

const viewArb: fc.Arbitrary<FuzzRequest> = fc
  .tuple(role, recordId, fc.option(fc.constantFrom('expand=owner', 'fields=id', 'expand=tags,comments_via_post'), { nil: undefined }))
  .map(([r, id, q]) => ({
    kind: 'view',
    role: r,
    method: 'GET',
    path: `/api/collections/posts/records/${id}${q ? `?${q}` : ''}`,
    markers: [],
  }))

/** Mostly list requests (the filter fuzz), then mutations and views. */
export const requestArb: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 14, arbitrary: listArb },
  { weight: 5, arbitrary: mutationArb },
  { weight: 2, arbitrary: viewArb },
)

/** The `fetch` body and headers of a request. */
export function encodeBody(req: FuzzRequest): { body?: string | FormData; headers: Record<string, string> } {
  const headers: Record<string, string> = {}
  if (req.contentType !== undefined && req.contentType !== '') {
    headers['content-type'] = req.contentType
  }
  if (req.body === undefined) {
    return { headers }
  }
  if ('text' in req.body) {
    return { body: req.body.text, headers }
  }
  const form = new FormData()
  for (const p of req.body.parts) {
    if ('value' in p) {
      form.append(p.name, p.value)
    } else {
      form.append(p.name, new Blob([Uint8Array.from(p.file.bytes)], { type: p.file.type }), p.file.filename)
    }
  }
  return { body: form, headers }
}
