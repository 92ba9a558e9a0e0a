/**
 * @module What the API preview shows for a collection: each endpoint PocketBase's API gives it (the
 * records CRUD, realtime, and the auth endpoints of auth collections), with who may call it, an
 * SDK example, the body fields and an example response built from the collection's fields.
 */
import type { CollectionField, CollectionModel } from 'pocketbase'
import { isMulti } from './field-types.js'

/** One documented parameter (query or body). */
export interface ApiParam {
  name: string
  type: string
  required: boolean
  description: string
}

/** One endpoint of the collection. */
export interface ApiAction {
  id: string
  label: string
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  /** the API rule that guards it: `null` superusers only, `''` anyone, a filter otherwise; `undefined` see `note` */
  rule: string | null | undefined
  /** who may call it, when no single rule says */
  note?: string
  /** JS SDK example */
  sdk: string
  query: ApiParam[]
  body: ApiParam[]
  /** example success response (undefined: 204 No Content) */
  response: unknown
  status: number
}

const LIST_QUERY: ApiParam[] = [
  { name: 'page', type: 'Number', required: false, description: 'The page (aka. offset) of the paginated list (default to 1).' },
  { name: 'perPage', type: 'Number', required: false, description: 'The max returned records per page (default to 30).' },
  { name: 'sort', type: 'String', required: false, description: 'Sort order, e.g. -created,title (- for DESC). Also @random and @rowid.' },
  { name: 'filter', type: 'String', required: false, description: "Filter expression, e.g. (title ~ 'abc' && created > '2022-01-01')." },
  { name: 'skipTotal', type: 'Boolean', required: false, description: 'Skip the total counts query (totalItems and totalPages are -1).' },
]

const READ_QUERY: ApiParam[] = [
  { name: 'expand', type: 'String', required: false, description: 'Relations to expand, e.g. owner,tags.author (up to 6 levels).' },
  { name: 'fields', type: 'String', required: false, description: 'Comma separated fields to return, e.g. *,expand.owner.name, with the :excerpt(max, withEllipsis?) modifier.' },
]

/** An example value of a field, as the API returns it. */
export function exampleValue(f: CollectionField): unknown {
  const multi = isMulti(f)
  switch (f.type) {
    case 'number':
      return 123
    case 'bool':
      return true
    case 'email':
      return 'test@example.com'
    case 'url':
      return 'https://example.com'
    case 'date':
    case 'autodate':
      return '2022-01-01 10:00:00.123Z'
    case 'select': {
      const v = (f as { values?: string[] }).values?.[0] ?? 'option'
      return multi ? [v] : v
    }
    case 'relation':
      return multi ? ['RELATION_RECORD_ID'] : 'RELATION_RECORD_ID'
    case 'file':
      return multi ? ['filename.jpg'] : 'filename.jpg'
    case 'json':
      return 'JSON'
    case 'geoPoint':
      return { lon: 0, lat: 0 }
    case 'editor':
      return '<p>test</p>'
    default:
      return f.name === 'id' ? 'RECORD_ID' : 'test'
  }
}

function bodyType(f: CollectionField): string {
  const multi = isMulti(f)
  switch (f.type) {
    case 'number':
      return 'Number'
    case 'bool':
      return 'Boolean'
    case 'json':
      return 'JSON'
    case 'geoPoint':
      return '{lon, lat}'
    case 'file':
      return multi ? 'Array<File>' : 'File'
    case 'relation':
      return multi ? 'Array<String>' : 'String'
    case 'select':
      return multi ? 'Array<String>' : 'String'
    default:
      return 'String'
  }
}

/** An example record of the collection (hidden fields and passwords are never returned). */
export function exampleRecord(c: CollectionModel): Record<string, unknown> {
  const rec: Record<string, unknown> = { collectionId: c.id, collectionName: c.name }
  for (const f of c.fields) {
    if (f.hidden || f.type === 'password') {
      continue
    }
    rec[f.name] = exampleValue(f)
  }
  return rec
}

function bodyParams(c: CollectionModel, create: boolean): ApiParam[] {
  const out: ApiParam[] = []
  for (const f of c.fields) {
    if (f.type === 'autodate' || (f.name === 'id' && !create)) {
      continue
    }
    if (c.type === 'auth' && f.name === 'tokenKey') {
      continue
    }
    const required = create && !!f.required && !(f.name === 'id')
    const desc =
      f.name === 'id'
        ? 'Optional: 15 characters; generated when empty.'
        : f.type === 'password'
          ? 'The auth record password (also send passwordConfirm).'
          : f.type === 'file'
            ? 'Upload with multipart/form-data; `name+` appends, `name-` removes files.'
            : f.type === 'number'
              ? '`name+`/`name-` add to or subtract from the current value.'
              : ''
    out.push({ name: f.name, type: bodyType(f), required, description: desc })
    if (c.type === 'auth' && f.type === 'password') {
      out.push({ name: 'passwordConfirm', type: 'String', required, description: 'The password again.' })
    }
  }
  return out
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/** The endpoints to document for `c`, in the dashboard's tab order. */
export function apiActions(c: CollectionModel): ApiAction[] {
  const base = `/api/collections/${encodeURIComponent(c.name)}`
  const col = `pb.collection(${quote(c.name)})`
  const rec = exampleRecord(c)
  const rules = c as CollectionModel & Record<string, string | null>
  const out: ApiAction[] = [
    {
      id: 'list',
      label: 'List/Search',
      method: 'GET',
      path: `${base}/records`,
      rule: rules.listRule,
      sdk: `// fetch a paginated records list
const resultList = await ${col}.getList(1, 50, {
  filter: 'created >= "2022-01-01 00:00:00"',
})

// or all the records at once, in batches of 500
const records = await ${col}.getFullList({ sort: '-created' })

// or only the first record matching the filter
const record = await ${col}.getFirstListItem('someField="test"')`,
      query: [...LIST_QUERY, ...READ_QUERY],
      body: [],
      response: { page: 1, perPage: 30, totalPages: 1, totalItems: 2, items: [rec, rec] },
      status: 200,
    },
    {
      id: 'view',
      label: 'View',
      method: 'GET',
      path: `${base}/records/:id`,
      rule: rules.viewRule,
      sdk: `const record = await ${col}.getOne('RECORD_ID', { expand: '' })`,
      query: READ_QUERY,
      body: [],
      response: rec,
      status: 200,
    },
  ]
  if (c.type !== 'view') {
    const example = Object.fromEntries(
      bodyParams(c, true)
        .filter((p) => p.name !== 'id' && !p.type.includes('File'))
        .map((p) => {
          const f = c.fields.find((x) => x.name === p.name)
          const v = p.name === 'password' || p.name === 'passwordConfirm' ? '12345678' : f ? exampleValue(f) : 'test'
          return [p.name, v]
        }),
    )
    const data = JSON.stringify(example, null, 2).replace(/\n/g, '\n')
    out.push(
      {
        id: 'create',
        label: 'Create',
        method: 'POST',
        path: `${base}/records`,
        rule: rules.createRule,
        sdk: `const data = ${data}\n\nconst record = await ${col}.create(data)`,
        query: READ_QUERY,
        body: bodyParams(c, true),
        response: rec,
        status: 200,
      },
      {
        id: 'update',
        label: 'Update',
        method: 'PATCH',
        path: `${base}/records/:id`,
        rule: rules.updateRule,
        sdk: `const data = ${data}\n\nconst record = await ${col}.update('RECORD_ID', data)`,
        query: READ_QUERY,
        body: bodyParams(c, false),
        response: rec,
        status: 200,
      },
      {
        id: 'delete',
        label: 'Delete',
        method: 'DELETE',
        path: `${base}/records/:id`,
        rule: rules.deleteRule,
        sdk: `await ${col}.delete('RECORD_ID')`,
        query: [],
        body: [],
        response: undefined,
        status: 204,
      },
    )
  }
  out.push({
    id: 'realtime',
    label: 'Realtime',
    method: 'GET',
    path: '/api/realtime',
    rule: undefined,
    note: "Server-sent events. Each event goes to the subscribers the collection's list rule (for '*') or view rule (for one record id) lets see the record.",
    sdk: `// every change of any record (the list/search rule decides who gets which)
${col}.subscribe('*', (e) => {
  console.log(e.action, e.record)
}, { /* other options like: filter, expand, custom headers, etc. */ })

// only the changes of one record (its view rule decides)
${col}.subscribe('RECORD_ID', (e) => {
  console.log(e.action, e.record)
})

// stop listening
${col}.unsubscribe()`,
    query: [],
    body: [],
    response: { action: 'create', record: rec },
    status: 200,
  })
  if (c.type === 'auth') {
    const auth = { token: 'JWT_TOKEN', record: rec }
    out.push(
      {
        id: 'auth-with-password',
        label: 'Auth with password',
        method: 'POST',
        path: `${base}/auth-with-password`,
        rule: rules.authRule,
        sdk: `const authData = await ${col}.authWithPassword('test@example.com', '12345678')

// after the above you can also access the auth data from the authStore
console.log(pb.authStore.isValid, pb.authStore.token, pb.authStore.record.id)

// "logout" the last authenticated record
pb.authStore.clear()`,
        query: READ_QUERY,
        body: [
          { name: 'identity', type: 'String', required: true, description: 'The auth record email (or another identity field).' },
          { name: 'password', type: 'String', required: true, description: 'The auth record password.' },
        ],
        response: auth,
        status: 200,
      },
      {
        id: 'auth-refresh',
        label: 'Auth refresh',
        method: 'POST',
        path: `${base}/auth-refresh`,
        rule: undefined,
        note: 'Needs a valid auth token of this collection (the Authorization header); answers a new one.',
        sdk: `// needs a valid auth token in pb.authStore
const authData = await ${col}.authRefresh()`,
        query: READ_QUERY,
        body: [],
        response: auth,
        status: 200,
      },
      {
        id: 'auth-methods',
        label: 'List auth methods',
        method: 'GET',
        path: `${base}/auth-methods`,
        rule: '',
        sdk: `const result = await ${col}.listAuthMethods()`,
        query: [],
        body: [],
        response: {
          password: { enabled: true, identityFields: ['email'] },
          oauth2: { enabled: false, providers: [] },
          mfa: { enabled: false, duration: 0 },
          otp: { enabled: false, duration: 0 },
        },
        status: 200,
      },
      {
        id: 'verification',
        label: 'Verification',
        method: 'POST',
        path: `${base}/request-verification`,
        rule: '',
        sdk: `await ${col}.requestVerification('test@example.com')

// ---
// (optional) in your custom confirmation page:
// ---
await ${col}.confirmVerification('VERIFICATION_TOKEN')`,
        query: [],
        body: [{ name: 'email', type: 'String', required: true, description: 'The auth record email address to send the verification request (if it exists).' }],
        response: undefined,
        status: 204,
      },
      {
        id: 'password-reset',
        label: 'Password reset',
        method: 'POST',
        path: `${base}/request-password-reset`,
        rule: '',
        sdk: `await ${col}.requestPasswordReset('test@example.com')

// ---
// (optional) in your custom confirmation page:
// ---
await ${col}.confirmPasswordReset('RESET_TOKEN', 'NEW_PASSWORD', 'NEW_PASSWORD_CONFIRM')`,
        query: [],
        body: [{ name: 'email', type: 'String', required: true, description: 'The auth record email address to send the password reset request (if it exists).' }],
        response: undefined,
        status: 204,
      },
    )
  }
  return out
}
